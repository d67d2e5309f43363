#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, from the arm's worktree root:
#   bash experiments/companion_lines/measure.sh PACKAGE_ROOT NAME
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/companion_lines/out; mkdir -p $out
python -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/companion_lines/measure.py $name 2>&1 | grep -v WARNING > $out/$name.rows.txt
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
echo done > $out/$name.DONE
