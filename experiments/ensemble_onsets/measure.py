"""Item 1 of `rule.md`: *E3* with the shift search on fresh synthetic spectra, onsets averaged as before (OFF) and
from the members that agree with the surest one (ON); the same spectra for both arms.

Prints, per arm: the paper's metrics (PSNR < 3 don't care), the onset error of true positives (median, and how many
lie more than 8 and 20 eV off; rule 2), and the reported elements whose onset (on the searched axis) lies more than
50 eV from each of their tabulated principal onsets (rule 1).

    OMP_NUM_THREADS=1 python -W ignore experiments/ensemble_onsets/measure.py --n 3000 --seed 64100 [--realistic]
"""

import argparse

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer import inference
from hyperspy_eels_edgeid.recognizer.ensemble import mean_evidence
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=3000)
parser.add_argument("--seed", type=int, default=64100)
parser.add_argument("--realistic", action="store_true")
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()


def plain_mean(reads, weights=None, step_width=None):
    return mean_evidence(reads, weights)  # OFF: every key averaged, the onsets too


arms = {"OFF": plain_mean, "ON": mean_evidence}
scores = {arm: {"truth": [], "pred": [], "errors": [], "far": 0, "reported": 0} for arm in arms}
rng = np.random.default_rng(args.seed)
for start in range(0, args.n, 250):
    batch = synthesize_batch(min(250, args.n - start), config, rng)
    for arm, fn in arms.items():
        inference.mean_evidence = fn
        t, p, e, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        moved = pred.onsets.astype(float) + pred.evidence["searched_shift"][:, None]
        off = np.abs(rec.decoder.residuals(np.nan_to_num(moved)))
        reported = pred.probabilities >= rec.thresholds
        s = scores[arm]
        s["truth"] += t
        s["pred"] += p
        s["errors"] += e
        s["far"] += int((reported & (off > 50)).sum())
        s["reported"] += int(reported.sum())
    print(f"{start + len(batch)} spectra", flush=True)
inference.mean_evidence = mean_evidence
for arm, s in scores.items():
    m = set_metrics(s["truth"], s["pred"])
    print(f"{arm}: " + ", ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float))
          + f"; onset error median {np.median(s['errors']):.2f} eV, true positives more than 8 / 20 eV off "
          f"{int((np.asarray(s['errors']) > 8).sum())} / {int((np.asarray(s['errors']) > 20).sum())} of {len(s['errors'])}"
          f"; reported {s['reported']}, more than 50 eV from their table {s['far']}")
