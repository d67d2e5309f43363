#!/usr/bin/env bash
# Members for a single-spectrum ensemble trained with the Sr-Rh M3/M2 white lines (SynthesisConfig.m23_white_lines),
# one CPU thread each, resumable from their checkpoints (README.md):
#   bash experiments/lines_ensemble/train.sh BW1   # the branching-ratio network's recipe (../branching_3d/train.sh:
#   bash experiments/lines_ensemble/train.sh BW2   #   stage 20 + l23_branching 3d, m45_branching 4f) with the lines; seeds 641, 642
#   bash experiments/lines_ensemble/train.sh TW    # a third stretch of the thick-specimen reader (t/λ 0.8-2.5) with the lines; seed 643
set -euo pipefail
HERE=$(dirname "$0")
case "${1:-BW1}" in
  BW1|BW2)
    SEED=$([ "$1" = BW1 ] && echo 641 || echo 642)
    EXTRA_SYN='"l23_branching":"3d","m45_branching":"4f","m23_white_lines":true' \
      bash "$HERE/../stage20_finetune.sh" runs/lines_$1 $SEED ;;
  TW)
    . "$HERE/../strong_edges/strings.sh"
    THICK='"thickness":[0.8,2.5],"m23_white_lines":true'
    BROAD='"broad_white_line_probability":0.1'
    SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0,'"$BROAD,$THICK"'}'
    ALT="${ALT%\}},$BROAD,$THICK}"
    bash "$HERE/../stage20_finetune.sh" runs/lines_TW 643 --synthesis "$SYN" --synthesis-alternate "$ALT" \
      --init-from hyperspy_eels_edgeid/model_weights/thick ;;
  *) exit 2 ;;
esac
