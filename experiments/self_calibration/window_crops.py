"""The dev spectra cut near a window end (`../window_crops/`'s 259 cuts), decided with and without the shift search.

A check of the search where the window-end rule acts (a moved axis moves edges across its margins); nothing is
chosen on it. Counted as there: how often the cut's element is reported, and the false elements.

    python experiments/self_calibration/window_crops.py > experiments/self_calibration/out/window_crops.txt
"""

import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "window_crops"))
from cuts import cuts  # noqa: E402

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.shift_search import search_shifts
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1] if len(sys.argv) > 1 else None, device="cpu")
found = {name: Counter() for name in ("without", "with")}
false = {name: Counter() for name in ("without", "with")}
cases = Counter()
for spectrum_id, key, element, e, counts, allowed in cuts(REAL_DEV_DIR):
    y = counts[None]
    cases[key] += 1
    shift, searched = search_shifts(rec, lambda c: rec.predict(e + c, y))
    for name, p, kept in (("without", rec.predict(e, y), 0.0), ("with", searched, shift[0])):
        reported = {rec.elements[k] for k in np.flatnonzero(p.probabilities[0] >= rec.thresholds)}
        found[name][key] += element in reported
        false[name][key] += len(reported - allowed)
        if reported - allowed:
            print(f"  {spectrum_id}: {key}, {name} (shift {kept:+g}): false {sorted(reported - allowed)}")
print(f"{'case':40s} {'n':>3s}  found (without -> with)  false (without -> with)")
for key in sorted(cases):
    print(f"{key:40s} {cases[key]:3d}  {found['without'][key]:3d} -> {found['with'][key]:3d}"
          f"            {false['without'][key]:3d} -> {false['with'][key]:3d}")
for name in ("without", "with"):
    print(f"{name}: found {sum(found[name].values())} of {sum(cases.values())}, false elements {sum(false[name].values())}")
