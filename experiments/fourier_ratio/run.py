"""Fourier-ratio deconvolution before the fit, against the low-loss convolution of the model (issue 16).

The plural-scattering spectra of `scripts/measure_quantification.py --source synthesizer --low-loss` (t/lambda
0.3, 8 compounds x 3 seeds, true elements given) are quantified two ways: as the package does
(`create_model(s, low_loss=ll)`: the model convolved with the low-loss, white-line ranges and their first
plasmon replica left out of the fit), and after exspy's `fourier_ratio_deconvolution(ll, threshold=3.0)`
(the automatic threshold found no inflexion point in these low-loss spectra and gave NaN), fitted without
the low-loss:

* ``--variant subtracted``: a power law fitted from the window's start to 10 eV before the first edge is
  subtracted first (exspy's docstring: "the core-loss should have the background removed"), and the model
  has no background component;
* ``--variant raw``: the spectrum as it is, and the model keeps its power-law background.

Exploratory (no rule was written before it; nothing is chosen on it). Usage:
``python experiments/fourier_ratio/run.py --variant subtracted > experiments/fourier_ratio/subtracted.txt``
"""

import argparse
import logging
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import measure_quantification as mq  # noqa: E402

from hyperspy_eels_edgeid.hyperspy.quantification import create_model  # noqa: E402


def intensities(s, low_loss, elements, variant):
    mq._forget_elements(s)
    s.add_elements(sorted(elements))
    if variant == "convolved":
        m = create_model(s, low_loss=low_loss)
    else:
        if variant == "subtracted":
            edges = create_model(s, auto_background=False)
            first = min(c.onset_energy.value for c in edges if hasattr(c, "onset_energy"))
            start = s.axes_manager.signal_axes[0].axis[0]
            s = s.remove_background(
                signal_range=(start, first - 10.0), background_type="PowerLaw", fast=True, show_progressbar=False
            )
        s = s.fourier_ratio_deconvolution(low_loss, threshold=3.0)
        mq._forget_elements(s)
        s.add_elements(sorted(elements))
        m = create_model(s, auto_background=variant == "raw")
    m.fit()
    return {c.element: c.intensity.value for c in m if hasattr(c, "element") and c.intensity.twin is None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", choices=("subtracted", "raw"), default="subtracted")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    logging.getLogger("hyperspy").setLevel(logging.ERROR)
    logging.getLogger("exspy").setLevel(logging.ERROR)
    rows = []
    for name, (composition, axis) in mq.COMPOUNDS.items():
        for seed in range(3):
            s = mq.synthesizer_spectrum(composition, axis, seed, 0.3, 0.0, mq.STRONGEST_JUMP_RATIO)
            ll = s.tmp_parameters.low_loss
            now = mq.composition_error(intensities(s.deepcopy(), ll, composition, "convolved"), composition)
            frd = mq.composition_error(intensities(s.deepcopy(), ll, composition, args.variant), composition)
            rows.append((now, frd))
            print(f"{name:8s} seed {seed}  low-loss convolution {now:6.1%}  Fourier-ratio ({args.variant}) {frd:6.1%}")
    now, frd = np.array(rows).T
    for label, e in (("low-loss convolution", now), (f"Fourier-ratio ({args.variant})", frd)):
        print(f"{label:32s} median {np.median(e):.1%}, max {e.max():.1%}, within 10 %: {np.sum(e <= 0.1)}/{e.size}")


if __name__ == "__main__":
    main()
