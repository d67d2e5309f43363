"""The dev spectra's reported elements and their other edges (`EdgeRow.other_edges`), true or false (a display check).

Each of the 23 labelled dev spectra (not the background-subtracted ones) through `identify_edges` with the bundled
model; for every reported element: true (labelled), "don't care" (possible contamination / secondary only) or false,
and the other edge groups in the window with how surely the edge head sees each. Nothing is chosen on this.

    python experiments/missing_companions/dev_other_edges.py > experiments/missing_companions/dev_other_edges.txt
"""

import csv
import warnings
from pathlib import Path

import exspy
import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, _split_field

warnings.filterwarnings("ignore")
directory = Path(REAL_DEV_DIR)
tally = {"true": [0, 0], "false": [0, 0]}  # [with other edges in the window, of them all below 0.1]
for row in csv.DictReader(open(directory / "manifest.csv")):
    if row.get("background_subtracted") == "yes":
        continue
    data = np.loadtxt(directory / row["file"], delimiter=",", skiprows=1)
    data = data[np.argsort(data[:, 0])]
    data = data[np.concatenate([[True], np.diff(data[:, 0]) > 0])]
    s = exspy.signals.EELSSpectrum(data[:, 1])
    axis = s.axes_manager[0]
    axis.axis = data[:, 0]
    axis.units = "eV"
    table = s.identify_edges(show_progressbar=False, add_elements=False)
    truth = _split_field(row["elements_in_range"])
    dont_care = _split_field(row.get("possible_extra_elements"))
    for r in table:
        kind = "true" if r.element in truth else "don't care" if r.element in dont_care else "false"
        print(f"{row['id']:<32} {r.element:<3} {kind:<10} {', '.join(f'{e} {v:.2f}' for e, v in r.other_edges) or '-'}")
        if kind in tally and r.other_edges:
            tally[kind][0] += 1
            tally[kind][1] += max(v for _, v in r.other_edges) < 0.1
for kind, (n, low) in tally.items():
    print(f"{kind} elements with other edges in the window: {n}; of them with every other edge below 0.1: {low}")
