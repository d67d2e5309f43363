"""Would the check serve Ni read as La or Ce too? (a diagnostic for a later rule; nothing is changed)

Ni beside O with physical ratios and tall lines (5-8 and 8-30 times their step), La and Ce beside O with physical
ratios, 20 spectra each (seeds 1200-1219), read by `identify_edges` as bundled: the elements written and, where La or
Ce is written and Ni is not, `fitted_line_ratio` at the lanthanide's reported onset with the lanthanide's M5-M4
spacing (La 17 eV, Ce 18 eV; Ni L3-L2 17 eV).

    python experiments/line_ratio_check/nickel.py > experiments/line_ratio_check/nickel.txt
"""

import collections
import warnings

import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.hyperspy.line_ratio_check import fitted_line_ratio

warnings.filterwarnings("ignore")
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")
CASES = (("Ni 5-8", ["Ni", "O"], dict(tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0))),
         ("Ni 8-30", ["Ni", "O"], dict(tall_white_line_probability=1.0, tall_white_line_strength=(8.0, 30.0))),
         ("La", ["La", "O"], {}), ("Ce", ["Ce", "O"], {}))
for label, elements, extra in CASES:
    written, ratios = collections.Counter(), []
    for seed in range(1200, 1220):
        s = synthetic_eels(elements, energy_axis=(472.0, 0.25, 2000), random_state=seed, **PHYSICAL, **extra)
        table = s.identify_edges(add_elements=False, show_progressbar=False)
        written["".join(table.elements)] += 1
        for row in table:
            if row.element in ("La", "Ce") and "Ni" not in table.elements:
                spacing = onset_energy(f"{row.element}_M4") - onset_energy(f"{row.element}_M5")
                ratios.append(fitted_line_ratio(s.axes_manager[-1].axis, s.data, row.onset, spacing))
    r = np.array(ratios)
    print(f"{label}: written {dict(written)}; La/Ce ratios (n={r.size}) "
          + (f"p10/p50/p90 {np.nanpercentile(r, [10, 50, 90]).round(2)}, >= 2.0: {np.mean(r >= 2.0):.2f}" if r.size else "-"),
          flush=True)
