"""Feasibility probe: can t/λ be read from the core-loss spectrum alone, from the frozen stage 20 network's features?

Features: the BiLSTM output of the bundled network, mean and max over the measured steps (400 numbers per spectrum),
plus the edge head's summed family probabilities; a ridge regression on synthetic spectra (realistic() and default
halves, t/λ uniform 0-2.5), scored on fresh seeds. Nothing is adopted from this file.

    python experiments/thickness_estimate/probe.py
"""
import sys
import warnings

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.grid import normalise
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
rec = load_recognizer(None, device="cpu")
net = rec.net


def features(batch):
    values, mask = resample_batch(batch, rec.grid)
    x = torch.from_numpy(normalise(values, mask, rec.grid))
    with torch.inference_mode():
        h, _ = net.lstm(net.features(x).transpose(1, 2))  # (N, T, 2H)
        steps = net.step_mask(x)  # (N, T)
        w = steps[..., None].float()
        mean = (h * w).sum(1) / w.sum(1).clamp(min=1)
        mx = torch.where(steps[..., None], h, torch.full_like(h, -10)).amax(1)
        fam = torch.softmax(net.edge_head(h)[..., :-1], dim=-1)  # (N, T, F)
        famsum = (fam * w).sum(1)
    return torch.cat([mean, mx, famsum], 1).numpy()


def data(n, seed):
    rng = np.random.default_rng(seed)
    X, y = [], []
    for i in range(0, n, 250):
        cfg = (SynthesisConfig.realistic() if (i // 250) % 2 else SynthesisConfig()).replace(thickness=(0.0, 2.5))
        b = synthesize_batch(250, cfg, rng)
        X.append(features(b))
        y.append(b.parameters["thickness"])
    return np.concatenate(X), np.concatenate(y)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
Xtr, ytr = data(n, 1)
Xte, yte = data(2000, 2)
mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
A = np.c_[(Xtr - mu) / sd, np.ones(len(Xtr))]
for lam in (1.0, 10.0, 100.0):
    w = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ ytr)
    pred = np.c_[(Xte - mu) / sd, np.ones(len(Xte))] @ w
    err = pred - yte
    thin, thick = yte < 1.0, yte > 1.0
    print(f"ridge {lam:g}: MAE {np.abs(err).mean():.3f}, R2 {1 - err.var() / yte.var():.3f}; "
          f"thin (<1) called >1.2: {np.mean(pred[thin] > 1.2):.3f}; thick (>1) called >1.2: {np.mean(pred[thick] > 1.2):.3f}; "
          f"t/λ>1.5 called >1.2: {np.mean(pred[yte > 1.5] > 1.2):.3f}", flush=True)
