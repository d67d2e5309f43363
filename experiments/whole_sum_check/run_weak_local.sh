#!/usr/bin/env bash
# rule_weak_local.md's verification for one arm: bash experiments/whole_sum_check/run_weak_local.sh today|weak_local
set -euo pipefail
ARM=$1; cd /work/main; M="python experiments/whole_sum_check/measure.py --arm $ARM"; O=experiments/whole_sum_check/out/wl_rule_$ARM
export OMP_NUM_THREADS=1
$M -- --seeds 50200 50360 --realistic > ${O}_realistic_8x8.txt
$M -- --seeds 50400 50480 --shape 32 --realistic > ${O}_realistic_line32.txt
$M -- --seeds 50000 50160 > ${O}_8x8.txt
$M --script twins -- --seeds 20 > ${O}_twins.txt
touch ${O}_DONE
