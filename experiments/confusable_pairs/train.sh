#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20 (its files copied to runs/stage20 first), one CPU thread each:
#   bash experiments/confusable_pairs/train.sh C0   # control: stage 20's recipe (../broad_white_lines/train.sh H), seed 601
#   bash experiments/confusable_pairs/train.sh P1   # the same with the confusable partners drawn twice as often
#   bash experiments/confusable_pairs/train.sh C0b|P2   # replicate.md: the same pair with seed 602
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-C0}
WEIGHTS='{"C": 3, "O": 3, "N": 3, "K": 3}'
PAIRS='"Co": 2, "Ba": 2, "Ni": 2, "La": 2, "Sc": 2, "Y": 2, "Zr": 2, "Mg": 2, "As": 2, "Al": 2, "Br": 2'
SEED=601
case "$ARM" in C0) ;; P1) WEIGHTS="{\"C\": 3, \"O\": 3, \"N\": 3, \"K\": 3, $PAIRS}";;
  C0b) SEED=602;; P2) SEED=602; WEIGHTS="{\"C\": 3, \"O\": 3, \"N\": 3, \"K\": 3, $PAIRS}";; *) exit 2;; esac
bash "$(dirname "$0")/../stage20_finetune.sh" runs/cp_$ARM $SEED --element-weights "$WEIGHTS"
