"""How far the synthesizer's K-Cu L3 lines stand above their continuum (rule.md's "Why" and "Change").

For each metal, 60 spectra of the metal alone (`synthetic_eels`, default settings, 1e9 counts, 0.25 eV per channel
from 150 eV below L3; seeds 0-59): the power law fitted 100-15 eV before the (shifted) L3 onset is subtracted and
the highest point between L3 - 5 eV and L2 + 8 eV is divided by the median 30-50 eV past L2. Percentiles 10/50/90.

Usage: python experiments/tall_white_lines/peak_ratio.py [--tall]   (--tall: every pair tall, the default range)
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels

METALS = (("Ca", 346, 350), ("Ti", 456, 462), ("Mn", 640, 651), ("Fe", 708, 721), ("Ni", 855, 872), ("Cu", 931, 951))

warnings.filterwarnings("ignore")
extra = {"tall_white_line_probability": 1.0} if "--tall" in sys.argv[1:] else {}
for metal, l3, l2 in METALS:
    ratios = []
    for seed in range(60):
        s = synthetic_eels([metal], energy_axis=(l3 - 150.0, 0.25, 1600), random_state=seed, counts=(1e9, 1e9), **extra)
        x, y = s.axes_manager[-1].axis, s.data.astype(float)
        shift = float(s.metadata.Truth.parameters.shift)
        pre = (x > l3 + shift - 100) & (x < l3 + shift - 15)
        signal = y - np.exp(np.polyval(np.polyfit(np.log(x[pre]), np.log(y[pre]), 1), np.log(x)))
        peak = signal[(x > l3 + shift - 5) & (x < l2 + shift + 8)].max()
        step = np.median(signal[(x > l2 + shift + 30) & (x < l2 + shift + 50)])
        ratios.append(peak / max(step, 1e-9))
    percentiles = np.round(np.percentile(ratios, [10, 50, 90]), 1)
    print(metal, "L3 peak / continuum 30-50 eV past L2, percentiles 10 50 90:", percentiles)
