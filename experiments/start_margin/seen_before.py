"""What rule.md's "Seen before writing" lists: window-end losses by side and family, and `pre_edge_ev` alone.

3,000 synthetic spectra of the calibration seed (20261202), the bundled model's evidence, threshold 0.35, PSNR < 3
don't care. Part 1 (default settings): the true elements the window-end rule declines that the labels' own margins
(5 eV after the start, 10 eV before the end) would judge, by side and shape family, how many of them a decoder
with those margins reports, and the false elements it adds. Part 2: F1 / precision with `pre_edge_ev` 15 ... 5
on the default and `realistic()` settings.

    python experiments/start_margin/seen_before.py > experiments/start_margin/seen_before.txt
"""

import collections
import dataclasses
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
dec = rec.decoder.with_thresholds(0.35)
E = dec.elements


def variant(**changes):
    onsets = [list(o[~np.isnan(o)]) for o in dec.principal_table]
    return ElementDecoder(E, onsets, 0.35, dataclasses.replace(dec.settings, **changes), step_energy=dec.step_energy)


ev, truths, weak = synthetic_evidence(rec, 3000, 20261202)
a = dec.decide_evidence(ev)
b = variant(pre_edge_ev=5.0, post_edge_ev=10.0, post_edge_white_line_ev=10.0).decide_evidence(ev)
nearest = dec.nearest_principal(np.where(ev["observable"], ev["onsets"], 0.0))
family = np.take_along_axis(dec.principal_families[None], nearest[..., None], 2)[..., 0]
tabulated = np.take_along_axis(dec.principal_table[None], nearest[..., None], 2)[..., 0]


def key(i, k):
    side = "start" if tabulated[i, k] - ev["window_start"][i] < ev["window_end"][i] - tabulated[i, k] else "end"
    return side, FAMILIES[family[i, k]]


declined, reported, added = collections.Counter(), collections.Counter(), collections.Counter()
for i, t in enumerate(truths):
    for e in t:
        k = E.index(e)
        if not a.observable[i, k] and b.observable[i, k]:
            declined[key(i, k)] += 1
            reported[key(i, k)] += int(b.probabilities[i, k] >= 0.35)
    for k in np.flatnonzero((b.probabilities[i] >= 0.35) & ~(a.probabilities[i] >= 0.35)):
        if E[k] not in t and E[k] not in weak[i]:
            added[key(i, k)] += 1
print("1. true elements declined by the window-end rule (judged with the labels' margins): side, family, declined, "
      "reported with the labels' margins")
for k, n in declined.most_common():
    print("  ", k, n, reported[k])
print("   false elements the labels' margins add:", added.most_common())
print("2. pre_edge_ev alone")
for name, config in (("default", None), ("realistic", SynthesisConfig.realistic())):
    evidence, tr, wk = (ev, truths, weak) if config is None else synthetic_evidence(rec, 3000, 20261202, config=config)
    for pre in (15.0, 12.0, 10.0, 8.0, 5.0):
        hit = variant(pre_edge_ev=pre).decide_evidence(evidence).probabilities >= 0.35
        m = set_metrics(tr, [{E[k] for k in np.flatnonzero(h)} - w for h, w in zip(hit, wk)])
        print(f"   {name} pre_edge_ev {pre:g}: F1 {m['f1']:.4f} precision {m['precision']:.4f}")
