"""How strong white lines bias the edge-by-edge integration (a measurement; nothing is chosen on it).

Spectra built from the bundled table's continua with known areal densities (La : Mn : O = 1000 : 1000 : 3000,
the tests' ``known_spectrum``: a power law, 1 eV broadening, Poisson noise), without white lines and with
Lorentzian white lines (half-width 1 eV) of three times the edge's cross-section 15 eV past its onset x 10 eV.
Printed: each element's areal density from ``integrate_edges`` over the true one.  The lines' Lorentzian tails
raise the background window just below them, so the power law extrapolated under the edge is too high.

Usage: python experiments/edge_integration/white_line_tails.py
"""

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for the tests' helper

from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges  # noqa: E402
from tests.hyperspy._quantification_helpers import known_spectrum  # noqa: E402

TRUTH = {"La": 1000.0, "Mn": 1000.0, "O": 3000.0}

for white in (0.0, 3.0):
    for seed in range(3):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            integrals = integrate_edges(known_spectrum(TRUTH, seed=seed, white=white))
        found = "  ".join(f"{el} {integrals[el].areal_density / amount:.3f}" for el, amount in TRUTH.items())
        print(f"white lines {white:.0f} x, seed {seed}: {found}")
