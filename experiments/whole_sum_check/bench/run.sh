#!/usr/bin/env bash
# rule_low.md item 4: the throughput benchmark, before (a worktree of c668620 at /tmp/before) and after, alternating,
# one at a time; each from its own root so that each imports its own package.
set -euo pipefail
B="benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model bundled --pixel-fraction 0.02 --workdir /tmp/benchwork"
OUT=/work/main/experiments/whole_sum_check/bench
for i in 1 2; do
  (cd /tmp/before && uptime >> $OUT/load.txt && PYTHONPATH=/tmp/before python $B --out $OUT/before.jsonl)
  (cd /work/main && uptime >> $OUT/load.txt && PYTHONPATH=/work/main python $B --out $OUT/after.jsonl)
done
