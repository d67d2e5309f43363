#!/bin/bash
# rule2.md's map runs for one arm: bash measure2.sh on|off
set -e
arm=$1
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd); out=$here/out2
mkdir -p "$out"; export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
maps="python $repo/experiments/spectrum_images/measure.py --sum-neighbours $arm"
$maps --seeds 50000 50160 --realistic > "$out/${arm}_realistic_8x8.txt" 2>&1
$maps --seeds 51000 51040 --shape 32 32 --realistic > "$out/${arm}_realistic_32x32.txt" 2>&1
$maps --seeds 52000 52080 --shape 200 --realistic > "$out/${arm}_realistic_line200.txt" 2>&1
$maps --seeds 53000 53320 > "$out/${arm}_8x8.txt" 2>&1
$maps --seeds 54000 54040 --shape 32 32 > "$out/${arm}_32x32.txt" 2>&1
python "$here/twins.py" 60 "$arm" > "$out/${arm}_twins.txt" 2>&1
