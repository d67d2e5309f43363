#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (in the repository root; carry .device_wheels, see make_wheelhouse.sh).
# Installs this package with its test extras from the carried wheels (no network there; PyTorch
# with CUDA and the other big packages are already on the image), then checks that PyTorch sees
# the GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
test -d .device_wheels || { echo "setup.sh: .device_wheels/ missing: run scripts/device/make_wheelhouse.sh here and carry it" >&2; exit 2; }
# pip resolves the package wheel's requirements against the image (PyTorch, numpy, ...) and the wheels
# (the package's own wheel, built by make_wheelhouse.sh since pip there cannot build it, and pytest-xdist: the test extras distributed and zarr do not travel, see make_wheelhouse.sh)
python3 -m pip install --quiet --no-index --find-links .device_wheels hyperspy_eels_edgeid pytest-xdist || {
  echo "setup.sh: pip could not resolve against the image; installing the carried wheels without their requirements" >&2
  python3 -m pip install --quiet --no-index --no-deps .device_wheels/*.whl; }  # this package's wheel among them
python3 - <<'PY'
import torch, hyperspy_eels_edgeid
print("torch", torch.__version__, "cuda", torch.cuda.is_available(),
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "-",
      "| hyperspy_eels_edgeid", hyperspy_eels_edgeid.__version__)
PY
