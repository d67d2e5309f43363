#!/usr/bin/env bash
# rule.md's arm X (resumes from its checkpoint): bash experiments/thick_confusers/train.sh; X2: SEED=602 bash ...;
# X3, X4: CONFUSER_SET=X3 (X4) bash ... (runs/tc_X3, runs/tc_X4)
set -euo pipefail
SEED=${SEED:-601}; RUN=runs/tc_${CONFUSER_SET:-X}; [ "$SEED" = 601 ] || RUN=${RUN}_$SEED
TRAIN="python experiments/thick_confusers/train.py" bash "$(dirname "$0")/../stage20_finetune.sh" $RUN $SEED \
  --num-threads 2
