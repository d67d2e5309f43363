#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20, one CPU thread each, side by side: the controls' command
# (../confusable_pairs/train.sh C0 / C0b) with labels whose edge has a PSNR below 3 "don't care" for the element head:
#   bash experiments/weak_labels/train.sh WL1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/weak_labels/train.sh WL2   # seed 602 (control: ../confusable_pairs/weights/C0b)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-WL1}
case "$ARM" in WL1) SEED=601;; WL2) SEED=602;; *) exit 2;; esac
bash "$(dirname "$0")/../stage20_finetune.sh" runs/wl_$ARM $SEED --weak-label-psnr 3
