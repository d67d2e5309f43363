#!/usr/bin/env bash
# rule.md's scoring of the candidate: bash experiments/m23_white_lines/score.sh
# RW = the float64 mean of W1 and W2; then ../delayed_start/score.sh (calibrate, evaluate 10,000, realistic 3,000,
# narrow windows, probes, the 80 maps of seeds 5000-5079) and this folder's probe, at the threshold calibrate set.
set -euo pipefail
out=experiments/m23_white_lines/out/RW
python scripts/average_weights.py --out runs/m23_RW runs/m23_W1 runs/m23_W2
bash experiments/delayed_start/score.sh runs/m23_RW "$out"
OMP_NUM_THREADS=1 python experiments/m23_white_lines/probe.py --model runs/m23_RW > "$out/probe_m23.txt" 2>&1
echo done > "$out/DONE_probe"
