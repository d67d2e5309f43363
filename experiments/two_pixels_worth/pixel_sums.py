"""For every element `identify_edges` writes into a small synthetic map, the probabilities of the pixels showing it
(diagnostic for the design of a pixel rule; decides nothing).

The maps of `experiments/spectrum_images/measure.py` (8 x 8, common-tier elements, `identify_edges` defaults).
Prints one line per written element: seed, element, true/false, number of pixels showing it, their summed
probability, the two largest probabilities, whether two of them touch (maps); then, for candidate rules applied to the written elements (an
approximation: removing one element does not change which others are written), the true and false elements kept.

Usage: python experiments/two_pixels_worth/pixel_sums.py --seeds 15000 15320 [--shape 8 8 | --shape 32] [--realistic]
"""

from __future__ import annotations

import argparse

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.pixel_rule import pixels_touch
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

RULES = {
    "two pixels (now)": lambda n, total, top, t: True,
    "touching or sum >= 1.9": lambda n, total, top, t: t or total >= 1.9,
    "touching or sum >= 2": lambda n, total, top, t: t or total >= 2.0 - 1e-9,
    "sum >= 2": lambda n, total, top, t: total >= 2.0 - 1e-9,
    "sum >= 1.9": lambda n, total, top, t: total >= 1.9,
    "sum >= 1.8": lambda n, total, top, t: total >= 1.8,
    "second >= 0.9 or 3 pixels": lambda n, total, top, t: n >= 3 or top[1] >= 0.9,
    "second >= 0.9 or sum >= 2": lambda n, total, top, t: total >= 2.0 - 1e-9 or top[1] >= 0.9,
    "second >= 0.8 or sum >= 2": lambda n, total, top, t: total >= 2.0 - 1e-9 or top[1] >= 0.8,
    "second >= 0.95 or sum >= 2": lambda n, total, top, t: total >= 2.0 - 1e-9 or top[1] >= 0.95,
    "3 pixels": lambda n, total, top, t: n >= 3,
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=[15000, 15320])
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8])
    ap.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic() instead of the default")
    a = ap.parse_args(argv)
    base = SynthesisConfig.realistic() if a.realistic else SynthesisConfig()
    config = base.replace(candidate_elements=PRIOR_TIERS["common"])
    rows = []
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
        truth = set(s.metadata.Truth.elements)
        p = s.identify_edges(show_progressbar=False)
        names = list(p.metadata.EdgeID.elements)
        thresholds = np.asarray(p.metadata.EdgeID.thresholds, dtype=float)
        data = p.data.reshape(-1, p.data.shape[-1])
        for el in s.metadata.Sample.elements:
            k = names.index(el)
            shows = p.data[..., k] >= thresholds[k]
            touch = len(a.shape) == 2 and bool(pixels_touch(shows[..., None])[0])
            shown = np.sort(data[:, k][data[:, k] >= thresholds[k]])[::-1]
            top = (list(shown[:2]) + [0.0, 0.0])[:2]
            rows.append((seed, el, el in truth, shown.size, float(shown.sum()), top, touch))
            print(f"seed {seed} {el:2s} {'true ' if el in truth else 'FALSE'} n={shown.size:2d} sum={shown.sum():.3f} "
                  f"top={top[0]:.3f},{top[1]:.3f} touch={touch}")
    n_true = sum(r[2] for r in rows)
    print(f"written: {n_true} true, {len(rows) - n_true} false")
    for name, rule in RULES.items():
        kept = [r for r in rows if rule(r[3], r[4], r[5], r[6])]
        t = sum(r[2] for r in kept)
        print(f"{name:28s} true kept {t} (lost {n_true - t}), false kept {len(kept) - t}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
