#!/usr/bin/env bash
# rule2.md: bash experiments/m23_white_lines/score2.sh MODEL OUT (run for runs/stage20 and runs/m23_RW35 side by side)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
eels-edgeid evaluate --weights "$model" --device cpu --n-synthetic 10000 --seed 20261215 --skip sensitivity,confusions \
  --no-progressbar --json "$out/evaluate.json" > "$out/evaluate.txt" 2>&1
realistic=$(mktemp --suffix .py)
sed -n '/^python - "\$model" "\$out" <<.PY.$/,/^PY$/p' experiments/window_zone/score.sh | sed '1d;$d' \
  | sed 's/20261206/20261216/' > "$realistic"
python "$realistic" "$model" "$out" > "$out/realistic.txt" 2>&1
python experiments/spectrum_images/measure.py --model "$model" --seeds 6000 6080 > "$out/maps_6000.txt" 2>&1
python experiments/m23_white_lines/probe.py --model "$model" > "$out/probe_m23.txt" 2>&1
python scripts/measure_narrow_windows.py --model "$model" --seeds 20 --json "$out/narrow.json" > "$out/narrow.txt" 2>&1
echo done > "$out/DONE"
