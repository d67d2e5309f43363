#!/usr/bin/env bash
# rule.md's change arm CD, from the bundled stage 20, one CPU thread: the control C0's command
# (../confusable_pairs/train.sh C0 = ../stage20_finetune.sh, seed 601, 15 x 20,000 spectra) with a fifth of the spectra
# of both synthesis configurations recorded coarsely (SynthesisConfig.coarse_probability 0.2: 4-16 eV per channel,
# 64-512 channels). Resumes from its checkpoint:
#   bash experiments/coarse_dispersion/train.sh                      # CD
#   bash experiments/coarse_dispersion/train.sh 1.0 runs/cd_CS       # CS (train_specialist.sh): every spectrum coarse
#   SEED=602 bash experiments/coarse_dispersion/train.sh 1.0 runs/cd_CS2   # replicate.md
#   SEED=621 INIT=hyperspy_eels_edgeid/model_weights/coarse bash experiments/coarse_dispersion/train.sh 1.0 runs/cd_CSc
#                                                              # rule_second_stretch.md
set -euo pipefail
SHARE=${1:-0.2}; OUT=${2:-runs/cd_CD}
. "$(dirname "$0")/../strong_edges/strings.sh"
COARSE='"coarse_probability":'"$SHARE"
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD,$COARSE"'}'
ALT="${ALT%\}},$BROAD,$COARSE}"
bash "$(dirname "$0")/../stage20_finetune.sh" "$OUT" "${SEED:-601}" --synthesis "$SYN" --synthesis-alternate "$ALT" \
  ${INIT:+--init-from "$INIT"}
