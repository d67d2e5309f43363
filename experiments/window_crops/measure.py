"""The window-end margins on real spectra: the dev spectra cropped so that one labelled edge lies near a window end.

A measurement of the decoder as bundled against the decoder before 5 Dec 2026's changes (start 15 eV and end
30 eV for every edge but white-line ones, 25 eV before the end for those; no deferral), on the same network evidence;
nothing is chosen on it. For each dev spectrum (not background-subtracted) and each labelled principal edge
(`edges_in_range`, exspy's onset), the window is cut so that the edge's tabulated onset lies `d` eV after the new
start (d = 11, 13, 17) or `d` eV before the new end (d = 18, 22, 27, 32), where the original window reaches that far
and at least 40 eV remain. Counted per decoder: how often that element is reported, and the false elements
(reported, not among the spectrum's `all_elements` or `possible_extra_elements`).

    python experiments/window_crops/measure.py [MODEL_DIR] > experiments/window_crops/out.txt

MODEL_DIR (default: the bundled model) gives the network and the decoder called "bundled".
"""

import csv
import dataclasses
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
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
directory = Path(REAL_DEV_DIR)
split = lambda f: {e.strip() for e in (f or "").split(";") if e.strip()}  # noqa: E731
found = {name: Counter() for name in decoders}
false = {name: Counter() for name in decoders}
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
            p = rec.predict(energy[keep], counts[keep][None], thresholds=2.0)  # evidence only
            key = f"{element} {d:g} eV after the start" if side == "start" else f"{element} {d:g} eV before the end"
            cases[key] += 1
            for name, dec in decoders.items():
                reported = {rec.elements[k] for k in np.flatnonzero(dec.decide_evidence(p.evidence).reported(rec.thresholds)[0])}
                found[name][key] += element in reported
                false[name][key] += len(reported - allowed)
                if reported - allowed:
                    print(f"  {row['id']}: {key}, {name}: false {sorted(reported - allowed)}")
print(f"{'case':40s} {'n':>3s}  found (before -> bundled)  false (before -> bundled)")
for key in sorted(cases):
    print(f"{key:40s} {cases[key]:3d}  {found['before'][key]:3d} -> {found['bundled'][key]:3d}"
          f"              {false['before'][key]:3d} -> {false['bundled'][key]:3d}")
for name in ("before", "bundled"):
    print(f"{name}: found {sum(found[name].values())} of {sum(cases.values())}, false elements {sum(false[name].values())}")
