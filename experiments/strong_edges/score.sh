#!/usr/bin/env bash
# Score one arm for rule.md: items 2-5 (window_zone/score.sh) and item 1 (probe, seed 8, jump ratios 0.3-8).
# usage: bash experiments/strong_edges/score.sh MODEL_DIR OUT_DIR
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
bash experiments/window_zone/score.sh "$1" "$2"
python experiments/strong_edges/probe.py "$1" --seed 8 --jump-ratios 0.3 0.6 1 2 4 8 --json "$2/probe.json" > "$2/probe.txt" 2>&1
