"""Diagnostic: do the false elements of spectrum images take the edge of an element the map already has?

A spectrum image has one energy axis (`synthetic_eels` draws the instrument, axis shift included, once per
image), so an edge at one energy is one element's edge in every pixel. When the pixel decisions give that
edge to element A in some pixels and to B in others, both can be written into `Sample.elements`. For every
pair of written elements whose detected onsets (the median or the mean over the pixels that show each) lie
within `--tol` eV, this prints the pair, their pixel counts and which of them is true; and it scores the rule
"of such a pair keep only one": the one shown in more pixels (ties: the larger summed probability), or the
one of the larger summed probability. Nothing is changed.

    python experiments/map_owner/probe.py --seeds 5000 5080 --tol 3 5 8
"""

from __future__ import annotations

import argparse
import itertools
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.onset_maps import ONSETS_KEY
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")
VARIANTS = ("median onset, pixels first", "mean onset, pixels first", "mean onset, summed probability first")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs=2, default=[5000, 5080])
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8])
    ap.add_argument("--tol", type=float, nargs="+", default=[3.0, 5.0, 8.0])
    ap.add_argument("--model", default=None)
    a = ap.parse_args()
    config = SynthesisConfig(candidate_elements=PRIOR_TIERS["common"])
    # per (variant, tol): true written, false written, true dropped, false dropped, exact before, exact after
    totals = {(v, t): np.zeros(6, int) for v in VARIANTS for t in a.tol}
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
        truth = set(s.metadata.Truth.elements)
        result = s.identify_edges(weights=a.model, show_progressbar=False)
        written = list(s.metadata.Sample.elements)
        unseen = truth & set(result.summary().not_observable)
        truth_seen = truth - unseen
        names = list(result.metadata.EdgeID.elements)
        p = np.asarray(result.data)
        onsets = np.asarray(result.metadata.get_item(ONSETS_KEY).data)
        shows = p >= np.asarray(result.metadata.EdgeID.thresholds)
        info = {}
        for e in written:
            k = names.index(e)
            pix = shows[..., k]
            info[e] = dict(n=int(pix.sum()), sum=float(p[..., k][pix].sum()),
                           median=float(np.median(onsets[..., k][pix])), mean=float(np.mean(onsets[..., k][pix])))
        for v in VARIANTS:
            where = "median" if v.startswith("median") else "mean"
            key = (lambda e: (info[e]["n"], info[e]["sum"])) if "pixels first" in v else (lambda e: info[e]["sum"])
            for t in a.tol:
                drop = set()
                for x, y in itertools.combinations(written, 2):
                    if abs(info[x][where] - info[y][where]) < t:
                        loser = min((x, y), key=key)
                        drop.add(loser)
                        if v == VARIANTS[0] and t == a.tol[0]:
                            print(f"seed {seed}: {x}{'*' if x in truth else ''} {info[x]['n']} px at "
                                  f"{info[x][where]:.1f} eV, {y}{'*' if y in truth else ''} {info[y]['n']} px at "
                                  f"{info[y][where]:.1f} eV -> drop {loser}")
                kept = set(written) - drop
                totals[(v, t)] += [len(set(written) & truth), len(set(written) - truth), len(drop & truth),
                                   len(drop - truth), set(written) == truth_seen, kept == truth_seen]
    n = a.seeds[1] - a.seeds[0]
    for (v, t), (tw, fw, td, fd, e0, e1) in totals.items():
        print(f"{v}, tol {t:g} eV: written true {tw}, false {fw}; drops {fd} false and {td} true; "
              f"exact {e0} -> {e1} of {n}")


if __name__ == "__main__":
    main()
