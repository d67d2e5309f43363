#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (in the repository root; carry .device_wheels, see make_wheelhouse.sh).
# Installs the missing dependencies from the carried wheels (no network there) and this
# package (without its dependencies: PyTorch with CUDA is already on the image), then
# checks that PyTorch sees the GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
test -d .device_wheels || { echo "setup.sh: .device_wheels/ missing: run scripts/device/make_wheelhouse.sh here and carry it" >&2; exit 2; }
python3 -m pip install --quiet --no-index --find-links .device_wheels \
  "hyperspy>=2.1" "exspy>=0.3" "dask[array]>=2023.1" "distributed>=2023.1" "zarr<3"
python3 -m pip install --quiet --no-index --find-links .device_wheels "setuptools>=77" wheel
python3 -m pip install --quiet --no-index --no-deps --no-build-isolation .
python3 - <<'PY'
import torch, hyperspy_eels_edgeid
print("torch", torch.__version__, "cuda", torch.cuda.is_available(),
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "-",
      "| hyperspy_eels_edgeid", hyperspy_eels_edgeid.__version__)
PY
