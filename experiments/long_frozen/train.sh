#!/usr/bin/env bash
# A long CPU fine-tune with --freeze-batchnorm from the bundled stage 20 (6 Dec 2026): stage 20's recipe
# (../broad_white_lines/train.sh H: broad white lines on a tenth, Adam 1e-4 cosine, bfloat16, one thread) as in
# ../frozen_batchnorm/train.sh F2, but 60 x 20,000 = 1,200,000 spectra (4 times F2's budget), seed 703.
#   bash experiments/long_frozen/train.sh      LF, the frozen-BatchNorm run
#   bash experiments/long_frozen/train.sh LC   its control at about equal wall time: BatchNorm on the batch (the
#                                              recipe as it is), 34 x 20,000 = 680,000 spectra, seed 703
# Resumes from its checkpoint: run the same command again. Run from the repository root with the venv active.
set -euo pipefail
ARM=${1:-LF}
case "$ARM" in LF) EPOCHS=60; EXTRA="--freeze-batchnorm"; OUT=runs/long_frozen;; LC) EPOCHS=34; EXTRA=""; OUT=runs/long_control;;
  *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from model_weights --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out $OUT --epochs $EPOCHS --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed 703 --num-threads 1 --precision bfloat16 --max-minutes 170 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' $EXTRA
