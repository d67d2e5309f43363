"""The dev spectra cut so that one labelled edge lies near a window end (shared by `measure.py` and
`../self_calibration/window_crops.py`).

For each dev spectrum (not background-subtracted) and each labelled principal edge (`edges_in_range`, exspy's
onset), the window is cut so that the edge's tabulated onset lies `d` eV after the new start (d = 11, 13, 17) or `d`
eV before the new end (d = 18, 22, 27, 32), where the original window reaches that far and at least 40 eV remain.
"""

import csv
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.edges import onset_energy

SIDES = [("start", 11.0), ("start", 13.0), ("start", 17.0), ("end", 18.0), ("end", 22.0), ("end", 27.0), ("end", 32.0)]


def _split(field):
    return {e.strip() for e in (field or "").split(";") if e.strip()}


def cuts(directory):
    """Yield (spectrum id, case, element, energy, counts, allowed elements) for every cut."""
    directory = Path(directory)
    for row in csv.DictReader(open(directory / "manifest.csv")):
        if row["background_subtracted"] == "yes":
            continue
        data = np.loadtxt(directory / row["file"], delimiter=",", skiprows=1)
        data = data[np.argsort(data[:, 0])]
        energy, counts = data[:, 0], data[:, 1]
        allowed = _split(row["all_elements"]) | _split(row["possible_extra_elements"])
        for edge in sorted(_split(row["edges_in_range"])):
            element = edge.split("_")[0]
            try:
                onset = onset_energy(edge)
            except ValueError:  # exspy stores Al-Ar as L2,3
                onset = onset_energy(f"{element}_L2,3")
            for side, d in SIDES:
                lo, hi = (onset - d, energy[-1]) if side == "start" else (energy[0], onset + d)
                if lo < energy[0] or hi > energy[-1] or hi - lo < 40.0:
                    continue
                keep = (energy >= lo) & (energy <= hi)
                case = f"{element} {d:g} eV after the start" if side == "start" else f"{element} {d:g} eV before the end"
                yield row["id"], case, element, energy[keep], counts[keep], allowed
