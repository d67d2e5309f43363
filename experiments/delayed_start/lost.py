"""Which elements the delayed-edge margins (30 / 50 eV) remove, true and false (outcome.md's diagnostic).

3,000 default synthetic spectra of the calibration seed (20261202), the bundled model's evidence decided twice at
0.35: with the JSON's decoder and with `pre_edge_delayed_ev` 30, `post_edge_delayed_ev` 50. PSNR < 3 don't care.

    python experiments/delayed_start/lost.py > experiments/delayed_start/lost.txt
"""

import collections
import dataclasses
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
ev, truths, weak = synthetic_evidence(rec, 3000, 20261202)
dec = rec.decoder
wide = ElementDecoder(
    dec.elements, [list(o[~np.isnan(o)]) for o in dec.principal_table], 0.35,
    dataclasses.replace(dec.settings, pre_edge_delayed_ev=30.0, post_edge_delayed_ev=50.0), step_energy=dec.step_energy,
)  # fmt: skip
a = dec.with_thresholds(0.35).decide_evidence(ev).probabilities >= 0.35
b = wide.decide_evidence(ev).probabilities >= 0.35
E = dec.elements
lost_true, lost_false, new = collections.Counter(), collections.Counter(), collections.Counter()
for i, t in enumerate(truths):
    A = {E[k] for k in np.flatnonzero(a[i])} - weak[i]
    B = {E[k] for k in np.flatnonzero(b[i])} - weak[i]
    for e in A - B:
        (lost_true if e in t else lost_false)[e] += 1
    for e in B - A:
        new[e + (" (true)" if e in t else "")] += 1
print("true elements removed", sum(lost_true.values()), lost_true.most_common(12))
print("false elements removed", sum(lost_false.values()), lost_false.most_common(12))
print("elements added", sum(new.values()), new.most_common(12))
