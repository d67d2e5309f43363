"""Where the bundled decoder loses synthetic recall: each missed labelled element (PSNR >= 3) by cause.

Causes, in the order they are tested: not a model element; the network marks it not observable;
the window-end rule does not judge it; its edge is explained by another reported element (true
or false); its posterior (network + prior + shape + companions) is below the threshold, split by
whether the network's own probability was already below it.  False elements are split likewise
by whether they took the edge of a true element (the true one then explained by it).

Usage: python experiments/recall_loss/diagnose.py [--model DIR] [--n 3000] [--seed 20261202] [--json F] [--realistic]
"""

from __future__ import annotations

import argparse
import collections
import json

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--json", default=None)
    ap.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic() instead of the default")
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    evidence, truths, weak = synthetic_evidence(rec, a.n, a.seed, SynthesisConfig.realistic() if a.realistic else SynthesisConfig())
    decision = rec.decoder.decide_evidence(evidence)
    reported = decision.reported(rec.thresholds)
    index = {e: k for k, e in enumerate(rec.elements)}
    network_p = 1.0 / (1.0 + np.exp(-evidence["logits"]))
    misses, falses = collections.Counter(), collections.Counter()
    by_element = collections.defaultdict(collections.Counter)
    pairs = collections.Counter()
    false_count = collections.Counter()  # false element -> spectra it was reported in
    false_beside = collections.defaultdict(collections.Counter)  # false element -> true elements of its spectra
    n_true = n_false = 0
    for i, (truth, w) in enumerate(zip(truths, weak)):
        truth = set(truth) - set(w)
        n_true += len(truth)
        got = {rec.elements[k] for k in np.flatnonzero(reported[i])} - set(w)
        for e in truth - got:
            k = index.get(e)
            if k is None:
                cause = "not a model element"
            elif not evidence["observable"][i, k]:
                cause = "network: not observable"
            elif not decision.observable[i, k]:
                cause = "window-end rule"
            elif decision.explained_by[i, k] >= 0:
                other = rec.elements[decision.explained_by[i, k]]
                cause = "explained by a true element" if other in truth else "explained by a false element"
                pairs[f"{e} by {other}"] += 1
            elif network_p[i, k] < rec.thresholds[k]:
                cause = "below threshold (network too)"
            else:
                cause = "below threshold (decoder terms)"
            misses[cause] += 1
            by_element[e][cause] += 1
        for e in got - truth:
            n_false += 1
            k = index[e]
            took = [t for t in truth if t in index and decision.explained_by[i, index[t]] == k]
            falses["took a true element's edge" if took else "no true element explained by it"] += 1
            false_count[e] += 1
            false_beside[e].update(truth or {"(none)"})
    out = {"n": a.n, "seed": a.seed, "labelled": n_true, "missed": dict(misses), "false": dict(falses),
           "false_total": n_false, "explained_pairs": dict(pairs.most_common(30)),
           "false_beside": {e: {"spectra": v, **dict(false_beside[e].most_common(8))} for e, v in false_count.most_common()},
           "by_element": {e: dict(c) for e, c in sorted(by_element.items(), key=lambda x: -sum(x[1].values()))}}  # fmt: skip
    print(f"labelled (PSNR >= 3): {n_true}; missed {sum(misses.values())}; false {n_false}")
    for c, v in misses.most_common():
        print(f"  missed, {c}: {v} ({v / n_true:.3f} of labelled)")
    for c, v in falses.most_common():
        print(f"  false, {c}: {v}")
    print("  most explained pairs:", ", ".join(f"{p} {v}" for p, v in pairs.most_common(15)))
    print("  most frequent false elements (spectra; their true elements):")
    for e, v in false_count.most_common(10):
        print(f"    {e} in {v}: true beside it {dict(false_beside[e].most_common(6))}")
    print("  most missed:", ", ".join(f"{e} {dict(c)}" for e, c in list(out["by_element"].items())[:12]))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(out, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
