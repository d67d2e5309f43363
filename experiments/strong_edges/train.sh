#!/usr/bin/env bash
# The arms of rule.md, rule_c.md and rule_d.md: bash experiments/strong_edges/train.sh A|B|C|D|E
set -euo pipefail
. "$(dirname "$0")/strings.sh"
case "$1" in D) SYN="$SYN"',"strong_edge_probability":0.1}';; E) SYN="$SYN"',"strong_edge_probability":0.1,"strong_edges_white_lines_only":true}';; B) SYN="$SYN"',"strong_edge_probability":0.2}';; C) SYN="$SYN"',"strong_edge_probability":0.2,"strong_edges_white_lines_only":true}';; *) SYN="$SYN}";; esac
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
eels-edgeid train --on-the-fly --init-from model_weights --grid-segments $GRID --edge-head --edge-loss-weight 0.2 \
  --out runs/se_$1 --epochs 6 --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 --lr-schedule cosine \
  --seed 161 --num-threads 1 --max-minutes 60 --no-progressbar --synthesis "$SYN" --synthesis-alternate "$ALT" \
  --element-weights '{"C": 3, "O": 3, "N": 3}'
