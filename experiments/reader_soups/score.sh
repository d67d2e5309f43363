#!/usr/bin/env bash
# rule.md's scores, one thread each lane:  bash experiments/reader_soups/score.sh TRM|CSM
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/reader_soups/out; mkdir -p $out
case "$1" in
  TRM) python experiments/thick_reader/score.py runs/soup_TRM > $out/TRM.txt 2>&1 ;;
  CSM) m=experiments/coarse_dispersion/measure.py
       python $m --model runs/soup_CSM --dispersions 4 6 8 12 --seed 20261207 > $out/CSM_coarse.txt 2>&1
       python $m --model runs/soup_CSM --dispersions 6 8 12 --seed 20261208 --edge-free > $out/CSM_edge_free.txt 2>&1
       python scripts/measure_narrow_windows.py --model runs/soup_CSM --seeds 20 2>&1 | grep -v -i warning > $out/CSM_narrow.txt ;;
esac
