"""Feasibility: Fourier-ratio deconvolution with the (known) low-loss before identification, on thick spectra.

Exploratory (nothing is chosen on it; a rule comes before any product change). Per spectrum of
``SynthesisConfig.realistic()`` with t/λ drawn from ``--thickness``: a power law fitted (log-log least squares)
over the first ``--fit-ev`` eV is subtracted, the rest (its end tapered to zero) is divided in Fourier space by the
transform of the spectrum's own low-loss distribution (the synthesizer's zero loss and Drude plasmons, unit area)
and multiplied by a Gaussian of ``--fwhm`` eV (at least two channels), and the power law is added back. The bundled
model then reads the raw and the deconvolved spectra; both scored at its threshold, PSNR < 3 don't care.

    python experiments/deconvolution/feasibility.py --n 1000 --thickness 1 2 --seed 20261212
"""
from __future__ import annotations

import argparse
import warnings

import numpy as np
from scipy import fft

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.synthesis.instrument import plural_scattering_transfer
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch

warnings.filterwarnings("ignore")


def deconvolve(y, energy, step, thickness, plasmon_energy, plasmon_fwhm, fit_ev, fwhm):
    n = y.size
    head = energy < energy[0] + fit_ev
    positive = head & (y > 0)
    if positive.sum() < 3:
        return y
    slope, intercept = np.polyfit(np.log(energy[positive]), np.log(y[positive]), 1)
    power = np.exp(intercept) * energy**slope
    rest = y - power
    tail = max(n // 4, 8)
    taper = rest[-1] * np.cos(0.5 * np.pi * np.arange(1, tail + 1) / tail) ** 2
    size = fft.next_fast_len(2 * (n + tail))
    padded = np.zeros(size)
    padded[:n], padded[n : n + tail] = rest, taper
    low_loss = plural_scattering_transfer(size, np.array([step]), np.array([thickness]), np.array([plasmon_energy]),
                                          np.array([plasmon_fwhm]))[0].astype(complex)
    nu = fft.rfftfreq(size, d=step)
    sigma = max(fwhm, 2 * step) / 2.3548
    gauss = np.exp(-2 * (np.pi * nu * sigma) ** 2)
    out = fft.irfft(fft.rfft(padded) * gauss / low_loss, n=size)[:n]
    return out + power


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261212)
    ap.add_argument("--thickness", type=float, nargs=2, default=(1.0, 2.0))
    ap.add_argument("--fit-ev", type=float, default=20.0)
    ap.add_argument("--fwhm", type=float, default=1.0)
    ap.add_argument("--counts", type=float, nargs=2, default=None, help="counts range (default realistic())")
    a = ap.parse_args()
    rec = load_recognizer(device="cpu")
    thr = rec.thresholds
    cfg = SynthesisConfig.realistic()
    import dataclasses
    cfg = dataclasses.replace(cfg, thickness=tuple(a.thickness))
    if a.counts:
        cfg = dataclasses.replace(cfg, counts=tuple(a.counts))
    rng = np.random.default_rng(a.seed)
    res = {"raw": ([], []), "deconvolved": ([], [])}
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), cfg, rng)
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
        weak = [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
        t, pred, _, _ = predict_batch(rec, batch, thr, min_psnr=MIN_PSNR)
        res["raw"][0].extend(t); res["raw"][1].extend(p - w for p, w in zip(pred, weak))
        p = batch.parameters
        for i in range(len(batch)):
            m = int(p["n_channels"][i])
            e = p["offset"][i] + p["dispersion"][i] * np.arange(m)
            batch.spectra[i, :m] = deconvolve(batch.spectra[i, :m].astype(float), e, p["dispersion"][i], p["thickness"][i],
                                              p["plasmon_energy"][i], p["plasmon_fwhm"][i], a.fit_ev, a.fwhm)
        t, pred, _, _ = predict_batch(rec, batch, thr, min_psnr=MIN_PSNR)
        res["deconvolved"][0].extend(t); res["deconvolved"][1].extend(p - w for p, w in zip(pred, weak))
    for name, (t, p) in res.items():
        m = set_metrics(t, p)
        false = sum(len(pp - tt) for tt, pp in zip(t, p)) / len(t)
        print(f"{name:12s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} exact {m['exact']:.3f} "
              f"false per spectrum {false:.3f}", flush=True)


if __name__ == "__main__":
    main()
