#!/usr/bin/env bash
# An equal-budget pair from the bundled stage 20 with stage 20's recipe (../broad_white_lines/train.sh H: broad white
# lines on a tenth, Adam 1e-4 cosine, bfloat16, one thread), 15 x 20,000 spectra, seed 701 for both arms:
#   C  the recipe as it is (BatchNorm on the batch's statistics, every step run)
#   F  the same with --freeze-batchnorm (the start's statistics kept, batches dealt by window, only measured steps)
#   C2, F2 the same with seed 702 (a second pair, with each spectrum's own steps in F2)
# Resumes from its checkpoint. Run from the repository root with the venv active.
set -euo pipefail
ARM=${1:-C}
SEED=701
case "$ARM" in C) EXTRA="";; F) EXTRA="--freeze-batchnorm";; C2) EXTRA=""; SEED=702;; F2) EXTRA="--freeze-batchnorm"; SEED=702;;
  *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from model_weights --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/fb_$ARM --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' $EXTRA
