#!/usr/bin/env bash
# rule.md's measurement for one arm: bash experiments/local_single_reading/measure.sh PACKAGE_ROOT OUT_PREFIX
# (PACKAGE_ROOT on PYTHONPATH: a worktree of the commit before, or the repository with the change); one thread.
set -euo pipefail
ROOT=$1; OUT=$2; HERE=/work/main/experiments
export PYTHONPATH=$ROOT OMP_NUM_THREADS=1
cd "$ROOT"
python $HERE/spectrum_images/measure.py --seeds 38000 38320 > ${OUT}_8x8.txt
python $HERE/spectrum_images/measure.py --seeds 38400 38440 --realistic > ${OUT}_realistic.txt
python $HERE/spectrum_images/measure.py --seeds 38500 38540 --shape 32 > ${OUT}_line32.txt
python $HERE/spectrum_images/measure.py --seeds 38600 38640 --shape 16 16 > ${OUT}_16x16.txt
python $HERE/spectrum_images/twins.py --seeds 20 > ${OUT}_twins.txt
touch ${OUT}_DONE
