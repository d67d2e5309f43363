"""Vacuum whose noise is correlated over neighbouring channels (a scintillator/CCD detector's point-spread function):
does a map write false elements from it? (a probe, 7 Dec 2026)

`../flat_noise/vacuum_maps.py`'s maps (16 x 16 of `synthetic_eels(["O", "Fe"], energy_axis=(400, 0.5, 1024))`,
pixels outside a disk of radius 6 replaced by vacuum; seeds 62000-62019) with vacuum of 100 + normal noise of sigma 3
smoothed along the energy axis by a Gaussian of sigma 1.5 or 4 channels (rescaled to sigma 3 again). `identify_edges()`
defaults; prints the elements written, per false element the pixels showing it and how many lie in the vacuum, and
how many vacuum pixels `flat_noise.noise_only` flags (as the map reads them, 3 x 3 sums).

Usage: ``python experiments/correlated_vacuum/probe.py > experiments/correlated_vacuum/before.txt`` (``after.txt``,
``after2.txt``: with rule 1's and rule 2's change)
"""
import collections
import warnings

import numpy as np
from scipy.ndimage import gaussian_filter1d, uniform_filter

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.flat_noise import noise_only

warnings.filterwarnings("ignore")
written = collections.Counter()
for seed in range(62000, 62020):
    for width in (1.5, 4.0):
        s = synthetic_eels(["O", "Fe"], navigation_shape=(16, 16), energy_axis=(400.0, 0.5, 1024), random_state=seed)
        rng = np.random.default_rng(seed)
        yy, xx = np.mgrid[:16, :16]
        vacuum = (xx - 8) ** 2 + (yy - 8) ** 2 > 36
        n = int(vacuum.sum())
        noise = gaussian_filter1d(rng.normal(0.0, 1.0, size=(n, s.data.shape[-1])), width, axis=-1)
        s.data[vacuum] = 100 + 3.0 * noise / noise.std()
        sums = uniform_filter(s.data.astype(float), size=(3, 3, 1), mode="nearest")
        flagged = int((noise_only(sums.reshape(-1, sums.shape[-1])).reshape(16, 16) & vacuum).sum())
        p = s.identify_edges(show_progressbar=False)
        names = list(p.metadata.EdgeID.elements)
        got = list(s.metadata.Sample.elements)
        false = [e for e in got if e not in ("Fe", "O")]
        written[(width, "exact" if not false and set(got) == {"Fe", "O"} else "not exact")] += 1
        line = f"{seed} sigma {width} channels: vacuum pixels flagged {flagged} of {n}; written {got}"
        for e in false:
            hit = p.data[..., names.index(e)] >= 0.35
            line += f" | {e}: {int(hit.sum())} pixels, {int((hit & vacuum).sum())} in vacuum"
        print(line, flush=True)
print(dict(written))
