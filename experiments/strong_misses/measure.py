"""Why strong edges are missed: causes of misses of labelled elements whose principal edge has PSNR > 100.

Same spectra as experiments/recall_loss (default SynthesisConfig, seed 20261202), bundled decoder and
threshold. For each missed strong element: the cause (as recall_loss/diagnose.py), the network's own
probability, the distance of its labelled onset to the window's start and end, and the strongest other
labelled edge within 30 eV. A diagnostic: nothing is chosen on it.

Usage: python experiments/strong_misses/measure.py [--model DIR] [--n 1000] [--seed 20261202]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--min-psnr", type=float, default=100.0)
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    index = {e: k for k, e in enumerate(rec.elements)}
    rng = np.random.default_rng(a.seed)
    causes, by_el, rows = collections.Counter(), collections.defaultdict(collections.Counter), []
    n_strong = 0
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), SynthesisConfig(), rng)
        truths, _, _, raw = predict_batch(rec, batch, np.float32(2.0))
        ev = raw.evidence
        decision = rec.decoder.decide_evidence(ev)
        reported = decision.reported(rec.thresholds)
        p_net = 1.0 / (1.0 + np.exp(-ev["logits"]))
        edges = batch.edges
        for i, truth in enumerate(truths):
            par = batch.parameters
            lo = float(par["offset"][i])
            hi = lo + float(par["dispersion"][i]) * (int(par["n_channels"][i]) - 1)
            e = edges[(edges["spectrum"] == i)]
            lab = e[e["is_label"]]
            for el, psnr, onset in zip(lab["element"], lab["psnr"], lab["onset"]):
                el = str(el)
                if el not in truth or psnr < a.min_psnr:
                    continue
                n_strong += 1
                k = index[el]
                if reported[i, k]:
                    continue
                if not ev["observable"][i, k]:
                    cause = "network: not observable"
                elif not decision.observable[i, k]:
                    cause = "window-end rule"
                elif decision.explained_by[i, k] >= 0:
                    other = rec.elements[decision.explained_by[i, k]]
                    cause = "explained by " + ("true" if other in truth else "false")
                elif p_net[i, k] < rec.thresholds[k]:
                    cause = "below threshold (network too)"
                else:
                    cause = "below threshold (decoder terms)"
                causes[cause] += 1
                by_el[el][cause] += 1
                near = e[(np.abs(e["onset"] - onset) < 30) & (e["element"] != el)]
                rows.append((cause, el, float(onset), float(psnr), float(p_net[i, k]), lo, hi,
                             ",".join(sorted({str(x) for x in near["element"]}))))
    print(f"{a.n} default spectra, seed {a.seed}; labelled with PSNR > {a.min_psnr}: {n_strong}; missed {sum(causes.values())}")
    for c, v in causes.most_common():
        print(f"  {c}: {v}")
    print("by element:", {e: dict(c) for e, c in sorted(by_el.items(), key=lambda x: -sum(x[1].values()))[:25]})
    for r in sorted(rows)[:400]:
        print("  %-32s %-3s onset %7.1f psnr %8.0f p_net %.2f window %.0f-%.0f near %s" % r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
