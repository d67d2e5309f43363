#!/usr/bin/env bash
# rule_low.md's verification for one arm: bash experiments/whole_sum_check/run_low.sh today|low   (one thread)
set -euo pipefail
ARM=$1; cd /work/main; M="python experiments/whole_sum_check/measure.py --arm $ARM"; O=experiments/whole_sum_check/out/low_rule_$ARM
export OMP_NUM_THREADS=1
$M -- --seeds 48400 48520 --realistic > ${O}_realistic_8x8.txt
$M -- --seeds 48600 48640 --shape 32 32 --realistic > ${O}_realistic_32x32.txt
$M -- --seeds 48000 48160 > ${O}_8x8.txt
$M --script twins -- --seeds 20 > ${O}_twins.txt
touch ${O}_DONE
