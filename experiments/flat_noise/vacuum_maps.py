"""Particle maps with vacuum around them: false elements written from the vacuum pixels (a probe).

16 x 16 maps of `synthetic_eels(["O", "Fe"], energy_axis=(400, 0.5, 1024))` (seeds 42000-42019) whose pixels outside
a disk of radius 6 are replaced by vacuum: flat Poisson noise of 2 counts per channel ("counting"), or 100 + normal
noise of sigma 3 ("offset"). `identify_edges()` defaults; prints the elements written and, per false element, the
pixels showing it and how many of them lie in the vacuum.

Usage: ``PYTHONPATH=ROOT OMP_NUM_THREADS=2 python experiments/flat_noise/vacuum_maps.py``
"""
import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
written = collections.Counter()
for seed in range(42000, 42020):
    for kind in ("counting", "offset"):
        s = synthetic_eels(["O", "Fe"], navigation_shape=(16, 16), energy_axis=(400.0, 0.5, 1024), random_state=seed)
        rng = np.random.default_rng(seed)
        yy, xx = np.mgrid[:16, :16]
        vacuum = (xx - 8) ** 2 + (yy - 8) ** 2 > 36
        n = int(vacuum.sum())
        if kind == "counting":
            s.data[vacuum] = rng.poisson(2.0, size=(n, s.data.shape[-1]))
        else:
            s.data[vacuum] = 100 + rng.normal(0.0, 3.0, size=(n, s.data.shape[-1]))
        p = s.identify_edges(show_progressbar=False)
        names = list(p.metadata.EdgeID.elements)
        got = list(s.metadata.Sample.elements)
        false = [e for e in got if e not in ("Fe", "O")]
        written[(kind, "exact" if not false and set(got) == {"Fe", "O"} else "not exact")] += 1
        line = f"{seed} {kind:8s} {got}"
        for e in false:
            hit = p.data[..., names.index(e)] >= 0.35
            line += f" | {e}: {int(hit.sum())} pixels, {int((hit & vacuum).sum())} in vacuum"
        print(line, flush=True)
print(dict(written))
