"""How many specimen pixels `noise_only` takes for vacuum (a check; written with the rule in flat_noise.py).

(1) Synthetic 8 x 8 maps (`synthetic_eels`, 2-4 elements, default axis; 40 default, seeds 42100-42139, and 40
`realistic()`, seeds 42200-42239): pixels whose 3 x 3 neighbourhood sum (what `identify_edges` reads) is flagged.
(2) The 24 real dev spectra at low dose: each scaled so that its mean is 0.3, 1 or 3 counts per channel and drawn
with Poisson noise (100 draws each, seed 7); flagged alone and as the sum of nine such draws.

Usage: ``OMP_NUM_THREADS=1 python experiments/flat_noise/specimen_pixels.py``
"""
import pathlib
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.flat_noise import noise_only
from hyperspy_eels_edgeid.hyperspy.neighbour_sum import summed_neighbours
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
for name, config, first in (("default", SynthesisConfig(), 42100), ("realistic", SynthesisConfig.realistic(), 42200)):
    flagged = total = 0
    for seed in range(first, first + 40):
        s = synthetic_eels(navigation_shape=(8, 8), config=config, random_state=seed)
        summed = np.asarray(summed_neighbours(s.data, 2))
        flagged += int(noise_only(summed.reshape(-1, summed.shape[-1])).sum())
        total += 64
    print(f"synthetic {name} maps: {flagged} of {total} pixels flagged")
rng = np.random.default_rng(7)
for dose in (0.3, 1.0, 3.0):
    alone = summed = n = 0
    worst = []
    for p in sorted(pathlib.Path("/work/shared/real_spectra_dev/spectra").glob("*.csv")):
        y = np.loadtxt(p, delimiter=",", skiprows=1)[:, 1]
        lam = np.clip(y, 0, None) * dose / max(np.clip(y, 0, None).mean(), 1e-30)
        draws = rng.poisson(lam, (100, 9, len(y))).astype(float)
        a = noise_only(draws[:, 0]).sum()
        b = noise_only(draws.sum(axis=1)).sum()
        alone += int(a); summed += int(b); n += 100
        if a:
            worst.append((p.stem, int(a)))
    print(f"dev spectra at {dose} counts per channel: flagged alone {alone} of {n}, as sums of nine {summed} of {n};"
          f" alone by spectrum {sorted(worst, key=lambda t: -t[1])[:6]}")
