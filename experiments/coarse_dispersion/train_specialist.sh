#!/usr/bin/env bash
# rule_specialist.md's arm CS, from the bundled stage 20, one CPU thread: CD's command (train.sh) with every spectrum
# of both synthesis configurations coarse (coarse_probability 1: 4-16 eV per channel, 64-512 channels), seed 601.
# Resumes from its checkpoint:  bash experiments/coarse_dispersion/train_specialist.sh
set -euo pipefail
. "$(dirname "$0")/../strong_edges/strings.sh"
COARSE='"coarse_probability":1.0'
BROAD='"broad_white_line_probability":0.1'
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD,$COARSE"'}'
ALT="${ALT%\}},$BROAD,$COARSE}"
bash "$(dirname "$0")/../stage20_finetune.sh" runs/cd_CS 601 --synthesis "$SYN" --synthesis-alternate "$ALT"
