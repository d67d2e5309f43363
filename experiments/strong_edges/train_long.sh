#!/usr/bin/env bash
# The arms of rule_long.md: bash experiments/strong_edges/train_long.sh A2|B2
set -euo pipefail
. "$(dirname "$0")/strings.sh"
case "$1" in B2) SYN="$SYN"',"strong_edge_probability":0.2}'; START=B;; A2) SYN="$SYN}"; START=A;; *) exit 2;; esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from experiments/strong_edges/weights/$START --grid-segments $GRID --edge-head \
  --edge-loss-weight 0.2 --out runs/sl_$1 --epochs 12 --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 \
  --lr-schedule cosine --seed 181 --num-threads 1 --max-minutes 150 --no-progressbar --synthesis "$SYN" \
  --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3}'
