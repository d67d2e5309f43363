"""The window-end margins on real spectra: the dev spectra cropped so that one labelled edge lies near a window end.

A measurement of the decoder as bundled against the decoder before 5 Dec 2026's changes (start 15 eV and end
30 eV for every edge but white-line ones, 25 eV before the end for those; no deferral), on the same network evidence;
nothing is chosen on it. The cuts: `cuts.py`. Counted per decoder: how often that element is reported, and the false elements
(reported, not among the spectrum's `all_elements` or `possible_extra_elements`).

    python experiments/window_crops/measure.py [MODEL_DIR] > experiments/window_crops/out.txt

MODEL_DIR (default: the bundled model) gives the network and the decoder called "bundled".
"""

import dataclasses
import sys
import warnings
from collections import Counter

import numpy as np
from cuts import cuts

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1] if len(sys.argv) > 1 else None, device="cpu")
before = dataclasses.replace(
    rec.decoder.settings, post_edge_ev=30.0, post_edge_delayed_ev=None, pre_edge_white_line_ev=None,
    defer_to_unjudged_ev=None,
)
decoders = {
    "bundled": rec.decoder,
    "before": ElementDecoder(rec.elements, [np.asarray(o) for o in rec.metadata["onsets"]], rec.thresholds, before,
                             step_energy=rec.step_energy),
}  # fmt: skip
found = {name: Counter() for name in decoders}
false = {name: Counter() for name in decoders}
cases = Counter()
for spectrum_id, key, element, energy, counts, allowed in cuts(REAL_DEV_DIR):
    p = rec.predict(energy, counts[None], thresholds=2.0)  # evidence only
    cases[key] += 1
    for name, dec in decoders.items():
        reported = {rec.elements[k] for k in np.flatnonzero(dec.decide_evidence(p.evidence).reported(rec.thresholds)[0])}
        found[name][key] += element in reported
        false[name][key] += len(reported - allowed)
        if reported - allowed:
            print(f"  {spectrum_id}: {key}, {name}: false {sorted(reported - allowed)}")
print(f"{'case':40s} {'n':>3s}  found (before -> bundled)  false (before -> bundled)")
for key in sorted(cases):
    print(f"{key:40s} {cases[key]:3d}  {found['before'][key]:3d} -> {found['bundled'][key]:3d}"
          f"              {false['before'][key]:3d} -> {false['bundled'][key]:3d}")
for name in ("before", "bundled"):
    print(f"{name}: found {sum(found[name].values())} of {sum(cases.values())}, false elements {sum(false[name].values())}")
