#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20 (its files copied to runs/stage20 first), one CPU thread each:
#   bash experiments/m23_white_lines/train.sh W1   # stage 20's recipe (../confusable_pairs/train.sh C0) with
#   bash experiments/m23_white_lines/train.sh W2   # m23_white_lines on in both synthesis strings; seeds 611, 612
#   bash experiments/m23_white_lines/train.sh Y1|Y2   # rule3.md: the same for 25 x 20,000, seeds 631, 632
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-W1}
EPOCHS=15
case "$ARM" in W1) SEED=611;; W2) SEED=612;; Y1) SEED=631; EPOCHS=25;; Y2) SEED=632; EPOCHS=25;; *) exit 2;; esac
WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3}'
. "$(dirname "$0")/../strong_edges/strings.sh"
INIT=runs/stage20
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 9a9e647:model_weights/$f > $INIT/$f; done
fi
BROAD='"broad_white_line_probability":0.1,"m23_white_lines":true'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/m23_$ARM --epochs $EPOCHS --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights "$WEIGHTS"
