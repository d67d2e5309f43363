"""Diagnostic: can a pixel tell its neighbours of the same phase from those of another, by a test on their spectra?

For every pair of 8-connected neighbours in synthetic maps: T = sum over B coarse bins of
(X_i - s X_j)^2 / (g_i X_i + s^2 g_j X_j), s = sum x_i / sum x_j, g a per-pixel noise gain from second differences
of the spectrum (variance / mean). Prints the share of same-phase and cross-phase pairs with T/(B-1) under k.
Usage: python pairs.py SEED0 SEED1 NX NY [realistic] (README.md, item 1)
"""
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
s0, s1, nx, ny = map(int, sys.argv[1:5])
base = SynthesisConfig.realistic() if "realistic" in sys.argv[5:] else SynthesisConfig()
config = base.replace(candidate_elements=PRIOR_TIERS["common"])
B = 64


def gain(x):
    d2 = x[..., 2:] - 2 * x[..., 1:-1] + x[..., :-2]
    return np.median(d2**2 / (6 * np.maximum(x[..., 1:-1], 1e-3)), axis=-1) / 0.4549


same, cross = [], []
for seed in range(s0, s1):
    s = synthetic_eels(navigation_shape=(nx, ny), random_state=seed, config=config)
    x = np.asarray(s.data, dtype=np.float64)
    maps = np.asarray(s.metadata.Truth.element_maps)  # (E, ny, nx)
    phase = np.packbits(maps, axis=0)[0]  # at most 4 elements per map: one byte per pixel names its phase
    g = gain(x)
    g_map = np.full(g.shape, np.median(g))  # one gain per map (one detector)
    c = x.shape[-1] // B * B
    X = x[..., :c].reshape(x.shape[:-1] + (B, -1)).sum(-1)
    tot = X.sum(-1)
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        a = X[0: ny - dy, max(0, -dx): nx - max(0, dx)]
        b = X[dy: ny, max(0, dx): nx - max(0, -dx)]
        pa = phase[0: ny - dy, max(0, -dx): nx - max(0, dx)]
        pb = phase[dy: ny, max(0, dx): nx - max(0, -dx)]
        ga = g_map[0: ny - dy, max(0, -dx): nx - max(0, dx)]
        gb = g_map[dy: ny, max(0, dx): nx - max(0, -dx)]
        sc = a.sum(-1) / b.sum(-1)
        t = ((a - sc[..., None] * b) ** 2 / (ga[..., None] * a + sc[..., None] ** 2 * gb[..., None] * b)).sum(-1)
        t = t / (B - 1)
        same.extend(t[pa == pb].ravel())
        cross.extend(t[pa != pb].ravel())
    print(seed, s.metadata.Truth.element_map_elements, f"gain {np.median(g):.3g}", f"same median {np.median(t[pa==pb]):.2f}",
          f"cross median {np.median(t[pa!=pb]) if (pa!=pb).any() else float('nan'):.2f}", flush=True)
same, cross = np.array(same), np.array(cross)
for k in (1.5, 2, 3, 5, 10, 30):
    print(f"T/(B-1) < {k}: same {np.mean(same < k):.3f} of {same.size}, cross {np.mean(cross < k):.3f} of {cross.size}")
