#!/usr/bin/env bash
# Arm S1 or S2: stage 20 + 15 x 20,000 spectra of stage 20's data with an element seen only by its secondary edges in a
# fifth of the spectra (secondary_only_probability 0.2 in both synthesis strings); the control is C0 of
# ../confusable_pairs/ (the same command without it, seed 601).
#   bash experiments/secondary_only/train.sh S1 601; bash experiments/secondary_only/train.sh S2 602
set -euo pipefail
EXTRA_SYN='"secondary_only_probability":0.2' bash "$(dirname "$0")/../stage20_finetune.sh" "runs/so_$1" "$2" \
  > "experiments/secondary_only/logs/train_$1.log" 2>&1
