"""Do the written elements of a map survive a reading of their pixels' 3 x 3 neighbourhoods? (diagnostic)

`../confirm_any_size/`: reading the sum of *all* the pixels that show an element mixes the phases of those pixels,
and true elements are lost with the false ones. Here each written element of `identify_edges` (as bundled) is read
instead on the summed spectra of the 3 x 3 neighbourhoods (clipped at the map's border; 3 pixels along a line scan)
of its most probable showing pixels (at most four), and the largest of those probabilities is printed with whether
the element is true. Maps: `../spectrum_images/measure.py`'s. Nothing is chosen here.

Usage: python diagnose.py 27000 27320 [8 8]
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

TOP = 4
warnings.filterwarnings("ignore")
config = SynthesisConfig().replace(candidate_elements=PRIOR_TIERS["common"])
shape = tuple(map(int, sys.argv[3:])) or (8, 8)
rec = load_recognizer(None, device="cpu").for_images()


def neighbourhood(index, nav):
    """Flat indices of the 3 x 3 (or 3-pixel) neighbourhood of a flat pixel index; nav in array (row-major) order."""
    centre = np.unravel_index(index, nav)
    ranges = [range(max(c - 1, 0), min(c + 2, n)) for c, n in zip(centre, nav)]
    grid = np.meshgrid(*ranges, indexing="ij")
    return np.ravel_multi_index([g.ravel() for g in grid], nav)


for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = synthetic_eels(navigation_shape=shape, random_state=seed, config=config)
    p = s.identify_edges(show_progressbar=False)
    truth = set(s.metadata.Truth.elements)
    written = list(s.metadata.Sample.elements)
    nav = s.data.shape[:-1]
    spectra = s.data.reshape(-1, s.data.shape[-1]).astype(np.float64)
    probabilities = np.asarray(p.data).reshape(-1, len(p.elements))
    thresholds = np.asarray(p.metadata.EdgeID.thresholds)
    energy = s.axes_manager[-1].axis + p.metadata.EdgeID.get_item("axis_shift", 0.0)
    for element in written:
        k = p.elements.index(element)
        column = np.nan_to_num(probabilities[:, k], nan=-1.0)
        showing = np.flatnonzero(column >= thresholds[k])
        top = showing[np.argsort(column[showing])[::-1][:TOP]]
        sums = np.stack([spectra[neighbourhood(i, nav)].sum(0) for i in top]).astype(np.float32)
        local = rec.predict(energy, sums).probabilities[:, k]
        print(f"seed {seed} {element} {'TRUE' if element in truth else 'false'} pixels {len(showing)} "
              f"share {len(showing) / column.size:.2f} top {column[top].max():.2f} local_max {local.max():.2f} "
              f"local_min {local.min():.2f}", flush=True)
