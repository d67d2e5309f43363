#!/bin/bash
# rule.md's runs for one arm: bash measure.sh NAME [--sum-neighbours on|off]
# (at the time of rule.md the flag took no value: --sum-neighbours meant on)
set -e
name=$1; shift
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd); out=$here/out
mkdir -p "$out"; export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
maps="python $repo/experiments/spectrum_images/measure.py"
$maps --seeds 40000 40320 "$@" > "$out/${name}_8x8.txt" 2>&1
$maps --seeds 42000 42160 --realistic "$@" > "$out/${name}_realistic_8x8.txt" 2>&1
$maps --seeds 41000 41040 --shape 32 32 "$@" > "$out/${name}_32x32.txt" 2>&1
$maps --seeds 43000 43020 --shape 32 32 --realistic "$@" > "$out/${name}_realistic_32x32.txt" 2>&1
