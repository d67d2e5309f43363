"""Does leaving the near-edge range of every edge out of the fit bring the quantification spectra within 10 %?

The 48 spectra of ``scripts/measure_quantification.py --source synthesizer --low-loss`` (8 compounds x 3
seeds x t/λ 0 and 0.3), fitted with the true elements given (the fit alone, no network), by
``create_model`` as bundled (white-line ranges left out) and then with, in addition, the first W eV past
the onset of every edge without white lines left out of the fitted channels (W = 15, 30, 45), or, with
``--spline``, fitted by exspy's fine-structure spline (``fine_structure_active``, width W) instead.
Prints the largest atomic-fraction error per spectrum and a summary per W.

Usage: python experiments/near_edge_fit/measure.py [--widths 15 30 45] [--spline]
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from measure_quantification import COMPOUNDS, composition_error, synthesizer_spectrum  # noqa: E402

from hyperspy_eels_edgeid.cross_sections.white_lines import has_white_lines  # noqa: E402
from hyperspy_eels_edgeid.hyperspy.quantification import create_model  # noqa: E402


def fit(s, composition, width, low_loss, spline=False):
    s.add_elements(sorted(composition))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = create_model(s, low_loss=low_loss)
        axis = m.axis.axis
        if width:
            for c in m:
                if not hasattr(c, "element") or has_white_lines(c.name):
                    continue
                if spline:
                    c.fine_structure_width = width  # exspy's spline replaces the edge over [onset, onset + width]
                    c.fine_structure_active = True
                else:
                    onset = c.onset_energy.value
                    lo, hi = max(onset - 2.0, axis[0]), min(onset + width, axis[-1])
                    if lo < hi:
                        m.remove_signal_range(lo, hi)
        m.fit()
    return {c.element: c.intensity.value for c in m if hasattr(c, "element") and c.intensity.twin is None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--widths", type=float, nargs="*", default=[15.0, 30.0, 45.0])
    ap.add_argument("--spline", action="store_true", help="fit the near-edge range with exspy's fine-structure spline")
    a = ap.parse_args()
    widths = [0.0] + a.widths
    errors = {w: [] for w in widths}
    for thickness in (0.0, 0.3):
        for name, (composition, axis) in COMPOUNDS.items():
            for seed in range(3):
                row = []
                spectrum = synthesizer_spectrum(composition, axis, seed, thickness)
                for w in widths:
                    s = spectrum.deepcopy()  # fit() adds the elements to the signal
                    e = composition_error(fit(s, composition, w, spectrum.tmp_parameters.low_loss, a.spline), composition)
                    errors[w].append(e)
                    row.append(f"{e:6.1%}")
                print(f"{name:8s} {thickness:4.1f} {seed}  " + "  ".join(row), flush=True)
    for w in widths:
        e = np.array(errors[w])
        print(f"W {w:4.0f} eV: median {np.median(e):.1%}, max {e.max():.1%}, within 10 % {np.sum(e <= 0.10)}/{e.size}")


if __name__ == "__main__":
    main()
