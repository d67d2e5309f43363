"""Per written element of synthetic spectrum images: how many pixels show it and how surely (diagnostic).

The images of `measure.py` (same seeds, same `identify_edges` defaults). For every element written into
`Sample.elements`, and every true one, prints: true or false, the share of valid pixels at or above its
threshold, the mean and the largest probability over those pixels, and the largest group of them that touch
(4-neighbours). Whether a rule on these could keep true elements and drop false ones; nothing is chosen here.

Usage: python experiments/spectrum_images/written.py [--seeds 1000 1040] [--shape 8 8]
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy import ndimage

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=[1000, 1040])
    ap.add_argument("--shape", type=int, nargs=2, default=[8, 8])
    a = ap.parse_args(argv)
    config = SynthesisConfig(candidate_elements=PRIOR_TIERS["common"])
    print("seed element kind pixel_fraction mean_p max_p largest_group")
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
        truth = set(s.metadata.Truth.elements)
        result = s.identify_edges(show_progressbar=False)
        got = set(s.metadata.Sample.elements)
        unseen = set(result.summary().not_observable)
        data = np.asarray(result.data)
        thresholds = np.asarray(result.metadata.EdgeID.thresholds, dtype=float)
        for element in sorted(got | (truth - unseen)):
            k = result.elements.index(element)
            above = data[..., k] >= thresholds[k]
            groups, n = ndimage.label(above)
            largest = int(np.bincount(groups.ravel())[1:].max()) if n else 0
            p = data[..., k][above]
            kind = ("true" if element in got else "missed") if element in truth else "false"
            print(f"{seed} {element} {kind} {above.mean():.3f} {p.mean() if p.size else 0:.2f} "
                  f"{p.max() if p.size else 0:.2f} {largest}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
