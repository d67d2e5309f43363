"""What the bundled recognizer makes of extended fine structure (EXELFS) it never saw in training.

The same default synthetic spectra (one seed) with ``exelfs_probability`` 1, once with the structure's
amplitude range set to 0 (``exelfs.AMPLITUDE``: the same random numbers are drawn, so everything else is
identical) and once as the synthesizer draws it: every edge of the second set gets the structure.
Prints F1 and precision (``set_metrics``, the benchmark's conventions; labels with PSNR < 3 don't care)
and the false elements per spectrum of each, and the false elements the structure adds.

Usage: python experiments/exelfs/probe.py [--model DIR] [--n 1000] [--seed 31]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, exelfs
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence


def score(rec, n, seed, config):
    evidence, truths, weak = synthetic_evidence(rec, n, seed, config)
    reported = rec.decoder.decide_evidence(evidence).reported(rec.thresholds)
    got = [{rec.elements[k] for k in np.flatnonzero(reported[i])} - set(w) for i, w in enumerate(weak)]
    truths = [set(t) - set(w) for t, w in zip(truths, weak)]
    false = collections.Counter(e for g, t in zip(got, truths) for e in g - t)
    m = set_metrics(truths, got)
    return m["f1"], m["precision"], false


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=31)
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    out = {}
    drawn = exelfs.AMPLITUDE
    for amplitude in ((0.0, 0.0), drawn):
        exelfs.AMPLITUDE = amplitude
        f1, precision, false = score(rec, a.n, a.seed, SynthesisConfig(exelfs_probability=1.0))
        out[amplitude] = false
        print(f"EXELFS amplitude {amplitude}: F1 {f1:.3f}, precision {precision:.3f}, false elements {sum(false.values())} "
              f"({sum(false.values()) / a.n:.3f} per spectrum)")  # fmt: skip
    exelfs.AMPLITUDE = drawn
    added = out[drawn] - out[(0.0, 0.0)]
    print("false elements added by the structure:", dict(added.most_common(15)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
