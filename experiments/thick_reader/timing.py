"""Time of `identify_edges` on a map whose partner is thin everywhere, thick everywhere, or both (one thread).

A 32 x 32 synthetic Fe/O map (100-1123.5 eV, 2,048 channels) and synthetic low-loss partners; the mixed partner has
the left half of the map at t/λ 1.6 and the right at 0.2, so both models run over the whole map. Best of three.

    OMP_NUM_THREADS=1 python experiments/thick_reader/timing.py > experiments/thick_reader/out/timing.txt
"""

import time
import warnings

import numpy as np
import torch

import hyperspy_eels_edgeid as edgeid

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(32, 32), random_state=0)
template = edgeid.data.synthetic_low_loss(s)
partners = {}
for name, left, right in (("thin", 0.2, 0.2), ("thick", 1.6, 1.6), ("mixed", 1.6, 0.2)):
    rows = []
    for t in (left, right):
        s.metadata.Truth.parameters.thickness = t
        rows.append(edgeid.data.synthetic_low_loss(s).data)
    ll = template.deepcopy()
    ll.data = np.where(np.arange(32)[None, :, None] < 16, rows[0], rows[1]).astype(np.float32)
    partners[name] = ll
for name, ll in partners.items():
    times = []
    for _ in range(3):
        start = time.perf_counter()
        p = edgeid.identify_edges(s, low_loss=ll, add_elements=False, show_progressbar=False)
        times.append(time.perf_counter() - start)
    other = p.metadata.EdgeID.get_item("other_reader.pixels", 0)
    print(f"{name}: {min(times):.2f} s ({1024 / min(times):.0f} spectra/s), model {p.metadata.EdgeID.weights}, "
          f"other model's pixels {other}", flush=True)
