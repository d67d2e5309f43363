#!/usr/bin/env bash
# rule3.md's scores of RTc (the mean of TK1c and TK2c, 0.35 for every element): ../head_width/score.sh (moved to out/)
# and the thick score: bash experiments/thick_specimens/score_rule3.sh
set -euo pipefail
python scripts/average_weights.py --out runs/tk_RTc runs/tk_TK1c runs/tk_TK2c
bash experiments/head_width/score.sh runs/tk_RTc RTc
mv experiments/head_width/out/RTc.* experiments/thick_specimens/out/
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/hw_at035_RTc > experiments/thick_specimens/out/thick_RTc.txt 2>&1
