"""rule.md item 3: flat uncorrelated Poisson noise, 2,000 spectra of 1,024 channels, 0.2-100 counts per channel
(log-uniform, seed 62100): how many `noise_only` flags.

Usage: ``python experiments/correlated_vacuum/flat.py``
"""
import numpy as np

from hyperspy_eels_edgeid.hyperspy import flat_noise

rng = np.random.default_rng(62100)
level = np.exp(rng.uniform(np.log(0.2), np.log(100.0), 2000))
spectra = rng.poisson(level[:, None], (2000, 1024)).astype(np.float32)
print(f"flagged {int(flat_noise.noise_only(spectra).sum())} of 2000")
