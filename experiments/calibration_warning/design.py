"""Can the detected onsets tell a miscalibrated axis? Design figures for a warning (no change to answers).

Default synthetic spectra (their axis shifted by a uniform -15..+15 eV and stretched, as in training;
seed 777 and 778, not evaluation seeds), bundled model at its thresholds. Per spectrum: the residuals
(detected onset minus the nearest tabulated principal onset, `ElementDecoder.residuals`) of the reported
elements. A warning condition: at least `n` reported elements with a finite residual, their median at
least `m` eV from 0, and all of them within `s` eV of that median. Reported per condition: the share of
spectra warned among those whose true shift at the median reported onset is under 2 eV (false alarms),
2-5, 5-8 and over 8 eV.

Usage: python experiments/calibration_warning/design.py [--n 3000]
"""

import argparse
import itertools

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=3000)
a = ap.parse_args()
rec = load_recognizer(None, device="cpu")
rng = np.random.default_rng(777)
residuals, true_shift = [], []
for start in range(0, a.n, 250):
    batch = synthesize_batch(250, SynthesisConfig(), rng)
    _, _, _, pred = predict_batch(rec, batch, rec.thresholds)
    hit = (pred.probabilities >= rec.thresholds) & pred.observable
    res = rec.decoder.residuals(pred.onsets)
    stretch = 1.0 + batch.parameters["expansion"] if "expansion" in batch.parameters else np.ones(len(batch))
    for i in range(len(batch)):
        r = res[i, hit[i]]
        r = r[np.isfinite(r)]
        residuals.append(r)
        onsets = pred.onsets[i, hit[i]]
        at = float(np.median(onsets)) if onsets.size else 0.0
        # recorded E = E_true * stretch + shift: the miscalibration at the reported onsets
        true_shift.append(float(batch.parameters["shift"][i] + (stretch[i] - 1.0) * at / stretch[i]))
true_shift = np.abs(np.array(true_shift))
bins = [(0, 2), (2, 5), (5, 8), (8, 99)]
print(f"{a.n} spectra; spectra per |true shift| bin:", [int(((true_shift >= lo) & (true_shift < hi)).sum()) for lo, hi in bins])
for n, m, s in itertools.product((2, 3), (3.0, 4.0, 5.0), (3.0, 5.0)):
    warned = np.array([r.size >= n and abs(np.median(r)) >= m and np.all(np.abs(r - np.median(r)) <= s) for r in residuals])
    shares = [warned[(true_shift >= lo) & (true_shift < hi)].mean() for lo, hi in bins]
    print(f"n>={n} |median|>={m:.0f} eV spread<={s:.0f} eV: warned " + ", ".join(f"{lo}-{hi} eV {x:.3f}" for (lo, hi), x in zip(bins, shares)))
