#!/usr/bin/env bash
# rule2.md's map sets for one model (threshold 0.35, the bundled decoders; one thread; outputs in out/NAME.maps_*.txt):
#   bash experiments/tall_from_stage19/maps.sh MODEL_DIR NAME 22000:22160 1000:1040 ...   # first:one-past-last seeds
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OUT_DIR=experiments/tall_from_stage19/out
src=$1; name=$2; shift 2; model=runs/tw_scored_$name; mkdir -p $OUT_DIR
ONLY_COPY=1 bash experiments/tall_white_lines/measure.sh "$src" "$name"
for s in "$@"; do
  f=$OUT_DIR/$name.maps_${s%:*}.txt; [ ${s%:*} = 22000 ] && f=$OUT_DIR/$name.maps.txt
  python experiments/spectrum_images/measure.py --model $model --seeds ${s%:*} ${s#*:} 2>&1 | grep -v WARNING > $f
done
