#!/usr/bin/env bash
# rule.md's decision-1 scores of WL1 and WL2 (0.35 for every element; ../head_width/score.sh, its outputs moved to
# out/) and the thick score (the controls': ../thick_specimens/controls.txt): bash experiments/weak_labels/score.sh
set -euo pipefail
here=experiments/weak_labels; mkdir -p $here/out
for arm in WL1 WL2; do bash experiments/head_width/score.sh runs/wl_$arm $arm; done
mv experiments/head_width/out/WL[12].* $here/out/
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/hw_at035_WL1 runs/hw_at035_WL2 > $here/out/thick.txt 2>&1
echo done > $here/out/DONE
