#!/usr/bin/env bash
# rule.md's arms: ../confusable_pairs/train.sh C0 / C0b's command (stage 20 + 15 x 20,000 of its data, seeds 601 / 602)
# at three times the learning rate (Adam 3e-4 cosine instead of 1e-4), one CPU thread each, side by side:
#   bash experiments/learning_rate/train.sh LR1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/learning_rate/train.sh LR2   # seed 602 (control: ../confusable_pairs/weights/C0b)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-LR1}
case "$ARM" in LR1) SEED=601;; LR2) SEED=602;; *) exit 2;; esac
bash "$(dirname "$0")/../stage20_finetune.sh" runs/lr_$ARM $SEED --lr 3e-4
