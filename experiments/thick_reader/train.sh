#!/usr/bin/env bash
# rule.md's thick-specimen reader TR, from the bundled stage 20, one CPU thread: the equal-budget fine-tune
# (../stage20_finetune.sh: 15 x 20,000 spectra of stage 20's data, Adam 1e-4 cosine, bfloat16) with every spectrum
# of both synthesis configurations at t/λ 0.8-2.5 (stage 20: 0-1). Resumes from its checkpoint:
#   bash experiments/thick_reader/train.sh                       # TR,  seed 601
#   SEED=602 bash experiments/thick_reader/train.sh runs/tr_TR2  # TR2, the replicate
#   SEED=621 INIT=hyperspy_eels_edgeid/model_weights/thick bash experiments/thick_reader/train.sh runs/tr_TRc  # rule2.md
set -euo pipefail
OUT=${1:-runs/tr_TR}
. "$(dirname "$0")/../strong_edges/strings.sh"
THICK='"thickness":[0.8,2.5]'
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD,$THICK"'}'
ALT="${ALT%\}},$BROAD,$THICK}"
bash "$(dirname "$0")/../stage20_finetune.sh" "$OUT" "${SEED:-601}" --synthesis "$SYN" --synthesis-alternate "$ALT" \
  ${INIT:+--init-from "$INIT"}
