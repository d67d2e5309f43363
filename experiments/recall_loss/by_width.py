"""Diagnostic: synthetic F1 by the window's width (the bundled model at its threshold).

3,000 default synthetic spectra (seed 20261202, the calibration seed), PSNR < 3 don't care, split into quartiles
of the measured window's width; then, by width, each missed label's cause (as `diagnose.py` orders them). Nothing
is chosen on this.

    python experiments/recall_loss/by_width.py > experiments/recall_loss/by_width_stage20.txt
"""
import numpy as np, warnings
warnings.simplefilter("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
rec = load_recognizer(device="cpu")
rng = np.random.default_rng(20261202)
T, P, W = [], [], []
for start in range(0, 3000, 250):
    b = synthesize_batch(250, SynthesisConfig(), rng)
    t, p, _, _ = predict_batch(rec, b, rec.thresholds, min_psnr=3.0)
    T += t; P += p
    for i in range(len(b)):
        e = b.energy_axis(i); W.append(e[-1] - e[0])
W = np.array(W)
edges = np.quantile(W, [0.25, 0.5, 0.75])
print("window width quartiles (eV):", np.round(edges, 0))
bins = np.digitize(W, edges)
for q in range(4):
    idx = np.flatnonzero(bins == q)
    m = set_metrics([T[i] for i in idx], [P[i] for i in idx])
    print(f"quartile {q}: width {W[idx].min():.0f}-{W[idx].max():.0f} eV  n={idx.size}  F1 {m['f1']:.3f} P {m['precision']:.3f} R {m['recall']:.3f} exact {m['exact']:.3f}")

from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence  # noqa: E402

ev, truths, weak = synthetic_evidence(rec, 3000, 20261202)
d = rec.decoder.decide_evidence(ev)
reported = d.reported(rec.thresholds)
network = 1 / (1 + np.exp(-ev["logits"]))
width = ev["window_end"] - ev["window_start"]
for lo, hi in ((0, 311), (311, 738), (738, np.inf)):
    causes, n = {}, 0
    for i in np.flatnonzero((width >= lo) & (width < hi)):
        for e in truths[i]:
            k = rec.elements.index(e)
            n += 1
            if reported[i, k]:
                continue
            if not ev["observable"][i, k]:
                cause = "network cannot see"
            elif not d.observable[i, k]:
                cause = "window-end rule"
            elif d.explained_by[i, k] >= 0:
                cause = "explained by another"
            elif network[i, k] < rec.thresholds[k]:
                cause = "network below threshold"
            else:
                cause = "prior/shape/companion"
            causes[cause] = causes.get(cause, 0) + 1
    print(f"width {lo}-{hi} eV: labels {n}, missed {sum(causes.values())}: {dict(sorted(causes.items(), key=lambda c: -c[1]))}")
