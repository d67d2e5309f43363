#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20, one CPU thread each, side by side: the controls' command
# (../weak_labels/train.sh WL1 / WL2) with online hard-example mining: 128 spectra drawn per step, the 64 with the
# largest element-head loss trained on; 9 epochs of 40,000 drawn (180,000 trained) instead of 15 x 20,000, the same
# time at the measured 122 against 197 trained spectra/s:
#   bash experiments/hard_examples/train.sh HE1   # seed 601 (control: ../weak_labels/weights/WL1)
#   bash experiments/hard_examples/train.sh HE2   # seed 602 (control: ../weak_labels/weights/WL2)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-HE1}
case "$ARM" in HE1) SEED=601;; HE2) SEED=602;; *) exit 2;; esac
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
  --edge-head --edge-loss-weight 0.2 --out runs/he_$ARM --epochs 9 --samples-per-epoch 40000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' \
  --weak-label-psnr 3 --hard-example-fraction 0.5
