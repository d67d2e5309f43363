#!/usr/bin/env bash
# Score one arm of rule.md: bash experiments/exelfs/score.sh runs/ex_X0 experiments/exelfs/out/X0
# (calibrate sets the arm's threshold in its JSON first; two arms side by side, one thread each)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
eels-edgeid calibrate --weights "$model" --device cpu --thresholds both --calibration-seed 20261202 --calibration-n 3000 > "$out/calibrate.txt" 2>&1
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --skip sensitivity,confusions --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
python experiments/exelfs/probe.py --model "$model" --n 2000 --seed 31 > "$out/exelfs_probe.txt" 2>&1
echo done > "$out/DONE"
