#!/usr/bin/env bash
# The arms of rule_long.md: bash experiments/strong_edges/train_long.sh A2|B2
set -euo pipefail
SYN='{"background_exponent_mean":2.8,"background_exponent_min":1.5,"background_exponent_std":0.6,"below_window_probability":0.2,"counts":[1000.0,300000.0],"dark_offset":[-0.1,0.1],"dispersion":[0.05,4.0],"elnes_families":true,"extra_element_probability":{"C":0.25,"O":0.35},"jump_ratio_min":0.05,"n_channels":[600,4096],"n_elements_probabilities":[0.1,0.25,0.25,0.2,0.1,0.06,0.04],"readout_noise":[0.0,5.0],"start_step_probability":0.1,"window_start":[50.0,3000.0]'
ALT='{"background_exponent_mean":1.88,"background_exponent_min":0.1,"background_exponent_std":0.5,"below_window_probability":0.0,"counts":[1000.0,10000000.0],"dispersion":[0.05,2.0],"extra_element_probability":{},"jump_ratio_min":0.1,"n_channels":[1024,4096],"n_elements_probabilities":[0.0,0.2,0.2,0.2,0.15,0.15,0.1],"readout_noise":[0.0,0.0]}'
case "$1" in B2) SYN="$SYN"',"strong_edge_probability":0.2}'; START=B;; A2) SYN="$SYN}"; START=A;; *) exit 2;; esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from experiments/strong_edges/weights/$START --grid-segments $GRID --edge-head \
  --edge-loss-weight 0.2 --out runs/sl_$1 --epochs 12 --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 \
  --lr-schedule cosine --seed 181 --num-threads 1 --max-minutes 150 --no-progressbar --synthesis "$SYN" \
  --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3}'
