#!/usr/bin/env bash
# rule.md's items 1-8 for one arm, one thread; run from the repository root:
#   bash experiments/single_spectrum_branching/measure.sh PACKAGE_ROOT E21|EB
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/single_spectrum_branching/out; mkdir -p $out
M=$1/hyperspy_eels_edgeid/model_weights
second=$M; [ "$name" = EB ] && second=$M/branching
python -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/single_spectrum_branching/measure.py $name > $out/$name.rows.txt 2>&1
python experiments/tall_white_lines/probe.py --physical --first-seed 800 > $out/$name.probe_tall.txt 2>&1
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
python scripts/measure_narrow_windows.py --seeds 20 --model $M $second $M/thick > $out/$name.narrow.txt 2>&1
python experiments/calibration_search/measure.py --weights $M $second $M/thick > $out/$name.lomo.txt 2>&1
echo done > $out/$name.DONE
