#!/usr/bin/env bash
# rule.md's arms, from the bundled stage 20, one CPU thread each, side by side: the controls' command
# (../confusable_pairs/train.sh C0 / C0b) with the elements drawn by the decoder's prior (recognizer/priors.py:
# weight exp(prior log-odds), common 1, uncommon e^-1, rare e^-2, very rare e^-3; C, O, N and K three times that,
# as in the controls):
#   bash experiments/prior_draws/train.sh PD1   # seed 601 (control: ../confusable_pairs/weights/C0)
#   bash experiments/prior_draws/train.sh PD2   # seed 602 (control: ../confusable_pairs/weights/C0b)
#   bash experiments/prior_draws/train.sh PD3|PD4   # rule3.md: the same recipe, seeds 603 / 604
# Resumes from its checkpoint.
set -euo pipefail
ARM=${1:-PD1}
case "$ARM" in PD1) SEED=601;; PD2) SEED=602;; PD3) SEED=603;; PD4) SEED=604;; *) exit 2;; esac
WEIGHTS=$(python - <<'PY'
import json
import numpy as np
from hyperspy_eels_edgeid import supported_elements
from hyperspy_eels_edgeid.recognizer.priors import prior_log_odds
elements = list(supported_elements())
weights = dict(zip(elements, np.exp(prior_log_odds(elements)).round(4).tolist()))
for element in ("C", "O", "N", "K"):
    weights[element] *= 3
print(json.dumps(weights))
PY
)
bash "$(dirname "$0")/../stage20_finetune.sh" runs/pd_$ARM $SEED --element-weights "$WEIGHTS"
