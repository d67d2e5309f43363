"""Diagnostic: how much of the dev loss under a miscalibrated axis does the decoder cause?

The dev spectra (bundled model, benchmark rules) with their axis shifted by d eV are decided three ways:
as bundled; with the decoder told the shift (the oracle: onsets and window moved back by d before the
decision, which judges and orders the table's onsets moved by d); and with the shift estimated from the
first decision (:func:`estimate_shift`). Nothing is chosen on this; the rule is in rule.md.

Usage: python experiments/axis_shift/dev_probe.py [--shifts -20 -10 -5 0 5 10 20]
"""

from __future__ import annotations

import argparse

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions, score_real


def moved(evidence, delta):
    """Evidence with onsets and window moved by -delta (N,): the decoder then judges table + delta."""
    e = dict(evidence)
    d = np.asarray(delta, float)
    e["onsets"] = (evidence["onsets"] - d[:, None]).astype(np.float32)
    e["window_start"] = evidence["window_start"] - d
    e["window_end"] = evidence["window_end"] - d
    return e


def estimate_shift(rec, evidence, p_min=0.9, inside_ev=30.0, min_edges=2, spread_ev=6.0, limit_ev=20.0):
    """Per spectrum: the median residual of the sure, well-inside reported elements (0 where too few agree)."""
    pred = rec.decide(evidence)
    res = rec.decoder.residuals(np.nan_to_num(evidence["onsets"]))
    on = evidence["onsets"]
    inside = (on - evidence["window_start"][:, None] >= inside_ev) & (evidence["window_end"][:, None] - on >= inside_ev)
    sure = (pred.probabilities >= p_min) & pred.observable & inside & np.isfinite(res)
    out = np.zeros(len(on))
    for i in range(len(on)):
        r = res[i, sure[i]]
        if r.size >= min_edges and r.max() - r.min() <= spread_ev:
            out[i] = np.clip(np.median(r), -limit_ev, limit_ev)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shifts", type=float, nargs="*", default=[-20, -10, -5, 0, 5, 10, 20])
    ap.add_argument("--min-edges", type=int, default=2)
    a = ap.parse_args(argv)
    rec = load_recognizer(device="cpu")
    predict = rec.predict
    for d in a.shifts:
        rec.predict = lambda energy, spectra, **kw: predict(np.asarray(energy, float) + d, spectra, **kw)
        preds = real_predictions(rec, REAL_DEV_DIR, include_bg_subtracted=False)
        rec.predict = predict
        line = []
        ev = [p["evidence"] for p in preds]
        for name, delta in [("bundled", lambda e: np.zeros(len(e["onsets"]))),
                            ("oracle", lambda e: np.full(len(e["onsets"]), d)),
                            ("estimated", lambda e: estimate_shift(rec, e, min_edges=a.min_edges))]:
            ests = []
            for p, e in zip(preds, ev):
                dl = delta(e)
                ests.append(dl[0])
                q = rec.decide(moved(e, dl))
                p["probabilities"] = q.probabilities[0] * q.observable[0]
            m = score_real(preds, rec.elements, rec.thresholds)["all"]
            extra = f" (estimates: median {np.median(ests):+.1f}, nonzero {np.count_nonzero(ests)})" if name == "estimated" else ""
            line.append(f"{name} F1 {m['f1']:.3f} P {m['precision']:.3f} exact {m['exact']:.3f}{extra}")
        print(f"axis {d:+5.1f} eV: " + "; ".join(line), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
