#!/usr/bin/env bash
# rule3.md: bash experiments/m23_white_lines/score3.sh (RY = mean of Y1 and Y2; ../delayed_start/score.sh, the
# probe, the maps of seeds 6000-6079 too)
set -euo pipefail
out=experiments/m23_white_lines/out/RY
python scripts/average_weights.py --out runs/m23_RY runs/m23_Y1 runs/m23_Y2
bash experiments/delayed_start/score.sh runs/m23_RY "$out"
OMP_NUM_THREADS=1 python experiments/m23_white_lines/probe.py --model runs/m23_RY > "$out/probe_m23.txt" 2>&1 &
OMP_NUM_THREADS=1 python experiments/spectrum_images/measure.py --model runs/m23_RY --seeds 6000 6080 > "$out/maps_6000.txt" 2>&1
wait
echo done > "$out/DONE_rule3"
