"""Which of `../flat_noise/specimen_pixels.py`'s nine-draw sums of the dev spectra (seed 7, the same draws) rule 2's
change (`rule2.patch`) flags that the package's test does not (a diagnostic after the decision).

Usage: ``python experiments/correlated_vacuum/moved_sums.py > experiments/correlated_vacuum/moved_sums.txt``
"""
import pathlib

import numpy as np

from hyperspy_eels_edgeid.hyperspy import flat_noise


def rule2(spectra):
    """`noise_only` with rule 2's noise: the quarter-run estimate where it is more than twice the channel one."""
    x = np.asarray(spectra, dtype=np.float32)
    n, c = x.shape
    run = c // flat_noise.N_BINS
    noise = flat_noise.channel_noise(x)
    quarter = max(1, run // 4)
    k = c // quarter
    coarse = flat_noise.channel_noise(x[:, : k * quarter].reshape(n, k, quarter).mean(axis=2)) * quarter
    noise = np.where(coarse > 2.0 * noise, coarse, noise)
    means = x[:, : run * flat_noise.N_BINS].reshape(n, flat_noise.N_BINS, run).mean(axis=2)
    return np.var(means, axis=1, ddof=1) * run < flat_noise.NOISE_ONLY_RATIO * noise


rng = np.random.default_rng(7)
for dose in (0.3, 1.0, 3.0):
    for path in sorted(pathlib.Path("/work/shared/real_spectra_dev/spectra").glob("*.csv")):
        y = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1]
        lam = np.clip(y, 0, None) * dose / max(np.clip(y, 0, None).mean(), 1e-30)
        sums = rng.poisson(lam, (100, 9, len(y))).astype(float).sum(axis=1)
        now, changed = flat_noise.noise_only(sums), rule2(sums)
        if (now != changed).any():
            print(f"{dose} counts per channel, {path.stem} ({len(y)} channels): sums flagged now {int(now.sum())}, "
                  f"with rule 2 {int(changed.sum())} of 100")
