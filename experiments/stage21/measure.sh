#!/usr/bin/env bash
# The model card's figures for the bundled weights (rule3.md of ../prior_draws/), after they are placed in
# model_weights/: bash experiments/stage21/measure.sh   (the commands of ../stage20/README.md, one thread each, two
# side by side; the benchmark alone at the end)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/stage21; mkdir -p $out
( eels-edgeid evaluate --device cpu --n-synthetic 10000 --no-progressbar --json $out/evaluate.json > $out/evaluate.txt 2>&1
  python experiments/recall_loss/diagnose.py --json $out/recall_loss.json > $out/recall_loss.txt 2>&1
  python experiments/stage20/onsets.py > $out/onsets.txt 2>&1 ) &
( python ../shared/real_spectra_dev/score.py --json $out/dev_score.json > $out/dev_score.txt 2>&1
  python experiments/spectrum_images/measure.py --seeds 1000 1040 2>&1 | grep -v WARNING > $out/maps_1000.txt
  python experiments/spectrum_images/measure.py --seeds 5000 5080 --touching-pixels 2>&1 | grep -v WARNING > $out/maps_5000_touching.txt
  python experiments/stage20/eels_mnfe.py > $out/eels_mnfe.txt 2>&1
  python experiments/thick_specimens/score_thick.py --own-threshold model_weights > $out/thick.txt 2>&1 ) &
wait
unset OMP_NUM_THREADS MKL_NUM_THREADS
python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled > $out/bench.txt 2>&1
echo done > $out/DONE
