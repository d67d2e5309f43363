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
. "$(dirname "$0")/../strong_edges/strings.sh"
INIT=runs/stage20
if [ ! -f $INIT/edge_recognizer.safetensors ]; then
  mkdir -p $INIT
  for f in edge_recognizer.json edge_recognizer.safetensors; do git show 9a9e647:model_weights/$f > $INIT/$f; done
fi
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
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD"'}'
ALT="${ALT%\}},$BROAD}"
eels-edgeid train --on-the-fly --init-from $INIT --hidden 100 --grid-segments 50:1000:0.25,1000:2000:0.5,2000:4000:1 \
  --edge-head --edge-loss-weight 0.2 --out runs/pd_$ARM --epochs 15 --samples-per-epoch 20000 --n-validation 1000 \
  --lr 1e-4 --lr-schedule cosine --seed $SEED --num-threads 1 --precision bfloat16 --max-minutes 600 --no-progressbar \
  --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights "$WEIGHTS"
