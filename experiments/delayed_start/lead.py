"""How far before a delayed 4d M4,5 edge must the window start? Stage 20 on synthetic 4d oxides (a diagnostic).

SrO, Y2O3, ZrO2, Nb2O5 and MoO3 from `synthetic_eels` (the compound's atomic ratios, default `SynthesisConfig`),
30 spectra each (seeds 7000-7029), 800 channels of 1 eV starting 40, 80 or 120 eV before the metal's M5 onset
(for Sr at 134 eV the 120 eV lead starts at 14 eV, in the low-loss region: left out). Counted: the metal missed
and the elements reported that are not the compound's, at the bundled threshold. Nothing is chosen on this.

    python experiments/delayed_start/lead.py > experiments/delayed_start/lead.txt
"""

import collections
import warnings

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

warnings.simplefilter("ignore")
rec = load_recognizer(device="cpu")
COMPOUNDS = {"Sr": {"Sr": 1, "O": 1}, "Y": {"Y": 2, "O": 3}, "Zr": {"Zr": 1, "O": 2}, "Nb": {"Nb": 2, "O": 5},
             "Mo": {"Mo": 1, "O": 3}}  # fmt: skip
for lead in (40, 80, 120):
    for metal, ratios in COMPOUNDS.items():
        m5 = next(g.onset for g in edge_groups_of(metal) if g.name == "M5")
        if m5 - lead < 50:
            continue
        false, missed = collections.Counter(), 0
        for i in range(30):
            axis = (m5 - lead, 1.0, 800)
            s = synthetic_eels(list(ratios), atomic_ratios=ratios, energy_axis=axis, random_state=7000 + i)
            pred = rec.predict(s.axes_manager[0].axis, s.data)
            reported = {e for k, e in enumerate(rec.elements) if pred.probabilities[0, k] >= rec.thresholds[k]}
            false.update(reported - set(ratios))
            missed += metal not in reported
        print(f"lead {lead:3d} eV  {metal}: missed {missed:2d} of 30; false {dict(false.most_common())}", flush=True)
