#!/usr/bin/env bash
# rule2.md's checks of the selected model NAME (its scored copy runs/tw_scored_NAME made by maps.sh), two lanes:
#   bash experiments/tall_from_stage19/confirm.sh R3
# (stage 20's fresh maps: python experiments/spectrum_images/measure.py --model runs/tw_scored_S20 --seeds 24000 24320)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
name=$1; M=runs/tw_scored_$name; D=experiments/tall_from_stage19/out
python experiments/spectrum_images/measure.py --model $M --seeds 24000 24320 2>&1 | grep -v WARNING > $D/$name.maps_24000.txt &
eels-edgeid evaluate --weights $M --device cpu --seed 20261310 --n-synthetic 10000 --skip sensitivity,confusions \
  --no-progressbar --json $D/$name.evaluate.json > $D/$name.evaluate.txt 2>&1
python experiments/branching_3d/realistic_conf.py $M 20261311 > $D/$name.realistic_conf.txt 2>&1
python scripts/measure_narrow_windows.py --model $M --seeds 20 > $D/$name.narrow.txt 2>&1
python experiments/tall_white_lines/probe.py --model $M --first-seed 100 --physical > $D/$name.probe_tall_physical.txt 2>&1
python experiments/table4_diagnosis/secondary_on.py --model $M > experiments/table4_diagnosis/secondary_on_$name.txt 2>&1
wait
echo done > $D/$name.DONE
