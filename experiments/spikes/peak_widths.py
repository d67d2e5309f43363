"""Which narrow real peaks does `remove_spikes` take? Gaussian peaks of 1.5-6 channels FWHM, 0.5 and 2 x the
background, on a power law of 1e5 counts at 0.1 eV per channel (Poisson noise, seed 1): the channels changed.

Usage: python experiments/spikes/peak_widths.py
"""

import numpy as np

from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes

step = 0.1
energy = 400 + step * np.arange(1000)
clean = 1e5 * (energy / 400) ** -3
for fwhm in (1.5, 2, 2.5, 3, 3.5, 4, 5, 6):
    for height in (0.5, 2.0):
        sigma = fwhm * step / 2.355
        peak = height * np.exp(-0.5 * ((energy - energy[500] - 0.03) / sigma) ** 2)
        y = np.random.default_rng(1).poisson(clean * (1 + peak)).astype(float)
        changed = np.flatnonzero(remove_spikes(energy, y[None])[0] != y)
        print(f"FWHM {fwhm} channels, peak {height} x the background: channels changed {changed.tolist()}")
