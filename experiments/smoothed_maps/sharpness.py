"""How well the element maps follow the truth, with and without `sum_neighbours` (diagnostic).

For each true element written in both runs of a map, the pixels at or above its threshold are compared with the
pixels where the synthesizer put it (`metadata.Truth.element_maps`): intersection over union, and the share of
true-element pixels found (recall) and of showing pixels that hold it (precision), averaged over elements.
Usage: python sharpness.py 40000 40080 [8 8] (REALISTIC=1: `SynthesisConfig.realistic()`)
"""

from __future__ import annotations

import os
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
base = SynthesisConfig.realistic() if os.environ.get("REALISTIC") else SynthesisConfig()
config = base.replace(candidate_elements=PRIOR_TIERS["common"])
shape = tuple(map(int, sys.argv[3:])) or (8, 8)
scores = {False: [], True: []}
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = synthetic_eels(navigation_shape=shape, random_state=seed, config=config)
    truth = dict(zip(s.metadata.Truth.element_map_elements, np.asarray(s.metadata.Truth.element_maps)))
    runs = {}
    for summed in (False, True):
        c = s.deepcopy()
        p = c.identify_edges(show_progressbar=False, sum_neighbours=summed)
        runs[summed] = (p, set(c.metadata.Sample.elements))
    common = runs[False][1] & runs[True][1] & set(truth)
    for summed, (p, _) in runs.items():
        thresholds = dict(zip(p.metadata.EdgeID.elements, p.metadata.EdgeID.thresholds))
        for element in common:
            shows = np.nan_to_num(np.asarray(p.data)[..., p.elements.index(element)]) >= thresholds[element]
            present = truth[element].reshape(shows.shape)
            both = (shows & present).sum()
            scores[summed].append((both / max((shows | present).sum(), 1), both / max(present.sum(), 1),
                                   both / max(shows.sum(), 1)))
for summed, rows in scores.items():
    iou, recall, precision = np.mean(rows, axis=0)
    print(f"sum_neighbours={summed}: {len(rows)} elements, IoU {iou:.3f}, pixel recall {recall:.3f}, "
          f"pixel precision {precision:.3f}")
