#!/usr/bin/env bash
# Score one arm: bash experiments/frozen_batchnorm/score.sh runs/fb_C experiments/frozen_batchnorm/out/C
# calibrate (both: the 23 dev spectra and 3,000 synthetic, seed 20261202) sets the arm's threshold in its JSON and
# prints dev F1 in-sample and by leave-one-material-out; evaluate then scores 3,000 default synthetic spectra (seed
# 20260101, the first 3,000 of the model card's 10,000) with the shift search. One thread per arm.
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
eels-edgeid calibrate --weights "$model" --device cpu --thresholds both --calibration-seed 20261202 --calibration-n 3000 > "$out/calibrate.txt" 2>&1
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 3000 --skip sensitivity,confusions,edgefree --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
echo done > "$out/DONE"
