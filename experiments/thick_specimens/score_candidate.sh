#!/usr/bin/env bash
# rule.md's candidate RT (the mean of TK1 and TK2), scored as stage 20 was (../delayed_start/score.sh: calibrate
# sets its threshold, then evaluate 10,000, realistic 3,000, narrow windows, probes, maps 5000-5079), with the maps
# of seeds 6000-6079 and the thick score beside: bash experiments/thick_specimens/score_candidate.sh [TK|TM]
# (TM: rule2.md's arms; the candidate RM)
set -euo pipefail
arms=${1:-TK}; name=R${arms:1:1}
out=experiments/thick_specimens/out/$name; mkdir -p "$out"
python scripts/average_weights.py --out runs/tk_$name runs/tk_${arms}1 runs/tk_${arms}2
bash experiments/delayed_start/score.sh runs/tk_$name "$out"
OMP_NUM_THREADS=1 python experiments/spectrum_images/measure.py --model runs/tk_$name --seeds 6000 6080 > "$out/maps_6000.txt" 2>&1 &
OMP_NUM_THREADS=1 python experiments/thick_specimens/score_thick.py runs/tk_$name > "$out/thick.txt" 2>&1
wait
echo done > "$out/DONE_candidate"
