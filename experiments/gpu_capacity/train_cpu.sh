#!/usr/bin/env bash
# rule_cpu.md's arms on the CPU: bash experiments/gpu_capacity/train_cpu.sh W0|W1 (two side by side; resumes)
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0}'
case "$1" in
  W0) INIT=model_weights; HIDDEN=100;;
  W1) INIT=runs/wide128; HIDDEN=128
      [ -d runs/wide128 ] || python "$(dirname "$0")/widen_model.py" model_weights runs/wide128 128;;
  *) exit 2;;
esac
eels-edgeid train --on-the-fly --init-from $INIT --hidden $HIDDEN --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/wc_$1 --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed 501 --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}'
