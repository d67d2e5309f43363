#!/usr/bin/env bash
# rule3.md's measurements of one model at its JSON's thresholds: bash experiments/branching_3d/measure3.sh MODEL NAME
# (one thread; outputs in experiments/branching_3d/out/rule3/NAME.*)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; name=$2; out=experiments/branching_3d/out/rule3; mkdir -p $out
eels-edgeid evaluate --weights $model --device cpu --seed 20261220 --n-synthetic 10000 --skip sensitivity,confusions,real \
  --no-progressbar --json $out/$name.evaluate.json > $out/$name.evaluate.txt 2>&1
python experiments/branching_3d/realistic_conf.py $model 20261221 > $out/$name.realistic_conf.txt 2>&1
python experiments/spectrum_images/measure.py --model $model --seeds 7600 7640 2>&1 | grep -v WARNING > $out/$name.maps.txt
python scripts/measure_narrow_windows.py --model $model --seeds 20 > $out/$name.narrow.txt 2>&1
python experiments/strong_edges/probe.py $model --seed 8 --jump-ratios 0.3 0.6 1 2 4 8 > $out/$name.probe.txt 2>&1
python experiments/k_edge_elnes/probe.py $model > $out/$name.probe_k.txt 2>&1
echo done > $out/$name.DONE
