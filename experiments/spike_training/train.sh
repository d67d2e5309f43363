#!/usr/bin/env bash
# rule.md's arm K: bash experiments/spike_training/train.sh (resumes; W0's command with spikes in both strings);
# rule2.md's second seed: bash experiments/spike_training/train.sh K2; rule_long.md's pair: L1 and L2 (25 epochs)
set -euo pipefail
ARM=${1:-K}
EPOCHS=15
case "$ARM" in K) SEED=501;; K2) SEED=502;; L1) SEED=701; EPOCHS=25;; L2) SEED=702; EPOCHS=25;; *) exit 2;; esac
. "$(dirname "$0")/../strong_edges/strings.sh"
SPIKES='"spike_probability":0.3,"spike_count":[1,5],"spike_amplitude":[0.05,20.0]'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$SPIKES"'}'
ALT="${ALT%\}},$SPIKES}"
eels-edgeid train --on-the-fly --init-from model_weights --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/spike_$ARM --epochs $EPOCHS --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
