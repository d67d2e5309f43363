"""What the pooled sums say about the elements the check vetoes (diagnostic, after rule.md's outcome).

For each map of `../spectrum_images/measure.py` (seeds given; 8 x 8, or the shape given), `identify_edges` with
every element checked at any size (design B of rule.md: the package's check widened for this process) and, for
every vetoed element, the pooled spectrum of its showing pixels read again: is the element true, its decoded and
network probability there, and whether the decoder gave its edge to another element (`explained_by`).
Usage: python vetoes.py 27000 27320 [32 32]

Written for the package at `1eb062b`; its checks have changed since (the local check, `../local_confirmation/`;
the neighbour sums, `../smoothed_maps/`), so a run now does not repeat the recorded figures.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import identify, pooled_check
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
identify.needs_check = pooled_check.needs_check = lambda fraction, n_valid: fraction > 0 and n_valid >= 2
pooled_check.POOLED_WORTH = np.inf
shape = tuple(map(int, sys.argv[3:5])) or (8, 8)
config = SynthesisConfig().replace(candidate_elements=PRIOR_TIERS["common"])
rec = load_recognizer(None, device="cpu").for_images()
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = synthetic_eels(navigation_shape=shape, random_state=seed, config=config)
    p = s.identify_edges(show_progressbar=False)
    vetoed = p.metadata.EdgeID.pooled_veto.as_dictionary() if p.metadata.EdgeID.has_item("pooled_veto") else {}
    truth = set(s.metadata.Truth.elements)
    probabilities = np.asarray(p.data).reshape(-1, len(p.elements))
    spectra = s.data.reshape(-1, s.data.shape[-1]).astype(np.float64)
    energy = s.axes_manager[-1].axis + p.metadata.EdgeID.get_item("axis_shift", 0.0)
    thresholds = np.asarray(p.metadata.EdgeID.thresholds)
    for element in vetoed:
        k = p.elements.index(element)
        shown = np.flatnonzero(probabilities[:, k] >= thresholds[k])
        pr = rec.predict(energy, spectra[shown].sum(0)[None].astype(np.float32))
        by = pr.explained_by[0, k]
        print(f"seed {seed} {element} {'TRUE' if element in truth else 'false'} pixels {len(shown)} "
              f"mean {probabilities[shown, k].mean():.2f} pooled {pr.probabilities[0, k]:.2f} "
              f"network {pr.network_probabilities[0, k]:.2f} explained_by {rec.elements[by] if by >= 0 else '-'} "
              f"observable {bool(pr.observable[0, k])}", flush=True)
