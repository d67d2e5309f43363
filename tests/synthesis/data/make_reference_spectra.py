"""Write ``reference_spectra.npz``: noise-free synthetic spectra that later versions must reproduce.

Run from the repository root with the package importable:
``python tests/synthesis/data/make_reference_spectra.py``.  The first file was made at
commit 3953196 (the numpy forward model before the numba kernels, which reproduced it); the
committed one was regenerated when the edge continua moved to the bundled DFT table (issue 16),
again when the edge tails past the modelled range followed the table instead of a random
power law, and again when near-edge structure kept each edge's area (changes of the forward model),
with the kernels of that time.  Regenerate it only when the
forward model is meant to change, and say so in the commit.
"""

from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

#: name -> keyword arguments of synthesize_batch (add_noise=False is added)
CASES = {
    # random windows, elements and instrument of the default model (1024 channels)
    "default": dict(n=6, config=SynthesisConfig(n_channels=(1024, 1024)), rng=5),
    # the realistic training ranges
    "realistic": dict(n=6, config=SynthesisConfig.realistic().replace(n_channels=(600, 1024)), rng=6),
    # fine dispersion with plural scattering (the longest convolutions), white lines, pi* peaks
    "fine": dict(
        n=4,
        config=SynthesisConfig(),
        rng=7,
        elements=[["C", "N"], ["Ti", "N"], ["Sc"], ["C"]],
        energy_axis=(250.0, 0.1, 2600),
        fixed={"thickness": 0.8},
    ),
}


def make() -> dict[str, np.ndarray]:
    """The spectra of every case, by name."""
    return {name: synthesize_batch(add_noise=False, **kwargs).spectra for name, kwargs in CASES.items()}


if __name__ == "__main__":
    np.savez_compressed(Path(__file__).with_name("reference_spectra.npz"), **make())
