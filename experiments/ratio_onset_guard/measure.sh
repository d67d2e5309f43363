#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, from the arm's worktree root:
#   bash experiments/ratio_onset_guard/measure.sh PACKAGE_ROOT NAME [FIRST_SEED]
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/ratio_onset_guard/out; mkdir -p $out
python -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/ratio_onset_guard/measure.py $name ${3:-2300} 2>&1 | grep -v WARNING > $out/$name.rows.txt
echo done > $out/$name.DONE
