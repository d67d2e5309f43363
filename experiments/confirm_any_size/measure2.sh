#!/bin/bash
# The map measurements of rule2.md for one arm: bash measure2.sh NAME [PACKAGE_ROOT]
# (PACKAGE_ROOT: a worktree whose package is read instead of the installed one, e.g. arm A's at 1eb062b).
set -e
name=$1; root=${2:-}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd); out=$here/out
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
if [ -n "$root" ]; then export PYTHONPATH=$root; fi
cd "${root:-$repo}"
measure="python $repo/experiments/spectrum_images/measure.py"
$measure --seeds 29000 29080 --shape 32 32 > "$out/${name}_32x32.txt" 2>&1
$measure --seeds 30000 30020 --shape 64 64 > "$out/${name}_64x64.txt" 2>&1
$measure --seeds 31000 31080 --shape 200 > "$out/${name}_line200.txt" 2>&1
