#!/usr/bin/env bash
# rule.md's decision-1 scores: average.sh, then ../head_width/score.sh on S1 and S2 (0.35 for every element), outputs
# moved to out/: bash experiments/epoch_average/score.sh
set -euo pipefail
here=experiments/epoch_average; mkdir -p $here/out
bash $here/average.sh
for arm in SW1 SW2; do bash experiments/head_width/score.sh runs/avg_$arm S${arm#SW}; done
mv experiments/head_width/out/S[12].* $here/out/
echo done > $here/out/DONE
