#!/usr/bin/env bash
# Training throughput and losses in float32 and bfloat16 (mixed precision), side by side, one thread each:
#   bash experiments/bf16/train_pair.sh   (outputs runs/bf_float32, runs/bf_bfloat16 and train_*.log here)
# From stage 19 (model_weights/), stage 18's data (as experiments/gpu_pair/train_pair.sh), seed 601, 3 epochs of 3,000
# spectra, validation 500 (the same spectra for both runs), Adam 1e-4 constant.
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0}'
for p in float32 bfloat16; do
  rm -rf runs/bf_$p
  eels-edgeid train --on-the-fly --init-from model_weights --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
    --edge-head --edge-loss-weight 0.2 --out runs/bf_$p --epochs 3 --samples-per-epoch 3000 --n-validation 500 \
    --lr 1e-4 --seed 601 --num-threads 1 --no-progressbar --precision $p \
    --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' \
    > "$(dirname "$0")/train_$p.log" 2>&1 &
done
wait
