#!/usr/bin/env bash
# rule.md's arm X (resumes from its checkpoint): bash experiments/thick_confusers/train.sh
set -euo pipefail
TRAIN="python experiments/thick_confusers/train.py" bash "$(dirname "$0")/../stage20_finetune.sh" runs/tc_X 601 \
  --num-threads 2
