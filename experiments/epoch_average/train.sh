#!/usr/bin/env bash
# rule.md's runs: ../confusable_pairs/train.sh C0 / C0b's command (stage 20 + 15 x 20,000 of its data, seeds 601 / 602)
# with every epoch's model kept (--keep-epoch-models), one CPU thread each, side by side:
#   bash experiments/epoch_average/train.sh SW1   # seed 601 (its last epoch: ../confusable_pairs/weights/C0)
#   bash experiments/epoch_average/train.sh SW2   # seed 602 (its last epoch: ../confusable_pairs/weights/C0b)
# then average.sh. Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-SW1}
case "$ARM" in SW1) SEED=601;; SW2) SEED=602;; *) exit 2;; esac
bash "$(dirname "$0")/../stage20_finetune.sh" runs/sw_$ARM $SEED --keep-epoch-models
