#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE, one call (6 Dec 2026): the CUDA checks of the code since the last GPU call (the bundled
# readers and the routing of thick pixels, `identify_edges(low_loss=...)`), and the end-to-end figures at this commit.
#   bash scripts/device/stash_weights.sh out
#   run(command="bash experiments/gpu_checks/call_readers.sh", carry=[".device_wheels"], timeout_s=540)
#   bash scripts/device/stash_weights.sh back
# 1. CUDA against CPU: test_cuda_matches_cpu (test_identify.py) and test_routed_map_on_cuda_matches_cpu
#    (test_low_loss.py: a map whose partner sends two pixels to the thick-specimen reader);
# 2. bench_identify.py, 256 x 256 x 2048 read lazily, twice (the card's end-to-end figure, on this machine);
# 3. ../thick_reader/timing.py on a 128 x 128 map: thin, thick and mixed partners (both models over the map).
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*" | tee -a "$OUT/timeline.txt"; }
bash scripts/device/setup.sh > "$OUT/setup.txt" 2>&1 || echo "setup exit $?" >> "$OUT/setup.txt"
tail -1 "$OUT/setup.txt"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
stamp "setup done"
timeout 200 python3 -m pytest -q -p no:cacheprovider tests/hyperspy/test_identify.py tests/hyperspy/test_low_loss.py \
  -k cuda -rs > "$OUT/pytest_cuda.txt" 2>&1 || echo "pytest exit status $?" >> "$OUT/pytest_cuda.txt"
tail -4 "$OUT/pytest_cuda.txt"
stamp "cuda tests done"
for run in 1 2; do
  timeout 120 python3 benchmarks/bench_identify.py --shape 256 256 --channels 2048 --device cuda \
    --workdir /tmp/bench --out "$OUT/bench_identify.jsonl" > "$OUT/bench_$run.txt" 2>&1 || echo "bench exit $?" >> "$OUT/bench_$run.txt"
  tail -2 "$OUT/bench_$run.txt"
  stamp "bench_identify run $run done"
done
PYTHONPATH=$PWD timeout 150 python3 experiments/thick_reader/timing.py --device cuda --size 128 --threads 0 \
  > "$OUT/routed_timing.txt" 2>&1 || echo "timing exit $?" >> "$OUT/routed_timing.txt"
cat "$OUT/routed_timing.txt"
stamp "routed timing done"
