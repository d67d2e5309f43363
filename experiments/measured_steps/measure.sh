#!/bin/bash
# The check and the benchmark of experiments/measured_steps (run from the repository root, venv active).
set -e
OUT=experiments/measured_steps
python $OUT/compare.py --seeds 0 20 > $OUT/compare.txt
W=/tmp/edgeid-bench-steps
for i in 1 2; do
  python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled --workdir $W --all-steps --out $OUT/bench.jsonl
  python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled --workdir $W --out $OUT/bench.jsonl
done
