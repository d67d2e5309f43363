"""rule.md's checks: `onset_offset` on 3,000 default synthetic spectra of seed 20260101 and on the 23 dev spectra.

Usage: python experiments/calibration_warning/check.py [--n 3000] [--shifts 0 -10 10 -20 20]
"""

import argparse

import numpy as np

from onset_offset import onset_offset  # this folder (the rule failed: not in the package)
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=3000)
ap.add_argument("--shifts", type=float, nargs="*", default=[0.0, -10.0, 10.0, -20.0, 20.0])
a = ap.parse_args()
rec = load_recognizer(None, device="cpu")


def offsets(pred):
    hit = (pred.probabilities >= rec.thresholds) & pred.observable
    res = rec.decoder.residuals(pred.onsets)
    return [onset_offset(res[i, hit[i]]) for i in range(hit.shape[0])]


rng = np.random.default_rng(20260101)
found, true_shift = [], []
for start in range(0, a.n, 250):
    batch = synthesize_batch(250, SynthesisConfig(), rng)
    _, _, _, pred = predict_batch(rec, batch, rec.thresholds)
    found += offsets(pred)
    hit = (pred.probabilities >= rec.thresholds) & pred.observable
    stretch = 1.0 + batch.parameters["expansion"]
    for i in range(len(batch)):
        at = float(np.median(pred.onsets[i, hit[i]])) if hit[i].any() else 0.0
        true_shift.append(float(batch.parameters["shift"][i] + (stretch[i] - 1.0) * at / stretch[i]))
warned, true_shift = np.array([f is not None for f in found]), np.abs(np.array(true_shift))
print(f"synthetic, seed 20260101, {a.n} spectra: warned in " + ", ".join(
    f"|shift| {lo}-{hi} eV {warned[(true_shift >= lo) & (true_shift < hi)].mean():.3f} "
    f"(n={int(((true_shift >= lo) & (true_shift < hi)).sum())})" for lo, hi in ((0, 2), (2, 5), (5, 8), (8, 99))))
predict = rec.predict
for shift in a.shifts:
    seen = []

    def shifted(energy, spectra, **kw):
        pred = predict(np.asarray(energy, float) + shift, spectra, **kw)
        seen.append(offsets(pred)[0])
        return pred

    rec.predict = shifted
    preds = real_predictions(rec, REAL_DEV_DIR, include_bg_subtracted=False)
    rec.predict = predict
    print(f"dev, axis {shift:+g} eV: warned in {sum(s is not None for s in seen)} of {len(seen)}: "
          + ", ".join(f"{p['id']} {s:+.1f}" for p, s in zip(preds, seen) if s is not None))
