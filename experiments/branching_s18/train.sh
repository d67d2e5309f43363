#!/usr/bin/env bash
# The arms of rule.md: bash experiments/branching_s18/train.sh Y1|Y2 (side by side, one thread each; the same
# command resumes). ../exelfs/train.sh's X0 (stage 18's data and command) with "m45_branching": "4f" in both
# synthesis strings; Y1 seed 331 (X0's), Y2 seed 332.
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
PDATA=',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0'
SYN="$SYN$PDATA"',"m45_branching":"4f"}'
ALT="${ALT%\}}"',"m45_branching":"4f"}'
case "$1" in Y1) SEED=331;; Y2) SEED=332;; *) exit 2;; esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from model_weights --grid-segments $GRID \
  --edge-head --edge-loss-weight 0.2 --out runs/br_$1 --epochs 6 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 5e-5 --lr-schedule cosine --seed $SEED --num-threads 1 --max-minutes 90 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
