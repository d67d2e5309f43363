#!/usr/bin/env bash
# rule.md's decision-1 scores of LR1 and LR2 (0.35 for every element; ../head_width/score.sh, outputs moved to out/):
# bash experiments/learning_rate/score.sh
set -euo pipefail
here=experiments/learning_rate; mkdir -p $here/out
for arm in LR1 LR2; do bash experiments/head_width/score.sh runs/lr_$arm $arm; done
mv experiments/head_width/out/LR[12].* $here/out/
echo done > $here/out/DONE
