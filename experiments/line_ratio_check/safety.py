"""rule2.md: Co or Cu written in Ba+O, Ba+Ti+O and Pr+O spectra with physical ratios (seeds 1040-1119), one arm.

    PYTHONPATH=ROOT python experiments/line_ratio_check/safety.py NAME
"""

import sys
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
for label, elements, first in (("Ba+O", ["Ba", "O"], 472.0), ("Ba+Ti+O", ["Ba", "Ti", "O"], 400.0), ("Pr+O", ["Pr", "O"], 472.0)):
    got = []
    for seed in range(1040, 1120):
        s = synthetic_eels(elements, energy_axis=(first, 0.25, 2000), random_state=seed, l23_branching="3d",
                           m45_branching="4f")  # fmt: skip
        s.identify_edges(show_progressbar=False)
        got.append(set(s.metadata.Sample.elements))
    print(f"{sys.argv[1]} | {label} | Co or Cu written in {sum(bool(g & {'Co', 'Cu'}) for g in got)} of 80, "
          f"{elements[0]} in {sum(elements[0] in g for g in got)}, exact {sum(g == set(elements) for g in got)}", flush=True)
