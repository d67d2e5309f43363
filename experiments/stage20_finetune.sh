#!/usr/bin/env bash
# The equal-budget fine-tune from stage 20 of the comparisons since 5 Dec 2026 (the control C0 of confusable_pairs/: 15 x
# 20,000 spectra of stage 20's data, Adam 1e-4 cosine, bfloat16, one CPU thread), with a run directory, a seed and more
# `eels-edgeid train` options (a later option overrides an earlier one); the arms' train.sh call it:
#   bash experiments/stage20_finetune.sh runs/lr_LR1 601 --lr 3e-4
#   EXTRA_SYN='"l23_branching":"3d"' bash experiments/stage20_finetune.sh runs/x 601   # more synthesis settings
#   INIT=runs/stage19 bash experiments/stage20_finetune.sh runs/x 721   # another start (its files must be there)
#   TRAIN="python experiments/thick_confusers/train.py" bash experiments/stage20_finetune.sh runs/x 601   # another trainer
# runs/stage20 is stage 20's JSON as of 9a9e647: its weights are the bundled ones, its decoder settings those from before
# the window-end changes of 5 Dec 2026, and a run started from it keeps them; score such runs with the bundled decoder
# (copy model_weights/edge_recognizer.json's "decoder" into their JSON) when comparing with the bundled model.
set -euo pipefail
OUT=$1; SEED=$2; shift 2
. "$(dirname "$0")/strong_edges/strings.sh"
INIT=${INIT:-runs/stage20}
if [ "$INIT" = runs/stage20 ] && [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 9a9e647:model_weights/$f > $INIT/$f; done
fi
BROAD='"broad_white_line_probability":0.1'
EXTRA=${EXTRA_SYN:+,$EXTRA_SYN}  # EXTRA_SYN='"key":value,...': more synthesis settings in both strings
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD$EXTRA"'}'
ALT="${ALT%\}},$BROAD$EXTRA}"
${TRAIN:-eels-edgeid train} --on-the-fly --init-from $INIT --hidden 100 \
  --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 --edge-head --edge-loss-weight 0.2 --out "$OUT" \
  --epochs 15 --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 --lr-schedule cosine --seed "$SEED" \
  --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar --synthesis "$SYN" \
  --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' "$@"
