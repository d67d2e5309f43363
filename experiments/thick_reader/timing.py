"""Time of `identify_edges` on a map whose partner is thin everywhere, thick everywhere, or both (one thread).

A 32 x 32 synthetic Fe/O map (100-1123.5 eV, 2,048 channels) and synthetic low-loss partners; the mixed partner has
the left half of the map at t/λ 1.6 and the right at 0.2, so both models run over the whole map. Best of three.

    OMP_NUM_THREADS=1 python experiments/thick_reader/timing.py > experiments/thick_reader/out/timing.txt

On a GPU machine (`../gpu_checks/call_readers.sh`): ``--device cuda --size 128 --threads 0`` (0: torch's default).
"""

import argparse
import time
import warnings

import numpy as np
import torch

import hyperspy_eels_edgeid as edgeid

parser = argparse.ArgumentParser()
parser.add_argument("--device", default="cpu")
parser.add_argument("--size", type=int, default=32, help="the map is size x size pixels")
parser.add_argument("--threads", type=int, default=1, help="torch threads (0: torch's default)")
args = parser.parse_args()
warnings.filterwarnings("ignore")
if args.threads:
    torch.set_num_threads(args.threads)
n = args.size
s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(n, n), random_state=0)
template = edgeid.data.synthetic_low_loss(s)
partners = {}
for name, left, right in (("thin", 0.2, 0.2), ("thick", 1.6, 1.6), ("mixed", 1.6, 0.2)):
    rows = []
    for t in (left, right):
        s.metadata.Truth.parameters.thickness = t
        rows.append(edgeid.data.synthetic_low_loss(s).data)
    ll = template.deepcopy()
    ll.data = np.where(np.arange(n)[None, :, None] < n // 2, rows[0], rows[1]).astype(np.float32)
    partners[name] = ll
for name, ll in partners.items():
    times = []
    for _ in range(3):
        start = time.perf_counter()
        p = edgeid.identify_edges(s, low_loss=ll, add_elements=False, show_progressbar=False, device=args.device)
        times.append(time.perf_counter() - start)
    other = p.metadata.EdgeID.get_item("other_reader.pixels", 0)
    print(f"{name}: {min(times):.2f} s ({n * n / min(times):.0f} spectra/s), model {p.metadata.EdgeID.weights}, "
          f"other model's pixels {other}", flush=True)
