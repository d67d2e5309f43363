"""Diagnostic: do the neighbour sums help noisy maps and blur clean ones, map by map, by how noisy the map is?

For each synthetic 8 x 8 map: identify_edges with sum_neighbours off and on; false and true elements written into
`Sample.elements`, and per true element written in both runs the IoU of its element map with the truth; beside them
the map's noise measure: the median over pixels of (level / noise)^2 over the first 64 channels, the level their mean
and the noise from second differences (std / sqrt(6)), which no gain of the data changes ("effective counts" per
channel at the window start), and the synthesizer's own `counts`; per element, the pixels each map shows and the
true ones. One JSON line per map.

Usage: python by_noise.py FIRST LAST [realistic] > out.jsonl
"""
import json
import logging
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
logging.getLogger("hyperspy").setLevel(logging.ERROR)
base = SynthesisConfig.realistic() if "realistic" in sys.argv[3:] else SynthesisConfig()
config = base.replace(candidate_elements=PRIOR_TIERS["common"])


def effective_counts(data: np.ndarray) -> float:
    head = data.reshape(-1, data.shape[-1])[:, :64].astype(float)
    level = head.mean(axis=1)
    noise = np.diff(head, n=2, axis=1).std(axis=1) / np.sqrt(6.0)
    return float(np.median((level / np.maximum(noise, 1e-12)) ** 2))


for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
    truth = dict(zip(s.metadata.Truth.element_map_elements, np.asarray(s.metadata.Truth.element_maps)))
    row = {"seed": seed, "effective_counts": effective_counts(np.asarray(s.data)),
           "counts": float(s.metadata.Truth.parameters.counts), "truth": sorted(truth)}
    shows = {}
    for summed in (False, True):
        c = s.deepcopy()
        p = c.identify_edges(show_progressbar=False, sum_neighbours=summed)
        written = set(c.metadata.Sample.elements)
        key = "on" if summed else "off"
        row[key] = {"true": sorted(written & set(truth)), "false": sorted(written - set(truth))}
        thresholds = dict(zip(p.metadata.EdgeID.elements, p.metadata.EdgeID.thresholds))
        data = np.nan_to_num(np.asarray(p.data))
        shows[key] = {e: data[..., p.elements.index(e)] >= thresholds[e] for e in written & set(truth)}
    iou = {"off": {}, "on": {}}
    pixels = {"off": {}, "on": {}, "truth": {}}
    for e in set(shows["off"]) & set(shows["on"]):
        present = truth[e].reshape(shows["off"][e].shape)
        pixels["truth"][e] = int(present.sum())
        for key in ("off", "on"):
            m = shows[key][e]
            iou[key][e] = float((m & present).sum() / max((m | present).sum(), 1))
            pixels[key][e] = int(m.sum())
    row["iou"] = iou
    row["pixels"] = pixels
    print(json.dumps(row), flush=True)
