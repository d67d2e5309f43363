"""Diagnostic: the bundled model's synthetic F1 by dispersion, inside and outside its training range.

For each fixed dispersion d (eV per channel), N default synthetic spectra (`SynthesisConfig()` except the
dispersion, and a channel count that keeps the window 300-2,000 eV wide where 4,096 channels allow: n = 300/d-2,000/d channels, at least 16, at
most 4,096),
PSNR < 3 don't care, the bundled model at its threshold with the axis shift search (as `identify_edges`). The
bundled network was trained at 0.05-4 eV per channel (its JSON's `train_config`). Nothing is chosen on this.

    python experiments/coarse_dispersion/measure.py [--n 1000] [--model DIR] > experiments/coarse_dispersion/out.txt
"""
import argparse
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.simplefilter("ignore")
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=1000)
parser.add_argument("--seed", type=int, default=20261206)
parser.add_argument("--channels", type=int, nargs=2, default=None, help="a fixed channel range instead of 300/d-2000/d")
parser.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic() instead of the default")
parser.add_argument("--edge-free", action="store_true", help="windows without any element: the share with one reported")
parser.add_argument("--model", default=None, help="weights folder (default: the bundled model)")
parser.add_argument("--dispersions", type=float, nargs="+", default=[0.01, 0.025, 0.05, 0.5, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0])
args = parser.parse_args()
rec = load_recognizer(args.model, device="cpu")
print(f"{args.model or 'bundled model'}, threshold {rec.thresholds if np.ndim(rec.thresholds) == 0 else 'per element'}; "
      f"{args.n} spectra per row, seed {args.seed}, PSNR < 3 don't care, shift search on")
print("dispersion (eV/ch) | channels | F1 | precision | recall | exact | false per spectrum")
for d in args.dispersions:
    n_hi = min(4096, max(17, int(round(2000 / d))))
    n_lo = min(n_hi, max(16, int(round(300 / d))))
    if args.channels:
        n_lo, n_hi = args.channels
    base = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
    config = base.replace(dispersion=(d, d), n_channels=(n_lo, n_hi))
    if args.edge_free:
        config = config.replace(n_elements_probabilities=(1.0,), extra_element_probability={})
    rng = np.random.default_rng(args.seed)
    truth, pred = [], []
    for start in range(0, args.n, 250):
        batch = synthesize_batch(min(250, args.n - start), config, rng)
        t, p, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        truth += t
        pred += p
    if args.edge_free:
        print(f"{d:g} | {n_lo}-{n_hi} | edge-free: an element in {sum(bool(p) for p in pred)} of {len(pred)}", flush=True)
        continue
    m = set_metrics(truth, pred)
    false = sum(len(set(p) - set(t)) for t, p in zip(truth, pred)) / len(truth)
    print(f"{d:g} | {n_lo}-{n_hi} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
          f"{m['exact']:.3f} | {false:.3f}", flush=True)
