#!/usr/bin/env bash
# The rest of ../k_edge_elnes/score_split.sh (its commands; calibrate and evaluate ran in score.sh), for rule6.md's
# items: bash experiments/exelfs/score_rest.sh runs/ex_X1 experiments/exelfs/out/X1
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
realistic=$(mktemp --suffix .py)
sed -n '/^python - "\$model" "\$out" <<.PY.$/,/^PY$/p' experiments/window_zone/score.sh | sed '1d;$d' > "$realistic"
( python experiments/strong_edges/probe.py "$model" --seed 8 --jump-ratios 0.3 0.6 1 2 4 8 --json "$out/probe.json" > "$out/probe.txt" 2>&1
  python experiments/k_edge_elnes/probe.py "$model" --json "$out/probe_k.json" > "$out/probe_k.txt" 2>&1 ) &
( python "$realistic" "$model" "$out" > "$out/realistic.txt" 2>&1
  python scripts/measure_narrow_windows.py --model "$model" --seeds 20 --json "$out/narrow.json" > "$out/narrow.txt" 2>&1 ) &
wait
echo done > "$out/DONE_rest"
