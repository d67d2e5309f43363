#!/usr/bin/env bash
# rule.md's rule 5: one model on sets no rule has used: bash experiments/broad_white_lines/fresh.sh MODEL_DIR OUT_DIR
# (the model's own threshold; run for H and for stage 19, `model_weights`)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --seed 20261204 --skip sensitivity,confusions \
  --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
python - "$model" "$out" <<'PY' > "$out/realistic.txt" 2>&1
import json, sys, warnings
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence
rec = load_recognizer(sys.argv[1], device="cpu")
ev, truths, weak = synthetic_evidence(rec, 3000, 20261208, config=SynthesisConfig.realistic())
pred = [set(x) for x in rec.decide(ev).detected(rec.thresholds)]
m = set_metrics(truths, pred, weak)
json.dump(m, open(sys.argv[2] + "/realistic.json", "w"), indent=1, default=float)
print({k: round(v, 4) for k, v in m.items() if isinstance(v, float)})
PY
python experiments/broad_white_lines/probe.py --model "$model" --first-seed 100 2>&1 | grep -v WARNING > "$out/probe_broad.txt"
python experiments/spectrum_images/measure.py --model "$model" --seeds 8000 8040 > "$out/maps.txt" 2>&1
python scripts/measure_narrow_windows.py --model "$model" --seeds 24 --json "$out/narrow.json" > "$out/narrow.txt" 2>&1
echo done > "$out/DONE"
