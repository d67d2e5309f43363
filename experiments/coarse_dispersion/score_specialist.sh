#!/usr/bin/env bash
# rule_specialist.md's measurements of one model (its JSON's thresholds; give a copy with 0.35 for every element):
#   bash experiments/coarse_dispersion/score_specialist.sh runs/cd_at035_CS experiments/coarse_dispersion/out/CS
#   bash experiments/coarse_dispersion/score_specialist.sh bundled experiments/coarse_dispersion/out/stage20
# F1 at 4-12 eV per channel (seed 20261207), edge-free coarse windows (seed 20261208), narrow windows and map twins.
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; out=$2; mkdir -p "$out"
flag=(--model "$model"); narrow=(--model "$model")
[ "$model" = bundled ] && flag=() && narrow=()
python experiments/coarse_dispersion/measure.py "${flag[@]}" --dispersions 4 6 8 12 --seed 20261207 > "$out/coarse.txt" 2>&1
python experiments/coarse_dispersion/measure.py "${flag[@]}" --dispersions 6 8 12 --seed 20261208 --edge-free \
  > "$out/edge_free.txt" 2>&1
python scripts/measure_narrow_windows.py "${narrow[@]}" --seeds 20 2>&1 | grep -v -i warning > "$out/narrow.txt"
echo done > "$out/DONE"
