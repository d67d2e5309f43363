#!/usr/bin/env bash
# rule.md's measurements of one model (threshold 0.35, the bundled decoders; one thread; outputs in out/NAME.*):
#   bash experiments/tall_from_stage19/measure.sh MODEL_DIR NAME
# ../tall_white_lines/measure.sh's items, the physical tall-line probe, the card's 280 maps and 160 fresh maps.
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OUT_DIR=experiments/tall_from_stage19/out
name=$2; model=runs/tw_scored_$name; mkdir -p $OUT_DIR
bash experiments/tall_white_lines/measure.sh "$1" "$name"   # makes $model (the bundled decoders, 0.35)
python experiments/tall_white_lines/probe.py --model $model --first-seed 100 --physical > $OUT_DIR/$name.probe_tall_physical.txt 2>&1
for s in 1000:1040 5000:5080 7000:7160 23000:23160; do
  python experiments/spectrum_images/measure.py --model $model --seeds ${s%:*} ${s#*:} 2>&1 | grep -v WARNING \
    > $OUT_DIR/$name.maps_${s%:*}.txt
done
echo done > $OUT_DIR/$name.ALL
