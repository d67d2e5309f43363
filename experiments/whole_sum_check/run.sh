#!/usr/bin/env bash
# rule.md's verification for one arm: bash experiments/whole_sum_check/run.sh today|both   (one thread)
set -euo pipefail
ARM=$1; cd /work/main; M="python experiments/whole_sum_check/measure.py --arm $ARM"; O=experiments/whole_sum_check/out/$ARM
export OMP_NUM_THREADS=1
$M -- --seeds 45000 45320 > ${O}_8x8.txt
$M -- --seeds 45400 45480 --realistic > ${O}_realistic_8x8.txt
$M -- --seeds 45500 45540 --shape 32 32 --realistic > ${O}_realistic_32x32.txt
$M -- --seeds 45600 45640 --shape 16 16 > ${O}_16x16.txt
$M -- --seeds 45700 45780 --shape 32 > ${O}_line32.txt
$M --script twins -- --seeds 20 > ${O}_twins.txt
touch ${O}_DONE
