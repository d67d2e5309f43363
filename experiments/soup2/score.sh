#!/usr/bin/env bash
# After both arms of rule.md finished: average them into runs/s2_T and score T, P and Q (out/).
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
python scripts/average_weights.py --out runs/s2_T runs/s2_P runs/s2_Q \
  --note "stage 17 candidate: mean of two runs from stage 16 on stage 15's data with strong_edge_probability 0.1 (experiments/soup2/)"
bash experiments/strong_edges/score.sh runs/s2_T experiments/soup2/out/T &
bash experiments/strong_edges/score.sh runs/s2_P experiments/soup2/out/P
wait
bash experiments/strong_edges/score.sh runs/s2_Q experiments/soup2/out/Q
