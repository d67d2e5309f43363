#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20, one CPU thread each, side by side: the controls' command
# (../confusable_pairs/train.sh C0 / C0b) with t/λ drawn from 0-2 instead of 0-1 in the realistic batches
# (--synthesis; the alternate, paper-like batches keep 0-1):
#   bash experiments/thick_specimens/train.sh TK1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/thick_specimens/train.sh TK2   # seed 602 (control: ../confusable_pairs/weights/C0b)
#   bash experiments/thick_specimens/train.sh TM1|TM2   # rule2.md: t/λ 0-1.5 instead of 0-2, seeds 601 / 602
#   bash experiments/thick_specimens/train.sh TK1c|TK2c # rule3.md: TK1 / TK2 + 15 x 20,000 more, seeds 621 / 622
#   bash experiments/thick_specimens/train.sh TK1d|TK2d # rule4.md: TK1c / TK2c + 15 x 20,000 more, seeds 631 / 632
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-TK1}
TMAX=2.0
INIT=runs/stage20
case "$ARM" in TK1) SEED=601;; TK2) SEED=602;; TM1) SEED=601; TMAX=1.5;; TM2) SEED=602; TMAX=1.5;;
  TK1c) SEED=621; INIT=experiments/thick_specimens/weights/TK1;; TK2c) SEED=622; INIT=experiments/thick_specimens/weights/TK2;;
  TK1d) SEED=631; INIT=experiments/thick_specimens/weights/TK1c;; TK2d) SEED=632; INIT=experiments/thick_specimens/weights/TK2c;;
  *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 9a9e647:model_weights/$f > $INIT/$f; done
fi
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"',"thickness":[0.0,'$TMAX']}'
ALT="${ALT%\}},$BROAD"',"thickness":[0.0,1.0]}'
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/tk_$ARM --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
