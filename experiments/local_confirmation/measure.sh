#!/bin/bash
# rule.md's map measurements for one arm: bash measure.sh NAME LEVEL [PACKAGE_ROOT]
# LEVEL: "threshold" or a number (the local check's level); PACKAGE_ROOT: a worktree read instead of the package
# (arm A, at 1eb062b, where LEVEL does not apply: pass "none").
set -e
name=$1; level=$2; root=${3:-}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd); out=$here/out
mkdir -p "$out"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
if [ -n "$root" ]; then export PYTHONPATH=$root; fi
cd "${root:-$repo}"
if [ "$level" = none ]; then run="python"; else run="python $here/with_level.py $level"; fi
maps="$repo/experiments/spectrum_images/measure.py"
$run "$maps" --seeds 32000 32320 > "$out/${name}_8x8.txt" 2>&1
$run "$maps" --seeds 36000 36160 --realistic > "$out/${name}_realistic.txt" 2>&1
$run "$maps" --seeds 33000 33080 --shape 32 32 > "$out/${name}_32x32.txt" 2>&1
$run "$maps" --seeds 35000 35080 --shape 200 > "$out/${name}_line200.txt" 2>&1
$run "$maps" --seeds 34000 34020 --shape 64 64 > "$out/${name}_64x64.txt" 2>&1
$run "$repo/scripts/measure_narrow_windows.py" --seeds 40 > "$out/${name}_twins.txt" 2>&1
