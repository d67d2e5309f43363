#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20, one CPU thread each, side by side: the controls' command
# (../weak_labels/train.sh WL1 / WL2) with online hard-example mining: 128 spectra drawn per step, the 64 with the
# largest element-head loss trained on; 9 epochs of 40,000 drawn (180,000 trained) instead of 15 x 20,000, the same
# time at the measured 122 against 197 trained spectra/s:
#   bash experiments/hard_examples/train.sh HE1   # seed 601 (control: ../weak_labels/weights/WL1)
#   bash experiments/hard_examples/train.sh HE2   # seed 602 (control: ../weak_labels/weights/WL2)
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-HE1}
case "$ARM" in HE1) SEED=601;; HE2) SEED=602;; *) exit 2;; esac
bash "$(dirname "$0")/../stage20_finetune.sh" runs/he_$ARM $SEED --epochs 9 --samples-per-epoch 40000 --weak-label-psnr 3 --hard-example-fraction 0.5
