#!/usr/bin/env bash
# The model card's figures of the bundled model (as out/S17_card/README.md and out/S18_card), in one command:
#   bash experiments/k_edge_elnes/card_figures.sh OUT QUANT_TXT
# evaluate (10,000 synthetic, sensitivity, confusions, dev) beside the decoder ablation (one thread each), then the
# two map scripts and the quantification spectra, then the throughput benchmark alone (two threads).
set -euo pipefail
out=$1; quant=$2; mkdir -p "$out"
( export OMP_NUM_THREADS=1
  eels-edgeid evaluate --device cpu --n-synthetic 10000 --no-progressbar --json "$out/evaluate_full.json" > "$out/evaluate_full.txt" 2>&1 &
  python scripts/decoder_ablation.py --n 3000 --family-weights 1 --companion-weights 1 --shared-edge-log-odds 1 \
    --json "$out/ablation.json" > "$out/ablation.txt" 2>&1 &
  wait
  python experiments/soup/out/S_card/maps.py > "$out/maps.txt" 2>&1
  python experiments/soup/out/S_card/eels_mnfe.py > "$out/eels_mnfe.txt" 2>&1
  python scripts/measure_quantification.py --source synthesizer --low-loss 2>&1 | grep -v "Numexpr is not installed" > "$quant" )
echo "# benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled, $(date -u '+%-d %b %Y %H:%M') UTC, at $(git rev-parse --short HEAD)" > "$out/bench.txt"
python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled --workdir /tmp/benchwd --out /tmp/bench_card.json > /dev/null 2>&1
tail -n 1 /tmp/bench_card.json >> "$out/bench.txt"
echo done > "$out/DONE"
