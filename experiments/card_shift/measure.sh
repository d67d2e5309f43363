#!/usr/bin/env bash
# The model card's figures that the shift search changes, measured again: bash experiments/card_shift/measure.sh
# (two lanes, one thread each; the benchmark afterwards, alone: see README.md)
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=${OUT:-experiments/card_shift}  # OUT=... writes elsewhere (../card_head/measure.sh)
run() { local name=$1; shift; echo "$(date -u +%H:%M:%S) start $name" >> $out/times.txt
        "$@" 2>&1 | grep -v -i "warning" > $out/$name.txt; echo "$(date -u +%H:%M:%S) end $name" >> $out/times.txt; }
(
run evaluate eels-edgeid evaluate --device cpu --n-synthetic 10000 --no-progressbar --json $out/evaluate.json
run realistic python experiments/card_shift/realistic.py 20261206
) &
(
run dev_score python ../shared/real_spectra_dev/score.py --json $out/dev_score.json
run maps_1000 python experiments/spectrum_images/measure.py --seeds 1000 1040
run eels_mnfe python experiments/stage20/eels_mnfe.py
run maps_7000 python experiments/spectrum_images/measure.py --seeds 7000 7160
run maps_5000 python experiments/spectrum_images/measure.py --seeds 5000 5080
) &
wait
