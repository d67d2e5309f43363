#!/usr/bin/env bash
# rule.md's scoring of one arm: bash experiments/confusable_pairs/score.sh runs/cp_P1 experiments/confusable_pairs/out/P1
# (../broad_white_lines/score.sh: calibrate, evaluate, score_rest, the broad-line probe; then the near-coincident
# table of `evaluate`, at the threshold calibrate set)
set -euo pipefail
model=$1; out=$2; mkdir -p "$out"
bash experiments/broad_white_lines/score.sh "$model" "$out"
OMP_NUM_THREADS=1 eels-edgeid evaluate --weights "$model" --device cpu --skip synthetic,sensitivity,real,edgefree \
  --no-progressbar --json "$out/confusions.json" > "$out/confusions.txt" 2>&1
echo done > "$out/DONE_all"
