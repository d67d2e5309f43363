#!/usr/bin/env bash
# rule.md's decision-1 scores of HE1 and HE2 (0.35 for every element; ../head_width/score.sh, its outputs moved to
# out/): bash experiments/hard_examples/score.sh
set -euo pipefail
here=experiments/hard_examples; mkdir -p $here/out
for arm in HE1 HE2; do bash experiments/head_width/score.sh runs/he_$arm $arm; done
mv experiments/head_width/out/HE[12].* $here/out/
echo done > $here/out/DONE
