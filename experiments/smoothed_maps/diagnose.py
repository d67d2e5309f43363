"""Deciding a map's elements on its spectra summed over 3 x 3 neighbourhoods (diagnostic).

The local check (`../local_confirmation/`) reads the neighbourhoods of an element's most probable pixels to veto
noise alarms. Here every pixel is replaced by the sum of its 3 x 3 neighbourhood (clipped at the border) before
`identify_edges` reads the map: each pixel has up to nine times the counts, so weak true elements may show where
they did not, and noise alarms fade. Printed as `../spectrum_images/measure.py` does, for the raw and the summed map
side by side. Usage: python diagnose.py 27000 27320 [8 8] (REALISTIC=1: `SynthesisConfig.realistic()`)
"""

from __future__ import annotations

import collections
import os
import sys
import warnings

import numpy as np
from scipy.ndimage import uniform_filter

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
base = SynthesisConfig.realistic() if os.environ.get("REALISTIC") else SynthesisConfig()
config = base.replace(candidate_elements=PRIOR_TIERS["common"])
shape = tuple(map(int, sys.argv[3:])) or (8, 8)
totals = {name: collections.Counter() for name in ("raw", "summed")}
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = synthetic_eels(navigation_shape=shape, random_state=seed, config=config)
    truth = set(s.metadata.Truth.elements)
    summed = s.deepcopy()
    size = [3] * (summed.data.ndim - 1) + [1]
    summed.data = (uniform_filter(s.data.astype(np.float64), size=size, mode="nearest") * 9).astype(np.float32)
    line = f"seed {seed}: truth {sorted(truth)}"
    for name, signal in (("raw", s), ("summed", summed)):
        result = signal.identify_edges(show_progressbar=False)
        unseen = truth & set(result.summary().not_observable)
        t = truth - unseen
        got = set(signal.metadata.Sample.elements)
        totals[name].update(true=len(t & got), observable=len(t), false=len(got - t), exact=int(got == t))
        line += f" | {name} {sorted(got)}"
    print(line, flush=True)
for name, c in totals.items():
    print(f"{name}: true {c['true']} of {c['observable']}, false {c['false']}, exact {c['exact']}")
