"""Spikes in spectrum images: what identify_edges writes to Sample.elements when some pixels carry one.

Synthetic 16 x 16 maps (``synthetic_eels`` with ``navigation_shape``, the map twins' elements and windows of
``scripts/measure_narrow_windows.py`` plus Fe/O over 500-1000 eV); in a share of the pixels one spike
(one channel raised by 0.5-20 times its value, log-uniform). Reported per case and share: in how many of
`--seeds` maps an element outside the truth was written. Default settings of identify_edges (2 % of the
pixels and at least two). A diagnostic.

identify_edges runs with its defaults (spike removal on since d6975ee; `images_stage19.txt` was made before it).

Usage: python experiments/spikes/spectrum_images.py [--model DIR] [--seeds 5]
"""

from __future__ import annotations

import argparse
import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

CASES = {
    "Cu/Zn, 700-1988 eV at 8 eV": (["Cu", "Zn"], (700.0, 8.0, 162)),
    "Mn/O (LSMO), 428-721 eV": (["Mn", "O"], (428.0, 0.25, 1172)),
    "Ti/O, 400-650 eV": (["Ti", "O"], (400.0, 0.25, 1000)),
    "Fe/O, 500-1000 eV": (["Fe", "O"], (500.0, 0.5, 1000)),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    print(f"model {a.model or 'bundled'}, 16 x 16 maps, {a.seeds} per case and share")
    for name, (elements, axis) in CASES.items():
        for share in (0.0, 0.05, 0.2):
            false = collections.Counter()
            maps_with_false = 0
            for seed in range(a.seeds):
                s = synthetic_eels(elements, navigation_shape=(16, 16), energy_axis=axis, random_state=seed)
                rng = np.random.default_rng([seed, int(share * 100)])
                data = s.data.reshape(-1, s.data.shape[-1])
                for i in np.flatnonzero(rng.random(data.shape[0]) < share):
                    c = rng.integers(0, data.shape[1])
                    data[i, c] += np.exp(rng.uniform(np.log(0.5), np.log(20.0))) * abs(data[i, c])
                s.identify_edges(weights=a.model, device="cpu", show_progressbar=False)
                got = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
                false.update(got - set(elements))
                maps_with_false += bool(got - set(elements))
            print(f"  {name}, spikes in {share:.0%} of pixels: maps with a false element {maps_with_false}/{a.seeds}; {dict(false)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
