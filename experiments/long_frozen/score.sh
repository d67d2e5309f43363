#!/usr/bin/env bash
# Score one arm of rule.md: bash experiments/long_frozen/score.sh runs/long_frozen experiments/long_frozen/out/LF
# calibrate (both) sets the arm's threshold in its JSON; then two lanes, one thread each:
#   evaluate (10,000 default spectra, seed 20260101, with edge-free, near-coincident and Table 4; the dev spectra)
#   realistic() 3,000 (seed 20261206, with the shift search), narrow windows + map twins, maps of seeds 5000-5079
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
eels-edgeid calibrate --weights "$model" --device cpu --thresholds both --calibration-seed 20261202 --calibration-n 3000 > "$out/calibrate.txt" 2>&1
( eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --no-progressbar --json "$out/evaluate.json" 2>&1 | grep -v -i warning > "$out/evaluate.txt" ) &
( python - "$model" > "$out/realistic.txt" 2>&1 <<'PY'
import sys, warnings
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic
rec = load_recognizer(sys.argv[1], device="cpu")
r = evaluate_synthetic(rec, 3000, 20261206, config=SynthesisConfig.realistic(), show_progressbar=False, shift_search=True)
print("seed 20261206, shift_search=True:", {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)})
PY
  python scripts/measure_narrow_windows.py --model "$model" --seeds 20 --json "$out/narrow.json" 2>&1 | grep -v -i warning > "$out/narrow.txt"
  python experiments/spectrum_images/measure.py --model "$model" --seeds 5000 5080 2>&1 | grep -v -i warning > "$out/maps_5000.txt" ) &
wait
echo done > "$out/DONE"
