#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20 with its convolutions widened to 24, 48, 72, 96 channels
# (widen_convs.py), one CPU thread each, side by side; C0's and C0b's command (../confusable_pairs/train.sh) with
# --conv-channels 24,48,72,96:
#   bash experiments/conv_width/train.sh CW1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/conv_width/train.sh CW2   # seed 602 (control: ../confusable_pairs/weights/C0b)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-CW1}
case "$ARM" in CW1) SEED=601;; CW2) SEED=602;; *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
INIT=runs/conv15
[ -f $INIT/edge_recognizer.safetensors ] || python "$(dirname "$0")/widen_convs.py" model_weights $INIT 24,48,72,96
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --conv-channels 24,48,72,96 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/cw_$ARM --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
