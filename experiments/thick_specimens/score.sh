#!/usr/bin/env bash
# rule.md's scores of TK1 and TK2 (0.35 for every element): ../head_width/score.sh's synthetic, realistic() and maps,
# then the thick score; outputs in ../head_width/out/TK*.* (moved to out/ afterwards) and out/thick.txt
# (bash experiments/thick_specimens/score.sh TM: rule2.md's arms, out/thick_TM.txt)
set -euo pipefail
arms=${1:-TK}; suffix=${1:+_$1}
for arm in ${arms}1 ${arms}2; do bash experiments/head_width/score.sh runs/tk_$arm $arm; done
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/hw_at035_${arms}1 runs/hw_at035_${arms}2 \
  > experiments/thick_specimens/out/thick$suffix.txt 2>&1
