#!/usr/bin/env bash
# rule.md's scoring of one candidate: bash experiments/broad_white_lines/score.sh MODEL_DIR OUT_DIR
# (../exelfs/score.sh, then ../exelfs/score_rest.sh beside evaluate once calibrate has set the threshold,
# then probe.py)
set -euo pipefail
model=$1; out=$2; mkdir -p "$out"
bash experiments/exelfs/score.sh "$model" "$out" &
until [ -e "$out/evaluate.txt" ] || [ -f "$out/DONE" ]; do sleep 5; done  # calibrate done: the threshold is set
bash experiments/exelfs/score_rest.sh "$model" "$out"
wait
python experiments/broad_white_lines/probe.py --model "$model" 2>&1 | grep -v WARNING > "$out/probe_broad.txt"
