"""Edge-free windows with the shift search: how often is an element reported, by margin? (5 Dec 2026)

Usage: python experiments/self_calibration/edge_free.py [SEED]   (1,000 default and 1,000 realistic() windows
without elements; an element reported at the kept shift, for margins 0-1, and at shift 0)
"""
import sys
import numpy as np, dataclasses
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.shift_search import alignment, SHIFTS_EV
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
rec = load_recognizer(None, device="cpu")
th = rec.thresholds
for name, cfg in (("default", SynthesisConfig(n_elements_probabilities=(1.0,))),
                  ("realistic", dataclasses.replace(SynthesisConfig.realistic(), n_elements_probabilities=(1.0,), extra_element_probability={}, below_window_probability=0.0))):
    batch = synthesize_batch(1000, cfg, np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 11))
    preds, scores = [], []
    for c in SHIFTS_EV:
        m = dataclasses.replace(batch, parameters=dict(batch.parameters)); m.parameters["offset"] = batch.parameters["offset"] + c
        p = rec.predict_resampled(*resample_batch(m, rec.grid), thresholds=th)
        preds.append(p); scores.append(alignment(rec, p, th))
    scores = np.array(scores)
    rep = np.array([(p.probabilities >= th).any(axis=1) for p in preds])  # (C, N)
    for margin in (0, 0.25, 0.5, 0.75, 1.0):
        best = scores.argmax(0)
        ch = np.where(scores[best, np.arange(1000)] > scores[0] + margin, best, 0)
        print(name, "margin", margin, "an element in", int(rep[ch, np.arange(1000)].sum()), "of 1000; at shift 0:", int(rep[0].sum()))
