#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (one H200), one call (rule.md):
#   run(command="bash experiments/gpu_feeding/call.sh", carry=[".device_wheels"], timeout_s=600)
# 1. the CUDA-vs-CPU test; 2. bench_identify with 4 / 8 / 14 feeding threads (lazy) and 16 MiB blocks (eager);
# 3. ../gpu_capacity/rule.md's W0 and W1, 25 epochs each. Results and logs come back in $OUT.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*" | tee -a "$OUT/timeline.txt"; }
python3 -m pip install --quiet --no-index --no-deps .device_wheels/*.whl > "$OUT/setup.txt" 2>&1 || echo "pip exit $?" >> "$OUT/setup.txt"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$OUT/gpu.txt" 2>&1; nproc >> "$OUT/gpu.txt"
stamp "setup done"
timeout 150 python3 -m pytest -q -p no:cacheprovider tests/hyperspy/test_identify.py -k cuda > "$OUT/pytest_cuda.txt" 2>&1 \
  || echo "pytest exit status $?" >> "$OUT/pytest_cuda.txt"
stamp "cuda test: $(tail -1 "$OUT/pytest_cuda.txt")"
B="python3 benchmarks/bench_identify.py --shape 256 256 --channels 2048 --device cuda --workdir /tmp/bench --out $OUT/bench.jsonl"
for w in 4 8 14; do timeout 90 $B --cuda-workers $w > "$OUT/bench_w$w.txt" 2>&1; stamp "lazy, $w threads: $(grep -o '"seconds": [0-9.]*' "$OUT/bench_w$w.txt")"; done
OMP_NUM_THREADS=1 timeout 60 $B --cuda-workers 14 > "$OUT/bench_w14_omp1.txt" 2>&1; stamp "lazy, 14 threads, 1 torch thread: $(grep -o '"seconds": [0-9.]*' "$OUT/bench_w14_omp1.txt")"
timeout 90 $B --cuda-workers 14 --cuda-block-mib 16 --eager > "$OUT/bench_eager.txt" 2>&1; stamp "lazy+eager, 14 threads, 16 MiB: $(grep -o '"seconds": [0-9.]*' "$OUT/bench_eager.txt" | tr '\n' ' ')"
LEFT=$(( 560 - ($(date +%s) - T0) ))
stamp "training with ${LEFT} s left"
if [ "$LEFT" -gt 200 ]; then
  SKIP_SETUP=1 EPOCHS=25 RUN_RATE=3800 BUDGET=$LEFT WIDEN=128 ARMS="W0:501 W1:501:runs/wide128:128" \
    bash experiments/gpu_pair/train_pair.sh > "$OUT/train.txt" 2>&1
fi
stamp "done"
cd "$OUT" && tar cf logs.tar $(ls | grep -v -x -e runs.tar -e logs.tar) && ls | grep -v -x -e runs.tar -e logs.tar -e timeline.txt | xargs rm -f
