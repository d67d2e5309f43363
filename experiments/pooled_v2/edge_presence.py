"""How surely does the edge head see an edge at the onset of reported true and false elements? (diagnostic)

For each reported element of 3,000 synthetic spectra (seed 20261202, PSNR < 3 don't care, the bundled model and
threshold): the edge head's largest probability of any edge (1 - "no edge") within a step of the element's
best onset step. A floor on it would drop the reported elements below it.

Usage: python experiments/pooled_v2/edge_presence.py default|realistic
"""
import numpy as np, warnings, sys
warnings.simplefilter("ignore")
from hyperspy_eels_edgeid.recognizer import evidence as ev
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
captured = []
orig = ev.EvidenceReader._family_share
def patched(self, probability, best, m):
    rows = np.arange(best.shape[0])[:, None]
    edge = np.zeros(best.shape)
    for d in (-1, 0, 1):
        at = probability[rows, :, np.clip(best + d, 0, probability.shape[2] - 1)]
        edge = np.maximum(edge, 1.0 - at[..., 0])
    captured.append(edge)
    return orig(self, probability, best, m)
ev.EvidenceReader._family_share = patched
rec = load_recognizer(device="cpu"); thr = rec.thresholds
name = sys.argv[1]
cfg = SynthesisConfig() if name == "default" else SynthesisConfig.realistic()
b = synthesize_batch(3000, cfg, np.random.default_rng(20261202))
truth, pred, _, raw = predict_batch(rec, b, thr, min_psnr=3.0)
edge = np.concatenate(captured)
els = rec.elements; idx = {e: k for k, e in enumerate(els)}
tp, fp = [], []
for i, (t, p) in enumerate(zip(truth, pred)):
    for e in p:
        (tp if e in t else fp).append(edge[i, idx[e]])
tp, fp = np.array(tp), np.array(fp)
print(name, "TP", len(tp), "FP", len(fp))
for c in (0.05, 0.1, 0.2, 0.3, 0.5):
    print(f"  edge presence < {c}: TP {np.mean(tp < c):.3f} ({np.sum(tp<c)}) FP {np.mean(fp < c):.3f} ({np.sum(fp<c)})")
print("  quantiles TP", np.round(np.quantile(tp, [0.01, 0.05, 0.1, 0.5]), 3), "FP", np.round(np.quantile(fp, [0.1, 0.25, 0.5]), 3))
