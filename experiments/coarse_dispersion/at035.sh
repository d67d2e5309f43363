#!/usr/bin/env bash
# Diagnostic declared after rule.md's decision (outcome.md): both arms with 0.35 for every element (stage 20's
# threshold; copies of their JSON in runs/cd_at035_C0|CD), so that the calibrated thresholds (C0 0.60, CD 0.25) do not
# decide the comparison: F1 at 2-12 eV per channel (seed 20261207) and the 80 maps (seeds 5000-5079), one lane per arm.
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for arm in C0 CD; do
  ( out=experiments/coarse_dispersion/out/at035/$arm; mkdir -p $out
    python experiments/coarse_dispersion/measure.py --model runs/cd_at035_$arm --dispersions 0.5 2 4 6 8 12 \
      --seed 20261207 > $out/coarse.txt 2>&1
    python experiments/spectrum_images/measure.py --model runs/cd_at035_$arm --seeds 5000 5080 2>&1 \
      | grep -v -i warning > $out/maps_5000.txt ) &
done
wait
