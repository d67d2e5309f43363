#!/usr/bin/env bash
# rule.md's arm B: W0's command (../gpu_capacity/train_cpu.sh W0) with broad white lines on a fifth of the
# white-line elements in both synthesis strings; rule 3's second seed: train.sh B2; rule 4's arms: train.sh L
# (36 epochs, lines up to 14 eV wide, seed 503) and train.sh H (broad lines on a tenth, seed 504); rule 7: H2
# (H's with seed 505).
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-B}
EPOCHS=15; PROB=0.2; FWHM=""
case "$ARM" in B) SEED=501;; B2) SEED=502;; L) SEED=503; EPOCHS=36; FWHM=',"broad_white_line_fwhm":[2.5,14.0]';; H) SEED=504; PROB=0.1;; H2) SEED=505; PROB=0.1;; *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
# every arm starts from stage 19 (bundled until stage 20 replaced it): its files from git
INIT=runs/stage19
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 7f42060:model_weights/$f > $INIT/$f; done
fi
BROAD='"broad_white_line_probability":'$PROB$FWHM
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/bw_$ARM --epochs $EPOCHS --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
