#!/usr/bin/env bash
# rule.md's arms: stage 20's own recipe (stage 19 + 15 x 20,000 spectra, broad lines on a tenth, Adam 1e-4 cosine,
# bfloat16, one thread) with tall K-Cu lines on a fifth and physical L3/L2, M5/M4 ratios (../tall_white_lines' BT data):
#   bash experiments/tall_from_stage19/train.sh R1   # seed 721
#   bash experiments/tall_from_stage19/train.sh R2   # seed 722
#   bash experiments/tall_from_stage19/train.sh R3   # seed 723 (rule2.md; R4: 724)
# Resumes from its checkpoint.
set -euo pipefail
case "${1:-R1}" in R1) SEED=721;; R2) SEED=722;; R3) SEED=723;; R4) SEED=724;; *) exit 2;; esac
INIT=runs/stage19  # stage 19, which stage 20 was trained from, from git (as ../broad_white_lines/train.sh)
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 7f42060:model_weights/$f > $INIT/$f; done
fi
INIT=$INIT EXTRA_SYN='"tall_white_line_probability":0.2,"l23_branching":"3d","m45_branching":"4f"' \
  bash "$(dirname "$0")/../stage20_finetune.sh" runs/ts_$1 $SEED
