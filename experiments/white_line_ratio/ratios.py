"""The first-over-second white-line peak ratio that 3d L3/L2 and Xe-Pr M5/M4 pairs show, and who is reported (diagnostic).

For Fe, Co, Ni, Cu and for Cs, Ba, La, Ce, Pr, each beside O (`synthetic_eels`, 0.25 eV per channel, 2,000 channels
from 60 eV below the first edge, seeds 100-115): the element of these nine that the model reports (one network pass,
`EdgeRecognizer.predict`, no shift search) and the peak-height ratio `diagnose.line_ratio` measures at its detected
onset with its own L3-L2 or M5-M4 splitting. Modes: ``tall`` (physical ratios, the 3d metals with tall lines),
``phys`` (physical ratios, ordinary lines), ``default`` (the synthesizer's default random ratios).

Usage: python experiments/white_line_ratio/ratios.py MODE [--model DIR]
"""

from __future__ import annotations

import argparse
import collections
import warnings

import numpy as np

from diagnose import line_ratio, splitting
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

THREE_D = ("Fe", "Co", "Ni", "Cu")
FOUR_F = ("Cs", "Ba", "La", "Ce", "Pr")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("tall", "phys", "default"))
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(a.model, device="cpu")
    index = {e: k for k, e in enumerate(rec.elements)}
    for element in THREE_D + FOUR_F:
        settings = {} if a.mode == "default" else {"l23_branching": "3d", "m45_branching": "4f"}
        if a.mode == "tall" and element in THREE_D:
            settings["tall_white_line_probability"] = 1.0
        first = min(min(o for o in major_subshell_onsets(element) if o > 300.0), 532.0)
        reported, ratios = collections.Counter(), []
        for seed in range(100, 116):
            s = synthetic_eels([element, "O"], energy_axis=(first - 60.0, 0.25, 2000), random_state=seed, **settings)
            energy, values = s.axes_manager[-1].axis, s.data.astype(float)
            p = rec.predict(energy, values)
            found = [e for e in THREE_D + FOUR_F if p.probabilities[0, index[e]] >= rec.thresholds[index[e]]]
            reported[found[0] if found else None] += 1
            if found:
                ratios.append(line_ratio(energy, values, float(p.onsets[0, index[found[0]]]), splitting(found[0])))
        q = np.round(np.nanpercentile(ratios, [10, 25, 50, 75, 90]), 2) if ratios else "-"
        print(f"{element}: reported {dict(reported)}; ratio 10/25/50/75/90th percentile {q}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
