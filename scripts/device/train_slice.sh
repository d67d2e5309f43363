#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE: one slice (about 7 minutes of training) of a GPU run, resumable.
#   run(command="bash scripts/device/train_slice.sh", carry=[".device_wheels", "runs/gpu"])
# The run trains in $OUT/gpu (checkpoints every epoch there, so even a call stopped at its time
# limit returns the last one); copy the returned gpu/ folder to runs/gpu here before the next
# slice (each device call starts on a bare machine, so the checkpoint must travel both ways).
# Extra arguments are passed to `eels-edgeid train` (for example a different --epochs).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT/gpu"
bash scripts/device/setup.sh
if [ -d runs/gpu ]; then cp -r runs/gpu/. "$OUT/gpu/"; fi
# the data recipe of stage 2 of the bundled weights (model_weights/MODEL_CARD.md) with the current
# SynthesisConfig.realistic() (log-uniform jump ratios up to 3) and window starts up to 3000 eV: every other batch
# realistic settings, the others the default ranges; --init-from is ignored once a checkpoint exists
realistic='{"n_elements_probabilities": [0.1, 0.25, 0.25, 0.2, 0.1, 0.06, 0.04], "extra_element_probability": {"C": 0.25, "O": 0.35}, "below_window_probability": 0.2, "jump_ratio_min": 0.05, "jump_ratio_max": {}, "default_jump_ratio_max": 3.0, "jump_ratio_log_uniform": true, "background_exponent_mean": 2.8, "background_exponent_std": 0.6, "background_exponent_min": 1.5, "counts": [1000.0, 300000.0], "readout_noise": [0.0, 5.0], "dispersion": [0.05, 4.0], "n_channels": [600, 4096], "window_start": [50.0, 3000.0]}'
default='{"n_elements_probabilities": [0.0, 0.2, 0.2, 0.2, 0.15, 0.15, 0.1], "jump_ratio_min": 0.1, "window_start": [50.0, 3000.0]}'
python3 -m hyperspy_eels_edgeid.workflows.cli train --on-the-fly --out "$OUT/gpu" --init-from model_weights \
  --device cuda --batch-size 256 --data-workers 14 --max-minutes 7 --no-progressbar \
  --epochs 200 --samples-per-epoch 20000 --n-validation 2000 --lr 3e-4 --lr-schedule cosine --seed 7 \
  --synthesis "$realistic" --synthesis-alternate "$default" "$@" || status=$?
ls -la "$OUT/gpu"
exit "${status:-0}"
