"""exspy's EELS_MnFe shapes with the white lines scaled and narrowed: what the bundled network reads (rule.md's "Why").

The noise-free Fe edge of `exspy.data.EELS_MnFe` (an arctan step of height 1 at 708 eV, Gaussian L3 / L2 lines of
area 150 / 50 at 708 / 721 eV, exspy's L2 moved from 730 eV to the table's 721 eV) on its power law (1e9 E^-2.9),
400-800 eV at 0.25 eV, with the lines' areas scaled by `amp` and their sigma set to 1, 2 or 4 eV (the L2 line 0.75
of it). The L3 line then stands amp x 150 / (sigma sqrt(2 pi)) above the step. One network pass each, no shift search,
the bundled model; the three elements the network gives most, with the decoder's probability and detected onset.

Usage: python experiments/tall_white_lines/toy_lines.py [--model DIR]
"""

import argparse
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

warnings.filterwarnings("ignore")
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--model", default=None)
recognizer = load_recognizer(ap.parse_args().model)
x = np.arange(400, 800, 0.25)


def gaussian(centre, area, sigma):
    return area / (sigma * np.sqrt(2 * np.pi)) * np.exp(-0.5 * ((x - centre) / sigma) ** 2)


cases = [(amp, sigma) for amp in (0.1, 0.2, 0.33, 0.6, 1.0) for sigma in (1.0, 2.0, 4.0)]
spectra = np.array([
    (np.pi / 2 + np.arctan(0.2 * (x - 708))) / np.pi + gaussian(708, 150 * amp, sigma)
    + gaussian(721, 50 * amp, 0.75 * sigma) + 1e9 * x**-2.9
    for amp, sigma in cases
])
p = recognizer.predict(x, spectra)
for row, (amp, sigma) in enumerate(cases):
    top = np.argsort(p.network_probabilities[row])[::-1][:3]
    read = ", ".join(
        f"{p.elements[k]} {p.network_probabilities[row, k]:.2f} / {p.probabilities[row, k]:.2f} "
        f"at {p.onsets[row, k]:.1f} eV"
        for k in top
    )
    print(f"amp {amp:<4} sigma {sigma} eV (L3 {amp * 150 / (sigma * np.sqrt(2 * np.pi)):4.1f} x the step): {read}")
