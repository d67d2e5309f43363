"""Diagnostic: does the best decision threshold depend on how noisy a spectrum is?

Hypothesis: in a clean spectrum a true edge is seen surely, so an element the network is unsure of is more
likely fine structure than a weak edge; in a noisy one the doubt is the noise's.  If so, the best threshold
rises as the noise falls, on synthetic spectra as on the dev spectra (whose best threshold, 0.60-0.70, lies
above the synthetic one, 0.10-0.35).

The noise measure is the relative noise per eV of the raw spectrum, from the median absolute second
difference of neighbouring channels (robust to edges), times sqrt(channel width).

    python experiments/noise_threshold/probe.py --n 3000 --seed 20261202 > out.txt
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions

THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.05), 2)


def relative_noise_per_ev(energy: np.ndarray, intensity: np.ndarray) -> float:
    """Relative noise of the spectrum summed over 1 eV (robust estimate from second differences)."""
    ok = np.isfinite(intensity)
    energy, y = energy[ok], intensity[ok].astype(float)
    width = float(np.median(np.diff(energy)))
    d2 = y[2:] - 2 * y[1:-1] + y[:-2]
    local = np.abs(y[2:] + y[1:-1] + y[:-2]) / 3
    ratio = np.abs(d2) / np.maximum(local, 1e-12)
    return float(np.median(ratio) / 0.6745 / np.sqrt(6) * np.sqrt(width))


def synthetic(recognizer, n: int, seed: int, config):
    rng = np.random.default_rng(seed)
    evidence, truths, weak, noise = [], [], [], []
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), config, rng)
        t, _, _, raw = predict_batch(recognizer, batch, np.float32(2.0), min_psnr=MIN_PSNR)
        evidence.append(raw.evidence)
        truths += t
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
        weak += [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
        for i in range(len(batch)):
            e = batch.energy_axis(i)
            noise.append(relative_noise_per_ev(e, batch.spectra[i, : e.size]))
    return {k: np.concatenate([e[k] for e in evidence]) for k in evidence[0]}, truths, weak, np.array(noise)


def reported(recognizer, evidence, c):
    p = recognizer.decide(evidence, thresholds=c).probabilities
    return [{recognizer.elements[k] for k in np.flatnonzero(row >= c)} for row in p]


def table(name, recognizer, evidence, truths, weak, noise, edges):
    sets = {c: [p - w for p, w in zip(reported(recognizer, evidence, c), weak)] for c in THRESHOLDS}
    print(f"\n{name}: F1 by threshold within noise bins (relative noise per eV)")
    print("bin            n   " + " ".join(f"{c:5.2f}" for c in THRESHOLDS) + "   best")
    bins = np.digitize(noise, edges)
    for b in range(len(edges) + 1):
        idx = np.flatnonzero(bins == b)
        if idx.size == 0:
            continue
        lo = "-inf" if b == 0 else f"{edges[b - 1]:.4f}"
        hi = "inf" if b == len(edges) else f"{edges[b]:.4f}"
        f1 = [set_metrics([truths[i] for i in idx], [sets[c][i] for i in idx])["f1"] for c in THRESHOLDS]
        print(f"{lo:>6}-{hi:<6} {idx.size:4d}   " + " ".join(f"{f:5.3f}" for f in f1)
              + f"   {THRESHOLDS[int(np.argmax(np.round(f1, 6) + 1e-9 * THRESHOLDS))]:.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--realistic-seed", type=int, default=20261206)
    a = ap.parse_args()
    rec = load_recognizer(device="cpu")
    dev = real_predictions(rec, REAL_DEV_DIR, include_bg_subtracted=False)
    with open(Path(REAL_DEV_DIR) / "manifest.csv") as f:
        rows = [r for r in csv.DictReader(f) if r.get("background_subtracted") != "yes"]
    dev_noise = []
    for r in rows:
        d = np.loadtxt(Path(REAL_DEV_DIR) / r["file"], delimiter=",", skiprows=1)
        d = d[np.argsort(d[:, 0])]
        dev_noise.append(relative_noise_per_ev(d[:, 0], d[:, 1]))
    dev_noise = np.array(dev_noise)
    print("dev spectra: id, relative noise per eV")
    for r, z in sorted(zip(dev, dev_noise), key=lambda t: t[1]):
        print(f"  {r['id']:<40} {z:.5f}")
    edges = np.quantile(dev_noise, [0.5])
    for name, cfg, seed in (("default", SynthesisConfig(), a.seed), ("realistic", SynthesisConfig.realistic(), a.realistic_seed)):
        ev, tr, wk, nz = synthetic(rec, a.n, seed, cfg)
        q = np.quantile(nz, [0.1, 0.25, 0.5, 0.75, 0.9])
        print(f"\n{name} (n={a.n}, seed {seed}) noise quantiles 10/25/50/75/90 %: " + " ".join(f"{v:.4f}" for v in q))
        table(name, rec, ev, tr, wk, nz, np.quantile(nz, [0.25, 0.5, 0.75]))
        table(name + ", bins at the dev spectra's noise range", rec, ev, tr, wk, nz,
              np.array([dev_noise.min(), np.median(dev_noise), dev_noise.max()]))
    # dev: F1 by threshold within two bins of the dev noise
    truths = [r["truth"] for r in dev]
    dc = [r["dont_care"] for r in dev]
    sets = {c: reported(rec, {k: np.concatenate([r["evidence"][k] for r in dev]) for k in dev[0]["evidence"]}, c)
            for c in THRESHOLDS}
    print("\ndev (in-sample, descriptive): F1 by threshold in the quieter and noisier half")
    for label, idx in (("quieter", np.flatnonzero(dev_noise <= edges[0])), ("noisier", np.flatnonzero(dev_noise > edges[0]))):
        f1 = [set_metrics([truths[i] for i in idx], [sets[c][i] for i in idx], [dc[i] for i in idx])["f1"] for c in THRESHOLDS]
        print(f"{label:<8} {idx.size:3d}  " + " ".join(f"{f:5.3f}" for f in f1))


if __name__ == "__main__":
    main()
