#!/usr/bin/env bash
# rule.md's decision-2 scores of RWL (the uniform mean of WL1 and WL2): ../delayed_start/score.sh (calibrate sets its
# threshold; synthetic, realistic(), narrow windows and map twins, probes, maps 5000-5079), the maps of seeds
# 6000-6079 and 7000-7159 and the thick score at its threshold: bash experiments/weak_labels/score_candidate.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
here=experiments/weak_labels; out=$here/out/RWL; mkdir -p "$out"
python scripts/average_weights.py --out runs/wl_RWL runs/wl_WL1 runs/wl_WL2
bash experiments/delayed_start/score.sh runs/wl_RWL "$out"
( python experiments/spectrum_images/measure.py --model runs/wl_RWL --seeds 6000 6080 2>&1 | grep -v WARNING > "$out/maps_6000.txt"
  python experiments/spectrum_images/measure.py --model runs/wl_RWL --seeds 7000 7160 2>&1 | grep -v WARNING > "$out/maps_7000.txt" ) &
python experiments/thick_specimens/score_thick.py --own-threshold runs/wl_RWL > "$out/thick.txt" 2>&1
wait
echo done > "$out/DONE_candidate"
