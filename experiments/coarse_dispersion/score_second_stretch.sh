#!/usr/bin/env bash
# rule_second_stretch.md's scores of CSc (its JSON: the bundled decoder; 0.35 set here), one thread:
#   bash experiments/coarse_dispersion/score_second_stretch.sh   -> out/CSc/
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/coarse_dispersion/out/CSc; mkdir -p "$out"
model=runs/cd_CSc_035
mkdir -p $model && cp runs/cd_CSc/edge_recognizer.safetensors $model/ && python - "$model" <<'PY'
import json, sys
main = json.load(open("model_weights/edge_recognizer.json"))
meta = json.load(open("runs/cd_CSc/edge_recognizer.json"))
meta["decoder"], meta["thresholds"] = main["decoder"], [0.35] * len(meta["thresholds"])
json.dump(meta, open(sys.argv[1] + "/edge_recognizer.json", "w"), indent=1)
PY
m=experiments/coarse_dispersion/measure.py
python $m --model $model --dispersions 4 6 8 12 --seed 20261207 > "$out/coarse.txt" 2>&1
python $m --model $model --dispersions 6 8 12 --seed 20261208 --edge-free > "$out/edge_free.txt" 2>&1
python scripts/measure_narrow_windows.py --model $model --seeds 20 2>&1 | grep -v -i warning > "$out/narrow.txt"
# the card's other rows (not the rule's)
python $m --model $model --channels 500 1000 --seed 20261209 --n 500 --dispersions 4.5 6 8 > "$out/wide.txt" 2>&1
python $m --model $model --realistic --seed 20261210 --dispersions 4 6 8 12 > "$out/realistic.txt" 2>&1
echo done > "$out/DONE"
