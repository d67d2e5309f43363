"""Diagnostic: synthetic F1 by the window's width (the bundled model at its threshold).

3,000 default synthetic spectra (seed 20261202, the calibration seed), PSNR < 3 don't care, split into quartiles
of the measured window's width. Nothing is chosen on this.

    python experiments/recall_loss/by_width.py > experiments/recall_loss/by_width_stage20.txt
"""
import numpy as np, warnings
warnings.simplefilter("ignore")
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
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
