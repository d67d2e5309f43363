#!/usr/bin/env bash
# rule.md's arm T (resumes from its checkpoint): bash experiments/thick_light_k/train.sh
set -euo pipefail
bash "$(dirname "$0")/../stage20_finetune.sh" runs/tk_T 601 \
  --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3, "Na": 3, "Mg": 3, "Al": 3, "Si": 3}' --num-threads 2
