#!/usr/bin/env bash
# rule4.md's scores of RTd (the mean of TK1d and TK2d, 0.35 for every element): bash experiments/thick_specimens/score_rule4.sh
set -euo pipefail
out=experiments/thick_specimens/out
python scripts/average_weights.py --out runs/tk_RTd runs/tk_TK1d runs/tk_TK2d
bash experiments/head_width/score.sh runs/tk_RTd RTd
mv experiments/head_width/out/RTd.* $out/
OMP_NUM_THREADS=1 python experiments/spectrum_images/measure.py --model runs/hw_at035_RTd --seeds 6000 6080 2>&1 | grep -v WARNING > $out/RTd.maps_6000.txt &
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/hw_at035_RTd > $out/thick_RTd.txt 2>&1
wait
