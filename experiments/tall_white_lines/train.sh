#!/usr/bin/env bash
# rule.md's arms, side by side, one CPU thread each, from the bundled stage 20 (15 x 20,000 spectra, seed 701):
#   bash experiments/tall_white_lines/train.sh C   # control: stage 20's recipe (../stage20_finetune.sh)
#   bash experiments/tall_white_lines/train.sh T   # the same with tall K-Cu white lines on a fifth of them
#   bash experiments/tall_white_lines/train.sh BT  # T with physical L3/L2 and M5/M4 ratios (rule2.md)
#   bash experiments/tall_white_lines/train.sh BT2 # BT with seed 702 (rule3.md)
#   bash experiments/tall_white_lines/train.sh BL1|BL2  # BT's data, 30 epochs, seeds 711/712 (long.md)
# Resumes from its checkpoint.
set -euo pipefail
case "${1:-C}" in
  C) bash "$(dirname "$0")/../stage20_finetune.sh" runs/tw_C 701;;
  T) EXTRA_SYN='"tall_white_line_probability":0.2' bash "$(dirname "$0")/../stage20_finetune.sh" runs/tw_T 701;;
  BT) EXTRA_SYN='"tall_white_line_probability":0.2,"l23_branching":"3d","m45_branching":"4f"' \
      bash "$(dirname "$0")/../stage20_finetune.sh" runs/tw_BT 701;;  # rule2.md
  BT2) EXTRA_SYN='"tall_white_line_probability":0.2,"l23_branching":"3d","m45_branching":"4f"' \
      bash "$(dirname "$0")/../stage20_finetune.sh" runs/tw_BT2 702;;  # rule3.md
  BL1|BL2) SEED=$([ "$1" = BL1 ] && echo 711 || echo 712)  # long.md: 30 x 20,000, resumable across sessions
      EXTRA_SYN='"tall_white_line_probability":0.2,"l23_branching":"3d","m45_branching":"4f"' \
      bash "$(dirname "$0")/../stage20_finetune.sh" runs/tw_$1 $SEED --epochs 30 --max-minutes 38;;
  *) exit 2;;
esac
