"""Do prediction ensembles help? Evidence averaged over networks, or over shifted copies of the axis.

The same default synthetic spectra (seed fixed) go through each member; the members' evidence
(presence logits, edge-head family shares, companion support, onsets) is averaged and decided by the
bundled decoder; per-spectrum paper metrics, PSNR < 3 "don't care", at each threshold in a sweep.
Members: ``--models`` (directories; "bundled" for the bundled model) and ``--shifts`` (eV added to the
energy axis of every spectrum before resampling; the member's onsets are shifted back). A diagnostic:
nothing is chosen on it.

Usage: python experiments/ensemble/measure.py --models bundled --shifts 0 [--n 1000] [--seed 20261202]
"""

from __future__ import annotations

import argparse

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

AVERAGED = ("logits", "family_share", "companion_support", "onsets")


def member_evidence(rec, batch, shift):
    if shift:
        batch.parameters = dict(batch.parameters)
        batch.parameters["offset"] = batch.parameters["offset"] + shift
    truths, _, _, raw = predict_batch(rec, batch, np.float32(2.0), min_psnr=3.0)
    if shift:
        batch.parameters["offset"] = batch.parameters["offset"] - shift
    ev = dict(raw.evidence)
    ev["onsets"] = ev["onsets"] - shift
    return truths, ev


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="+", default=["bundled"])
    ap.add_argument("--shifts", nargs="+", type=float, default=[0.0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args(argv)
    recs = [load_recognizer(None if m == "bundled" else m, device="cpu") for m in a.models]
    rng = np.random.default_rng(a.seed)
    evidence, truths, weak = [], [], []
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), SynthesisConfig(), rng)
        members = []
        for rec in recs:
            for shift in a.shifts:
                t, ev = member_evidence(rec, batch, shift)
                members.append(ev)
        ev = {k: (np.mean([m[k] for m in members], axis=0) if k in AVERAGED else members[0][k]) for k in members[0]}
        ev["observable"] = np.all([m["observable"] for m in members], axis=0)
        evidence.append(ev)
        # truth and don't-care of the unshifted spectra (member 0 has shift a.shifts[0])
        t0, _, _, _ = predict_batch(recs[0], batch, np.float32(2.0), min_psnr=3.0)
        truths += t0
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < 3.0)]
        weak += [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
    ev = {k: np.concatenate([e[k] for e in evidence]) for k in evidence[0]}
    rec = recs[0]
    print(f"models {a.models} shifts {a.shifts}, {a.n} default spectra, seed {a.seed}")
    for thr in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        decision = rec.decoder.with_thresholds(np.full(len(rec.elements), thr, dtype=np.float32)).decide_evidence(ev)
        rep = decision.reported(np.float32(thr))
        pred = [{rec.elements[k] for k in np.flatnonzero(rep[i])} - weak[i] for i in range(len(truths))]
        m = set_metrics(truths, pred)
        print(f"  threshold {thr:.2f}: P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} exact {m['exact']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
