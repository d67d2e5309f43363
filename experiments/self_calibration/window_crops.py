"""The dev spectra cut near a window end (`../window_crops/`'s 259 cuts), decided with and without the shift search.

A check of the search where the window-end rule acts (a moved axis moves edges across its margins); nothing is
chosen on it. Counted as there: how often the cut's element is reported, and the false elements.

    python experiments/self_calibration/window_crops.py > experiments/self_calibration/out/window_crops.txt
"""

import csv
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.recognizer.shift_search import search_shifts
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1] if len(sys.argv) > 1 else None, device="cpu")
directory = Path(REAL_DEV_DIR)
split = lambda f: {e.strip() for e in (f or "").split(";") if e.strip()}  # noqa: E731
found = {name: Counter() for name in ("without", "with")}
false = {name: Counter() for name in ("without", "with")}
cases = Counter()
for row in csv.DictReader(open(directory / "manifest.csv")):
    if row["background_subtracted"] == "yes":
        continue
    data = np.loadtxt(directory / row["file"], delimiter=",", skiprows=1)
    data = data[np.argsort(data[:, 0])]
    energy, counts = data[:, 0], data[:, 1]
    allowed = split(row["all_elements"]) | split(row["possible_extra_elements"])
    for edge in sorted(split(row["edges_in_range"])):
        element = edge.split("_")[0]
        try:
            onset = onset_energy(edge)
        except ValueError:  # exspy stores Al-Ar as L2,3
            onset = onset_energy(f"{element}_L2,3")
        for side, d in [("start", 11.0), ("start", 13.0), ("start", 17.0), ("end", 18.0), ("end", 22.0),
                        ("end", 27.0), ("end", 32.0)]:  # fmt: skip
            lo, hi = (onset - d, energy[-1]) if side == "start" else (energy[0], onset + d)
            if lo < energy[0] or hi > energy[-1] or hi - lo < 40.0:
                continue
            keep = (energy >= lo) & (energy <= hi)
            e, y = energy[keep], counts[keep][None]
            key = f"{element} {d:g} eV after the start" if side == "start" else f"{element} {d:g} eV before the end"
            cases[key] += 1
            shift, searched = search_shifts(rec, lambda c: rec.predict(e + c, y))
            for name, p, kept in (("without", rec.predict(e, y), 0.0), ("with", searched, shift[0])):
                reported = {rec.elements[k] for k in np.flatnonzero(p.probabilities[0] >= rec.thresholds)}
                found[name][key] += element in reported
                false[name][key] += len(reported - allowed)
                if reported - allowed:
                    print(f"  {row['id']}: {key}, {name} (shift {kept:+g}): false {sorted(reported - allowed)}")
print(f"{'case':40s} {'n':>3s}  found (without -> with)  false (without -> with)")
for key in sorted(cases):
    print(f"{key:40s} {cases[key]:3d}  {found['without'][key]:3d} -> {found['with'][key]:3d}"
          f"            {false['without'][key]:3d} -> {false['with'][key]:3d}")
for name in ("without", "with"):
    print(f"{name}: found {sum(found[name].values())} of {sum(cases.values())}, false elements {sum(false[name].values())}")
