#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (one H200, 16 cores), one call:
#   run(command="bash experiments/gpu_pair/train_pair.sh", carry=[".device_wheels"], timeout_s=600)
# Two runs of rule.md side by side on the GPU, G1 and G2: stage 18 (model_weights/) trained on with stage 18's own
# data and settings (experiments/k_edge_elnes/train.sh, arm Q) and seeds 401 / 402, 7 data workers each.
# The number of 20,000-spectrum epochs (the cosine schedule's length) is set from a synthesis probe at the
# start, so that both runs end inside the call; --max-minutes and `timeout` stop them in any case.
# Everything comes back in $OUT/runs.tar (run folders: model, checkpoint, log) and $OUT/*.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."
T0=$(date +%s)
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PYTHONPATH=$PWD
# BUDGET, DEVICE, WORKERS and SKIP_SETUP only for a trial run on the CPU here
BUDGET=${BUDGET:-540}; DEVICE=${DEVICE:-cuda}; WORKERS=${WORKERS:-7}
[ -n "${SKIP_SETUP:-}" ] || bash scripts/device/setup.sh > "$OUT/setup.txt" 2>&1 || {  # pip could not resolve: the wheels without their deps
  python3 -m pip install --quiet --no-index --no-deps .device_wheels/*.whl >> "$OUT/setup.txt" 2>&1
  python3 -m pip install --quiet --no-index --no-deps --no-build-isolation . >> "$OUT/setup.txt" 2>&1; }
tail -3 "$OUT/setup.txt"
python3 -c "import torch, hyperspy_eels_edgeid as h; print('cuda', torch.cuda.is_available(), h.__file__)" | tee -a "$OUT/setup.txt"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 | tee -a "$OUT/setup.txt"
nproc | tee -a "$OUT/setup.txt"
. experiments/strong_edges/strings.sh
SYN="$SYN"',"strong_edge_probability":0.1,"elnes_k_edge_probability":0.5,"elnes_k_pair_probability":1.0}'
# EXTRA_SYN adds fields to both strings, e.g. '"spike_probability":0.3' (../spike_training/rule_gpu.md)
if [ -n "${EXTRA_SYN:-}" ]; then SYN="${SYN%\}},$EXTRA_SYN}"; ALT="${ALT%\}},$EXTRA_SYN}"; fi
export SYN ALT
# synthesis probe: batches of 64 from 14 workers, stage 18's data (every other batch the alternate settings)
# RUN_RATE (spectra/s per run, as seen in the first call: 3,700-4,300) skips the probe, which underestimated
if [ -n "${RUN_RATE:-}" ]; then RATE=$((2 * RUN_RATE)); else
RATE=$(python3 experiments/gpu_pair/probe_rate.py $((2 * WORKERS)) 2>>"$OUT/probe.txt"); fi
RATE=${RATE:-2000}  # the probe failed (its error is in probe.txt): a guess
echo "rate for both runs: $RATE spectra/s (${RUN_RATE:+given as RUN_RATE x 2, }probe with $((2 * WORKERS)) workers otherwise)" | tee -a "$OUT/probe.txt"
ELAPSED=$(( $(date +%s) - T0 ))
TRAIN_S=$(( BUDGET - ELAPSED ))   # the command's limit is 600 s: leave time to pack
# each run gets half the rate; 21,000 spectra per epoch with validation; 10 % margin
# EPOCHS given (e.g. 25, as the G pair) fixes the schedule's length instead
EPOCHS=${EPOCHS:-$(python3 -c "print(max(2, int(0.9 * $RATE / 2 * ($TRAIN_S - 40) / 21000)))")}
echo "elapsed ${ELAPSED}s, training ${TRAIN_S}s, epochs $EPOCHS" | tee -a "$OUT/probe.txt"
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
# ARM:SEED[:INIT[:HIDDEN]] (INIT model_weights and HIDDEN 100 by default); second call: ARMS="H1:411 H2:412"
# (rule.md); WIDEN=128 first writes runs/wide128, stage 19 with its BiLSTM widened (../gpu_capacity/rule.md)
ARMS=${ARMS:-G1:401 G2:402}
if [ -n "${WIDEN:-}" ]; then python3 experiments/gpu_capacity/widen_model.py model_weights runs/wide$WIDEN $WIDEN; fi
for spec in $ARMS; do
  IFS=: read -r arm seed init hidden <<< "$spec"; init=${init:-model_weights}; hidden=${hidden:-100}
  timeout $TRAIN_S python3 -m hyperspy_eels_edgeid.workflows.cli train --on-the-fly --init-from $init --hidden $hidden \
    --grid-segments $GRID --edge-head --edge-loss-weight 0.2 --out runs/$arm --epochs $EPOCHS \
    --samples-per-epoch 20000 --n-validation 1000 --lr 1e-4 --lr-schedule cosine --seed $seed --num-threads 1 \
    --device $DEVICE --data-workers $WORKERS --max-minutes $(( (TRAIN_S - 45) / 60 )) --no-progressbar \
    --synthesis "$SYN" --synthesis-alternate "$ALT" --element-weights '{"C": 3, "O": 3, "N": 3, "K": 3}' \
    > "$OUT/$arm.log" 2>&1 &
done
wait
tar cf "$OUT/runs.tar" $(for spec in $ARMS; do echo runs/${spec%%:*}; done)
for spec in $ARMS; do arm=${spec%%:*}; grep -v "  step" "$OUT/$arm.log" | tail -4; grep "  step" "$OUT/$arm.log" | tail -1; done
echo "total $(( $(date +%s) - T0 )) s"
