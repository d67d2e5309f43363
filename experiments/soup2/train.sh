#!/usr/bin/env bash
# The arms of rule.md: bash experiments/soup2/train.sh P|Q (run both side by side; the same command resumes)
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
SYN="$SYN"',"strong_edge_probability":0.1}'
case "$1" in P) SEED=201;; Q) SEED=202;; *) exit 2;; esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from model_weights --grid-segments $GRID --edge-head --edge-loss-weight 0.2 \
  --out runs/s2_$1 --epochs 12 --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 --lr-schedule cosine \
  --seed $SEED --num-threads 1 --max-minutes 70 --no-progressbar --synthesis "$SYN" --synthesis-alternate "$ALT" \
  --element-weights '{"C": 3, "O": 3, "N": 3}'
