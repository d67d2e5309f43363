"""Prototype: white lines modelled by peaks (convolved with the low-loss) instead of left out of the fit.

For each compound of scripts/measure_quantification.py (synthesizer source, true elements given,
low-loss given): the error of the atomic fractions with create_model's white_lines="exclude" (the
default) and with white_lines=None plus one Gaussian per white-line subshell (centre within -2..+6 eV
of the model's onset, sigma 0.3-4 eV), fitted with every channel: with bounds (area >= 0; scipy's
trust-region fit) or in two stages without bounds (the lines' areas with centre and width fixed at
onset + 2 eV and 1 eV, then everything free).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

sys.path.insert(0, "scripts")
import measure_quantification as mq  # noqa: E402

from hyperspy_eels_edgeid.cross_sections.white_lines import has_white_lines  # noqa: E402
from hyperspy_eels_edgeid.hyperspy.quantification import create_model  # noqa: E402


VARIANTS = ("exclude", "peaks, bounded", "peaks, two-stage")


def add_peaks(m):
    import hyperspy.api as hs

    for c in [c for c in m if hasattr(c, "element")]:
        if not has_white_lines(c.name):
            continue
        onset = c.onset_energy.value
        g = hs.model.components1D.Gaussian(A=1.0, centre=onset + 2.0, sigma=1.0)
        g.name = f"{c.name}_line"
        g.centre.bmin, g.centre.bmax = onset - 2.0, onset + 6.0
        g.sigma.bmin, g.sigma.bmax = 0.3, 4.0
        g.A.bmin = 0.0
        m.append(g)


def fit(s, elements, low_loss, variant):
    mq._forget_elements(s)
    s.add_elements(sorted(elements))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if variant == "exclude":
            m = create_model(s, low_loss=low_loss)
            m.fit()
        else:
            m = create_model(s, low_loss=low_loss, white_lines=None)
            add_peaks(m)
            if variant == "peaks, bounded":
                m.fit(bounded=True)
            else:  # "peaks, two-stage": the lines' areas with centre and width fixed, then everything free
                lines = [c for c in m if c.name.endswith("_line")]
                for free in (False, True):
                    for c in lines:
                        c.centre.free = c.sigma.free = free
                    m.fit()
    return {c.element: c.intensity.value for c in m if hasattr(c, "element") and c.intensity.twin is None}


def main():
    thickness = [float(x) for x in sys.argv[1:]] or [0.0, 0.3]
    for t in thickness:
        for name, (composition, axis) in mq.COMPOUNDS.items():
            for seed in range(3):
                s = mq.synthesizer_spectrum(composition, axis, seed, t, 0.0)
                ll = s.tmp_parameters.low_loss
                row = []
                for variant in VARIANTS:
                    found = fit(s.deepcopy(), composition, ll, variant)
                    row.append(mq.composition_error(found, composition))
                print(f"{name:8s} t/l {t:.2f} seed {seed}: " + "  ".join(f"{v} {e:6.1%}" for v, e in zip(VARIANTS, row)), flush=True)


if __name__ == "__main__":
    main()
