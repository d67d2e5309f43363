#!/usr/bin/env bash
# Score one model directory for rule.md: calibrate, evaluate (10,000), realistic 3,000, narrow windows.
# usage: bash experiments/window_zone/score.sh MODEL_DIR OUT_DIR
set -euo pipefail
model=$1; out=$2; mkdir -p "$out"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
eels-edgeid calibrate --weights "$model" --device cpu --thresholds both --calibration-seed 20261202 --calibration-n 3000 > "$out/calibrate.txt" 2>&1
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --skip sensitivity,confusions --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
python - "$model" "$out" <<'PY'
import json, sys, warnings
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence
rec = load_recognizer(sys.argv[1], device="cpu")
ev, truths, weak = synthetic_evidence(rec, 3000, 20261206, config=SynthesisConfig.realistic())
p = rec.decide(ev)
pred = [set(x) for x in p.detected(rec.thresholds)]
m = set_metrics(truths, pred, weak)
json.dump(m, open(sys.argv[2] + "/realistic.json", "w"), indent=1, default=float)
print({k: round(v, 4) for k, v in m.items() if isinstance(v, float)})
PY
python scripts/measure_narrow_windows.py --model "$model" --seeds 20 --json "$out/narrow.json" > "$out/narrow.txt" 2>&1
