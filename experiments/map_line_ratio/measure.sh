#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, from the arm's worktree root:
#   bash experiments/map_line_ratio/measure.sh PACKAGE_ROOT NAME
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/map_line_ratio/out; mkdir -p $out
python -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/map_line_ratio/measure.py --first-seed 2100 --seeds 12 2>&1 | grep -v WARNING > $out/$name.cases.txt
python experiments/spectrum_images/twins.py --seeds 20 2>&1 | grep -v WARNING > $out/$name.twins.txt
python experiments/spectrum_images/measure.py --seeds 2200 2240 2>&1 | grep -v WARNING > $out/$name.common.txt
echo done > $out/$name.DONE
