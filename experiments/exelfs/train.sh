#!/usr/bin/env bash
# The arms of rule.md: bash experiments/exelfs/train.sh X0|X1 (two side by side, one thread each; the same
# command resumes). Stage 18's data (experiments/k_edge_elnes/train.sh, arms Q/Q2); X1 adds EXELFS to half
# the edges of the --synthesis half of the batches.
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
PDATA=',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0'
case "$1" in
  X0) SYN="$SYN$PDATA}";;
  X1) SYN="$SYN$PDATA"',"exelfs_probability":0.5}';;
  *) exit 2;;
esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from model_weights --grid-segments $GRID \
  --edge-head --edge-loss-weight 0.2 --out runs/ex_$1 --epochs 6 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 5e-5 --lr-schedule cosine --seed 331 --num-threads 1 --max-minutes 90 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
