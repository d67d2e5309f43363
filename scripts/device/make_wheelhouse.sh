#!/usr/bin/env bash
# Run HERE (this machine reaches the package registries; the device machine reaches nothing).
#
# Downloads, into .device_wheels/ at the repository root (git-ignored), the Python 3.12
# manylinux wheels of this package's runtime and test dependencies that the device
# machine's image lacks.  The image already holds PyTorch, numpy, scipy, numba, h5py,
# matplotlib, safetensors, pytest and the other packages listed in
# /work/.library/device/KINDS.md ("Python packages already there", read 2026-11-17);
# the big ones among them are left out so that the folder stays well under the
# device tool's 64 MiB carry limit.  Then pass `carry: [".device_wheels"]` to every
# device run that calls scripts/device/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.device_wheels
rm -rf "$out" && mkdir -p "$out"
# the requirements of pyproject.toml (runtime, tests, build), except PyTorch (the image's CUDA build)
mapfile -t requirements < <(python3 - <<'PY'
import tomllib
p = tomllib.load(open("pyproject.toml", "rb"))
for r in p["project"]["dependencies"] + p["project"]["optional-dependencies"]["tests"] + p["build-system"]["requires"]:
    if not r.replace(" ", "").lower().startswith("torch"):
        print(r)
PY
)
python3 -m pip download --quiet --only-binary=:all: --implementation cp --python-version 3.12 \
  --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64 \
  -d "$out" "${requirements[@]}"
# on the device image already (KINDS.md); a missing one makes setup.sh stop with pip's message
shopt -s nocaseglob  # wheel names may be capitalised (PyYAML, MarkupSafe)
for name in numpy scipy numba llvmlite matplotlib pillow sympy mpmath fonttools h5py kiwisolver contourpy \
            requests urllib3 idna charset_normalizer certifi pyyaml msgpack jinja2 markupsafe pygments pytest imageio; do
  rm -f "$out"/"$name"-*.whl
done
# the test extras distributed and zarr (with numcodecs and tornado: 11 MB) stay behind: the tracked tree is about
# 45 MB and a call carries 64 MiB in all (4 Dec 2026); the tests that use them skip without them (setup.sh)
rm -f "$out"/numcodecs-*.whl "$out"/zarr-*.whl "$out"/distributed-*.whl "$out"/tornado-*.whl
# this package's own wheel (12 MB, the GOS table and weights inside): pip there cannot build it (its wheels hold no
# setuptools >= 77), and HyperSpy registers the extension only when it is installed
rm -rf build  # a stale build/lib would put deleted modules into the wheel
python3 -m pip wheel --quiet --no-deps --no-build-isolation . -w "$out"
du -sh "$out"
