#!/usr/bin/env bash
# rule2.md's TT (resumes from its checkpoint): bash experiments/thick_light_k/train2.sh
set -euo pipefail
INIT=runs/tk_T bash "$(dirname "$0")/../stage20_finetune.sh" runs/tk_TT 602 \
  --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3, "Na": 3, "Mg": 3, "Al": 3, "Si": 3}' --num-threads 2
