#!/usr/bin/env bash
# rule.md's arms: ../confusable_pairs/train.sh C0 / C0b's command (stage 20 + 15 x 20,000 of its data, seeds 601 / 602)
# at three times the learning rate (Adam 3e-4 cosine instead of 1e-4), one CPU thread each, side by side:
#   bash experiments/learning_rate/train.sh LR1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/learning_rate/train.sh LR2   # seed 602 (control: ../confusable_pairs/weights/C0b)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-LR1}
case "$ARM" in LR1) SEED=601;; LR2) SEED=602;; *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
INIT=runs/stage20
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 9a9e647:model_weights/$f > $INIT/$f; done
fi
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/lr_$ARM --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 3e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
