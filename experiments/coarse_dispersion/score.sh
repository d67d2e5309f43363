#!/usr/bin/env bash
# Score one arm of rule.md: bash experiments/coarse_dispersion/score.sh runs/cd_CD experiments/coarse_dispersion/out/CD [1]
# ../long_frozen/score.sh (calibrate `both` sets the arm's threshold in its JSON; evaluate 10,000 default spectra of seed
# 20260101 with edge-free and the dev spectra; realistic() 3,000; narrow windows and map twins; 80 maps of seeds
# 5000-5079), then F1 at 4, 6, 8 and 12 eV per channel (measure.py, seed 20261207). A third argument 1 runs the
# long_frozen lanes one after the other (one core) instead of side by side.
set -uo pipefail
model=$1; out=$2; serial=${3:-0}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
if [ "$serial" = 1 ]; then
  sed 's/) &$/)/' experiments/long_frozen/score.sh > /tmp/score_serial_$$.sh
  bash /tmp/score_serial_$$.sh "$model" "$out"
else
  bash experiments/long_frozen/score.sh "$model" "$out"
fi
python experiments/coarse_dispersion/measure.py --model "$model" --dispersions 4 6 8 12 --seed 20261207 \
  > "$out/coarse.txt" 2>&1
echo done > "$out/DONE_all"
