#!/usr/bin/env bash
# rule.md's scoring of the candidate (the bundled weights, JSON decoder with the delayed-edge margins):
# bash experiments/delayed_start/score.sh runs/ds_D experiments/delayed_start/out/D
# (../broad_white_lines/score.sh: calibrate, evaluate 10,000, realistic 3,000, narrow windows, probes; then the
# 80 maps of seeds 5000-5079)
set -euo pipefail
model=$1; out=$2; mkdir -p "$out"
bash experiments/broad_white_lines/score.sh "$model" "$out"
OMP_NUM_THREADS=1 python experiments/spectrum_images/measure.py --model "$model" --seeds 5000 5080 > "$out/maps_5000.txt" 2>&1
echo done > "$out/DONE_all"
