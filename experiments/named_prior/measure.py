"""rule.md's items 1-4 with the package on the import path (run once per arm; see README.md).

    python experiments/named_prior/measure.py spectra 32000 300   # items 1-3
    python experiments/named_prior/measure.py maps 7000 20        # item 4
"""

import collections
import logging
import sys
import warnings

import numpy as np

import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.loading import supported_elements

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
ELEMENTS = supported_elements()


def labelled(signal):
    """The drawn elements whose principal edge has a PSNR of at least 3 (the benchmark's scored truth)."""
    edges = signal.metadata.Truth.edges
    psnr = {}
    for element, is_label, value in zip(edges.element, edges.is_label, edges.psnr):
        if is_label:
            psnr[element] = max(psnr.get(element, 0.0), float(value))
    return {e for e, p in psnr.items() if p >= 3}


def decoys_for(signal, named, rng, n=3):
    axis = signal.axes_manager.signal_axes[0].axis
    lo, hi = axis[0] + 30.0, axis[-1] - 40.0
    pool = [e for e in ELEMENTS if e not in named and any(g.principal and lo < g.onset < hi for g in edge_groups_of(e))]
    return set(rng.choice(pool, size=min(n, len(pool)), replace=False)) if pool else set()


def main(kind, first, n):
    counts = collections.Counter()
    for seed in range(first, first + n):
        rng = np.random.default_rng(seed)
        s = synthetic_eels(random_state=seed) if kind == "spectra" else synthetic_eels(navigation_shape=(8, 8),
                                                                                       random_state=seed)
        named = set(s.metadata.Truth.elements)
        truth = labelled(s) if kind == "spectra" else named
        decoys = decoys_for(s, named, rng)
        lists = [("named", named), ("decoys", named | decoys)]
        if kind == "spectra" and len(truth) >= 2:
            lists.append(("forgot", named - {sorted(truth)[rng.integers(len(truth))]}))
        for tag, listed in lists:
            t = s.deepcopy()
            t.identify_edges(elements=sorted(listed), show_progressbar=False, add_elements="replace")
            got = set(t.metadata.Sample.elements)
            scored = truth & listed
            counts[f"{tag}: true"] += len(scored)
            counts[f"{tag}: true found"] += len(scored & got)
            counts[f"{tag}: false"] += len(got - truth - (named - truth))
            counts[f"{tag}: decoys reported"] += len(got & decoys)
            counts[f"{tag}: decoys listed"] += len(decoys) if tag == "decoys" else 0
            counts[f"{tag}: exact"] += got - (named - truth) == scored
    print(f"{kind} seeds {first}-{first + n - 1}, package at {hyperspy_eels_edgeid.__file__}")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
