"""rule3.md's items 1-3 on fresh draws, each decided without the change (`CORRELATED_DIFFERENCES` = inf: the test of
`6ed3fcc`) and with it.

Usage: ``python experiments/correlated_vacuum/fresh.py > experiments/correlated_vacuum/fresh.txt``
"""
import pathlib
import warnings

import numpy as np
from scipy.ndimage import binary_dilation, gaussian_filter1d

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import flat_noise
from hyperspy_eels_edgeid.hyperspy.neighbour_sum import summed_neighbours
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
GATE = flat_noise.CORRELATED_DIFFERENCES
ARMS = {"without the change": np.inf, "with it": GATE}


def judged(arm, spectra):
    flat_noise.CORRELATED_DIFFERENCES = ARMS[arm]
    return flat_noise.noise_only(spectra)


# item 1: correlated-vacuum maps (probe.py's, seeds 62200-62219)
yy, xx = np.mgrid[:16, :16]
vacuum = (xx - 8) ** 2 + (yy - 8) ** 2 > 36
deep = vacuum & ~binary_dilation(~vacuum, structure=np.ones((3, 3), bool))
for arm in ARMS:
    false_maps, deep_maps = 0, 0
    for seed in range(62200, 62220):
        for width in (1.5, 4.0):
            s = synthetic_eels(["O", "Fe"], navigation_shape=(16, 16), energy_axis=(400.0, 0.5, 1024), random_state=seed)
            noise = gaussian_filter1d(np.random.default_rng(seed).normal(0.0, 1.0, (int(vacuum.sum()), 1024)), width, axis=-1)
            s.data[vacuum] = 100 + 3.0 * noise / noise.std()
            flat_noise.CORRELATED_DIFFERENCES = ARMS[arm]
            p = s.identify_edges(show_progressbar=False)
            false_maps += bool(set(s.metadata.Sample.elements) - {"Fe", "O"})
            deep_maps += bool(np.isnan(p.data[..., 0][deep]).all())
    print(f"1 {arm}: maps writing a false element {false_maps} of 40; maps with all {int(deep.sum())} vacuum-only "
          f"pixels not read {deep_maps} of 40", flush=True)
# item 2: specimen pixels (specimen_pixels.py's checks, fresh seeds)
for name, config, first in (("default", SynthesisConfig(), 62300), ("realistic", SynthesisConfig.realistic(), 62400)):
    counts = dict.fromkeys(ARMS, 0)
    for seed in range(first, first + 40):
        s = synthetic_eels(navigation_shape=(8, 8), config=config, random_state=seed)
        summed = np.asarray(summed_neighbours(s.data, 2)).reshape(64, -1)
        for arm in ARMS:
            counts[arm] += int(judged(arm, summed).sum())
    print(f"2 synthetic {name} maps, pixels flagged of 2560: {counts}", flush=True)
rng = np.random.default_rng(8)
paths = sorted(pathlib.Path("/work/shared/real_spectra_dev/spectra").glob("*.csv"))
own = dict.fromkeys(ARMS, 0)
for path in paths:
    y = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1][None]
    for arm in ARMS:
        own[arm] += int(judged(arm, y).sum())
print(f"2 dev spectra at their own counts flagged of 24: {own}")
for dose in (0.3, 1.0, 3.0):
    counts, new_only = dict.fromkeys(ARMS, 0), 0
    for path in paths:
        y = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1]
        lam = np.clip(y, 0, None) * dose / max(np.clip(y, 0, None).mean(), 1e-30)
        sums = rng.poisson(lam, (100, 9, len(y))).astype(float).sum(axis=1)
        before, after = judged("without the change", sums), judged("with it", sums)
        counts["without the change"] += int(before.sum())
        counts["with it"] += int(after.sum())
        new_only += int((after & ~before).sum())
    print(f"2 dev sums of nine at {dose} counts per channel, flagged of 2400: {counts}; flagged only with it {new_only}",
          flush=True)
# item 3: flat Poisson noise (flat.py's draw, seed 62101)
rng = np.random.default_rng(62101)
level = np.exp(rng.uniform(np.log(0.2), np.log(100.0), 2000))
spectra = rng.poisson(level[:, None], (2000, 1024)).astype(np.float32)
print("3 flat Poisson noise flagged of 2000: " + str({arm: int(judged(arm, spectra).sum()) for arm in ARMS}))
flat_noise.CORRELATED_DIFFERENCES = GATE
