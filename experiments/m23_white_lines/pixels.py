"""Five of rule2.md's maps (seeds 6011, 6046, 6048, 6013, 6017): the pixels where stage 20 and RW35 show the false 4d
element, with its probability, onset, log-odds, family share and companion support (after the decision; a diagnostic).

    python experiments/m23_white_lines/pixels.py > experiments/m23_white_lines/pixels.txt
"""

import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

warnings.simplefilter("ignore")
config = SynthesisConfig().replace(candidate_elements=PRIOR_TIERS["common"])
for model in ("runs/stage20", "runs/m23_RW35"):
    rec = load_recognizer(model, device="cpu")
    for seed, el in ((6011, "Zr"), (6046, "Zr"), (6048, "Zr"), (6013, "Y"), (6017, "Y")):
        s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
        e = s.axes_manager.signal_axes[0].axis
        x = s.data.reshape(-1, e.size)
        p = rec.predict(e, x, edge_support=True)
        k = rec.elements.index(el)
        hit = np.flatnonzero(p.probabilities[:, k] >= 0.35)
        ev = p.evidence
        rows = [
            (int(i), *(round(float(v), 2) for v in (p.probabilities[i, k], ev["onsets"][i, k], ev["logits"][i, k],
                                                    ev["family_share"][i, k], ev["companion_support"][i, k])))
            for i in hit[:4]
        ]  # fmt: skip
        print(model, seed, el, "pixels", hit.size, rows)
