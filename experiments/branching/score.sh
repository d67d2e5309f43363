#!/usr/bin/env bash
# Score one model directory for the branching comparison (rule.md): calibrate, evaluate,
# near-coincident protocol with both ratio models, narrow windows with the physical ratios.
# usage: bash experiments/branching/score.sh runs/brA out/A [threads]
set -euo pipefail
model=$1; out=$2; mkdir -p "$out"
export OMP_NUM_THREADS=${3:-1} MKL_NUM_THREADS=${3:-1}
eels-edgeid calibrate --weights "$model" --device cpu --thresholds both --calibration-seed 20261202 --calibration-n 3000 > "$out/calibrate.txt" 2>&1
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --skip sensitivity --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
python - "$model" "$out" <<'PY'
import json, sys
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_confusions
rec = load_recognizer(sys.argv[1], device="cpu")
res = {mode: evaluate_confusions(rec, 100, 7, config=SynthesisConfig(m45_branching=mode)) for mode in ("4f", "random")}
json.dump(res, open(sys.argv[2] + "/confusions.json", "w"), indent=1)
for mode, r in res.items():
    print(mode, {e: (v["recall"], v["reported_as"]) for e, v in r.items() if e in ("Co", "Ba", "Ni", "La", "Cu", "Pr")})
PY
python scripts/measure_narrow_windows.py --model "$model" --seeds 20 --m45-branching 4f --json "$out/narrow.json" > "$out/narrow.txt" 2>&1
