"""Synthetic thick spectrum images with their low-loss partner: the elements `identify_edges` writes, with and without it.

For each seed, `synthetic_eels` makes an 8 x 8 spectrum image as `../spectrum_images/measure.py` does (default axis
100-1123.5 eV at 0.5 eV, default `SynthesisConfig` with the elements drawn from the prior's common tier), but at a
t/λ drawn from 1-2 (one per image), and `synthetic_low_loss` its partner. `identify_edges` with its defaults, once
with `low_loss=ll` (each pixel thicker than t/λ 1 goes to the thick-specimen reader) and once without (stage 20
reads every pixel). Counted as there: true elements written, false ones, exact sets. Nothing is chosen on this.

    python experiments/thick_reader/maps.py [--seeds 8000 8040] > experiments/thick_reader/out/maps.txt
"""

import argparse
import collections
import warnings

from hyperspy_eels_edgeid.data import synthetic_eels, synthetic_low_loss
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, nargs=2, default=[8000, 8040])
a = ap.parse_args()
config = SynthesisConfig(thickness=(1.0, 2.0)).replace(candidate_elements=PRIOR_TIERS["common"])
tallies = {arm: collections.Counter() for arm in ("with low_loss", "without")}
for seed in range(*a.seeds):
    s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
    ll = synthetic_low_loss(s)
    truth = set(s.metadata.Truth.elements)
    line = f"seed {seed} t/λ {float(s.metadata.Truth.parameters.thickness):.2f} truth {sorted(truth)}"
    for arm, partner in (("with low_loss", ll), ("without", None)):
        s.metadata.Sample.elements = []
        result = s.identify_edges(low_loss=partner, show_progressbar=False)
        got = set(s.metadata.Sample.elements)
        seen = truth - set(result.summary().not_observable)
        t = tallies[arm]
        t["true"] += len(seen)
        t["found"] += len(seen & got)
        t["false"] += len(got - truth)
        t["exact"] += got == seen
        line += f" | {arm}: {result.metadata.EdgeID.weights}, false {sorted(got - truth)}, missed {sorted(seen - got)}"
    print(line, flush=True)
n = a.seeds[1] - a.seeds[0]
for arm, t in tallies.items():
    print(f"{arm}: {n} images, true written {t['found']} of {t['true']} observable, false {t['false']}, exact {t['exact']}")
