#!/bin/bash
# The map measurements of rule.md for one arm: bash measure.sh NAME [PACKAGE_ROOT]
# (PACKAGE_ROOT: a worktree whose package is read instead of the installed one, e.g. arm A's at 1eb062b).
set -e
name=$1; root=${2:-}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd); out=$here/out
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
if [ -n "$root" ]; then export PYTHONPATH=$root; fi
cd "${root:-$repo}"
python "$repo/experiments/spectrum_images/measure.py" --seeds 27000 27320 > "$out/${name}_small.txt" 2>&1
python "$repo/experiments/spectrum_images/measure.py" --seeds 28000 28040 --shape 32 32 > "$out/${name}_big.txt" 2>&1
python "$repo/scripts/measure_narrow_windows.py" --seeds 40 --json "$out/${name}_twins.json" > "$out/${name}_twins.txt" 2>&1
