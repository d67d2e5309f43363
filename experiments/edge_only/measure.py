"""Elements decided from the edge head alone, or with the element head, against the bundled element head (rule.md).

Monkeypatches :meth:`EvidenceReader.read` so that the presence log-odds the decoder reads come from the element
head (``element``, as bundled), from the edge head alone (``edge``) or from their mean (``mean``); everything else
(the decoder, its settings, the onsets, the shape and companion terms) is the bundled model's. ``edge``: for each
element, the largest over the steps where its principal edge can lie (the element head's allowed and measured
steps) of the edge head's probability of the family of the element's principal edge nearest that step, at the
step or one of its neighbours; as a logit (clipped to +-30).

Usage: python experiments/edge_only/measure.py [--n 3000]
"""

import argparse
import json

import numpy as np

from hyperspy_eels_edgeid.recognizer import evidence as evidence_module
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.calibrate import THRESHOLD_CANDIDATES, leave_one_material_out
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions

ORIGINAL_READ = evidence_module.EvidenceReader.read


def edge_logits(reader, out) -> np.ndarray:
    """(N, K) log-odds that an edge of each element's own principal family starts where its edge can lie."""
    probability = out["family_logits"].softmax(dim=1).float().cpu().numpy()  # (N, F, T)
    usable = out["usable"].cpu().numpy()  # (N, K, T)
    steps = reader.step_energy
    distance = np.abs(steps[None, None, :] - reader.principal[:, :, None])  # (K, M, T)
    nearest = np.nanargmin(np.where(np.isnan(distance), np.inf, distance), axis=1)  # (K, T)
    family = np.take_along_axis(reader.families, nearest, axis=1)  # (K, T), -1 where none
    family = np.maximum(family, 0)
    n, _, t = probability.shape
    best = np.zeros(usable.shape, dtype=np.float32)
    for d in (-1, 0, 1):
        shifted = np.clip(np.arange(t) + d, 0, t - 1)
        best = np.maximum(best, probability[:, family, shifted[None, :]])  # (N, K, T)
    p = np.where(usable, best, 0.0).max(axis=2)
    with np.errstate(divide="ignore"):
        logit = np.log(p) - np.log1p(-np.minimum(p, 1 - 1e-7))
    return np.where(usable.any(axis=2), np.clip(logit, -30.0, 30.0), -30.0).astype(np.float32)


def patched(mode):
    def read(self, out, edge_support=False):
        evidence = ORIGINAL_READ(self, out, edge_support)
        if mode != "element":
            edge = edge_logits(self, out)
            evidence["logits"] = edge if mode == "edge" else 0.5 * (evidence["logits"] + edge)
        return evidence

    return read


def reported(rec, evidence, threshold):
    decided = rec.decoder.with_thresholds(threshold).decide_evidence(evidence)
    return [{rec.elements[k] for k in np.flatnonzero(row)} for row in decided.reported(threshold)]


def scored(rec, data, threshold):
    evidence, truths, weak = data
    return set_metrics(truths, [p - w for p, w in zip(reported(rec, evidence, threshold), weak)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    results = {}
    for mode in ("element", "edge", "mean"):
        evidence_module.EvidenceReader.read = patched(mode)
        rec = load_recognizer(None, device="cpu")
        default = synthetic_evidence(rec, args.n, 20261202, SynthesisConfig())
        realistic = synthetic_evidence(rec, args.n, 20261206, SynthesisConfig.realistic())
        edge_free = synthetic_evidence(rec, min(args.n, 1000), 20261204, SynthesisConfig(n_elements_probabilities=(1.0,)))
        real = real_predictions(rec, REAL_DEV_DIR, False)
        truths, dont_care = [r["truth"] for r in real], [r["dont_care"] for r in real]
        materials = [r["material"] for r in real]
        real_evidence = {k: np.concatenate([r["evidence"][k] for r in real]) for k in real[0]["evidence"]}
        on_default = {c: scored(rec, default, c) for c in THRESHOLD_CANDIDATES}
        best = max(on_default, key=lambda c: (round(on_default[c]["f1"], 6), c))
        dev = {c: reported(rec, real_evidence, c) for c in THRESHOLD_CANDIDATES}
        dev_f1 = {c: set_metrics(truths, s, dont_care)["f1"] for c, s in dev.items()}
        dev_best = max(dev_f1, key=lambda c: (round(dev_f1[c], 6), c))
        row = {
            "synthetic threshold": best,
            "synthetic": on_default[best],
            "synthetic at 0.35": on_default[0.35],
            "realistic": scored(rec, realistic, best),
            "realistic at 0.35": scored(rec, realistic, 0.35),
            "edge-free": float(np.mean([len(p - w) > 0 for p, w in zip(reported(rec, edge_free[0], best), edge_free[2])])),
            "dev leave-one-material-out": leave_one_material_out(truths, dont_care, materials, dev)["metrics"],
            "dev in-sample": {"threshold": dev_best, **set_metrics(truths, dev[dev_best], dont_care)},
            "dev at 0.35": set_metrics(truths, dev[0.35], dont_care),
        }
        results[mode] = row
        f = lambda m: f"F1 {m['f1']:.3f} P {m['precision']:.3f} R {m['recall']:.3f} exact {m['exact']:.3f}"  # noqa: E731
        print(f"{mode:7s} synthetic (its threshold {best}): {f(row['synthetic'])}; at 0.35: {f(row['synthetic at 0.35'])}; "
              f"realistic: {f(row['realistic'])}; at 0.35: {f(row['realistic at 0.35'])}; edge-free {row['edge-free']:.3f}; "
              f"dev LOMO {f(row['dev leave-one-material-out'])}; dev in-sample (best {dev_best}) "
              f"{f(row['dev in-sample'])}; dev at 0.35 {f(row['dev at 0.35'])}", flush=True)
    evidence_module.EvidenceReader.read = ORIGINAL_READ
    if args.json:
        json.dump(results, open(args.json, "w"), indent=1, default=float)


if __name__ == "__main__":
    main()
