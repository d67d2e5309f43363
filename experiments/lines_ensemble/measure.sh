#!/usr/bin/env bash
# rule.md's items 1-9 for one arm (the fast ones first), one thread; run from the repository root:
#   bash experiments/lines_ensemble/measure.sh ARM_ROOT E3|E3W
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/lines_ensemble/out; mkdir -p $out
members=$(python -P -c "from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble as f; print(' '.join(m or '$1/hyperspy_eels_edgeid/model_weights' for m in f()))")
python -P -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
echo "$members" >> $out/$name.package.txt
python experiments/m23_white_lines/probe.py --first-seed 52500 --model $members > $out/$name.probe_m23.txt 2>&1
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
python experiments/spectrum_images/twins.py --seeds 20 > $out/$name.twins.txt 2>&1
python experiments/tall_white_lines/probe.py --physical --first-seed 860 > $out/$name.probe_tall.txt 2>&1
python scripts/measure_narrow_windows.py --seeds 20 --model $members > $out/$name.narrow.txt 2>&1
python experiments/calibration_search/measure.py --weights $members > $out/$name.lomo.txt 2>&1
python experiments/lines_ensemble/measure.py $name > $out/$name.rows.txt 2>&1
python experiments/random_windows/probe.py > $out/$name.random_windows.txt 2>&1
echo done > $out/$name.DONE
