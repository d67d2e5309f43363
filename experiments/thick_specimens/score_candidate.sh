#!/usr/bin/env bash
# rule.md's candidate RT (the mean of TK1 and TK2), scored as stage 20 was (../delayed_start/score.sh: calibrate
# sets its threshold, then evaluate 10,000, realistic 3,000, narrow windows, probes, maps 5000-5079), with the maps
# of seeds 6000-6079 and the thick score beside: bash experiments/thick_specimens/score_candidate.sh
set -euo pipefail
out=experiments/thick_specimens/out/RT; mkdir -p "$out"
python scripts/average_weights.py --out runs/tk_RT runs/tk_TK1 runs/tk_TK2
bash experiments/delayed_start/score.sh runs/tk_RT "$out"
OMP_NUM_THREADS=1 python experiments/spectrum_images/measure.py --model runs/tk_RT --seeds 6000 6080 > "$out/maps_6000.txt" 2>&1 &
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/tk_RT > "$out/thick.txt" 2>&1
wait
echo done > "$out/DONE_candidate"
