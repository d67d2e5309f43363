#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (one H200), one call (rule_gpu2.md):
#   run(command="bash experiments/spike_training/gpu_call.sh", carry=[".device_wheels", "runs/stage18"], timeout_s=600)
# 1. S1, S2: stage 18 (runs/stage18) trained as the G pair was, with spikes in 30 % of the spectra (25 epochs);
# 2. the GPU checks and benchmarks (scripts/device/gpu_checks.sh), which have never run on a GPU.
# .device_wheels must hold this package's own wheel (pip wheel --no-deps --no-build-isolation . -w .device_wheels):
# pip there cannot build it (no setuptools >= 77 in the wheels), and HyperSpy finds the extension only when installed.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
T0=$(date +%s)
test -f runs/stage18/edge_recognizer.safetensors || { echo "runs/stage18 missing: write it from f058106 (rule_gpu2.md) and carry it" >&2; exit 2; }
python3 -m pip install --quiet --no-index --no-deps .device_wheels/*.whl > "$OUT/setup.txt" 2>&1 || echo "pip exit $?" >> "$OUT/setup.txt"
export SKIP_SETUP=1
EPOCHS=25 RUN_RATE=3800 BUDGET=330 ARMS="S1:401:runs/stage18 S2:402:runs/stage18" \
  EXTRA_SYN='"spike_probability":0.3,"spike_count":[1,5],"spike_amplitude":[0.05,20.0]' \
  bash experiments/gpu_pair/train_pair.sh
echo "training done at $(( $(date +%s) - T0 )) s"
LEFT=$(( 570 - ($(date +%s) - T0) )); timeout $(( LEFT > 30 ? LEFT : 30 )) bash scripts/device/gpu_checks.sh > "$OUT/checks.txt" 2>&1 || echo "checks exit $?" >> "$OUT/checks.txt"
tail -5 "$OUT/checks.txt"
echo "call total $(( $(date +%s) - T0 )) s"
# at most 8 files come back: the runs and one archive of the logs and results
cd "$OUT" && tar cf logs.tar $(ls | grep -v -x -e runs.tar -e logs.tar) && ls | grep -v -x -e runs.tar -e logs.tar | xargs rm -f
