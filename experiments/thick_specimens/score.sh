#!/usr/bin/env bash
# rule.md's scores of TK1 and TK2 (0.35 for every element): ../head_width/score.sh's synthetic, realistic() and maps,
# then the thick score; outputs in ../head_width/out/TK*.* and out/thick.txt
set -euo pipefail
for arm in TK1 TK2; do bash experiments/head_width/score.sh runs/tk_$arm $arm; done
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/hw_at035_TK1 runs/hw_at035_TK2 > experiments/thick_specimens/out/thick.txt 2>&1
