"""Do detector spikes (X-ray hits, hot pixels) make the bundled model report elements?

Real core-loss spectra often carry single-channel or few-channel spikes that the synthesizer never
makes. Here the forward model's spectra get 0, 1, 3 or 10 spikes each: a random channel (and with
probability 0.3 its right neighbour too) raised by A times the spectrum's value there, A drawn
log-uniformly from `--amplitude` (default 0.5-20: from a spike just above the noise to one twenty
times the signal). Reported: share of edge-free power laws (``n_elements_probabilities=(1.0,)``, as
issue 14's edge-free protocol) with any element reported, and the paper's metrics on default
spectra (PSNR < 3 don't care), each with the same spectra without spikes. Bundled model, decoder,
threshold. A diagnostic.

``--despike`` runs :func:`hyperspy_eels_edgeid.recognizer.spikes.remove_spikes` on every spectrum first.

Usage: python experiments/spikes/measure.py [--n 1000] [--seed 20261210] [--amplitude LO HI] [--model DIR] [--despike]
"""

from __future__ import annotations

import argparse
import functools

import numpy as np

from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def add_spikes(batch, n_spikes, amplitude, rng):
    spectra = batch.spectra.copy()
    for i, row in enumerate(spectra):
        measured = np.flatnonzero(np.isfinite(row))
        for _ in range(n_spikes):
            c = rng.choice(measured[:-1])
            a = np.exp(rng.uniform(*np.log(amplitude)))
            cols = [c, c + 1] if rng.random() < 0.3 else [c]
            row[cols] += a * np.abs(row[c])
    batch.spectra = spectra
    return batch


def despike(batch):
    spectra = batch.spectra.copy()
    for i, row in enumerate(spectra):
        energy = batch.energy_axis(i)  # the measured channels, first
        row[: energy.size] = remove_spikes(energy, row[None, : energy.size])[0]
    batch.spectra = spectra
    return batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261210)
    ap.add_argument("--amplitude", type=float, nargs=2, default=(0.5, 20.0))
    ap.add_argument("--model", default=None)
    ap.add_argument("--despike", action="store_true", help="recognizer.spikes.remove_spikes before the network")
    ap.add_argument("--max-width", type=float, default=None, help="remove_spikes's max_width_ev (default its own)")
    ap.add_argument("--coarse-height", type=float, default=None, help="remove_spikes's coarse_height (default its own)")
    a = ap.parse_args(argv)
    global remove_spikes  # rule_coarse.md, rule_coarse2.md
    options = {k: v for k, v in (("max_width_ev", a.max_width), ("coarse_height", a.coarse_height)) if v is not None}
    remove_spikes = functools.partial(remove_spikes, **options)
    rec = load_recognizer(a.model, device="cpu")
    thr = rec.thresholds
    print(f"model {a.model or 'bundled'}, {a.n} spectra per row, seed {a.seed}, spike amplitude {a.amplitude}"
          f"{', spikes removed before the network' if a.despike else ''}")
    for name, config in (("edge-free", SynthesisConfig(n_elements_probabilities=(1.0,))), ("default", SynthesisConfig())):
        for n_spikes in (0, 1, 3, 10):
            rng = np.random.default_rng(a.seed)  # the same spectra in every row
            spike_rng = np.random.default_rng([a.seed, n_spikes])
            truths, preds, falses = [], [], {}
            for start in range(0, a.n, 250):
                batch = synthesize_batch(min(250, a.n - start), config, rng)
                if n_spikes:
                    add_spikes(batch, n_spikes, a.amplitude, spike_rng)
                if a.despike:
                    despike(batch)
                t, p, _, _ = predict_batch(rec, batch, thr, min_psnr=3.0)
                truths += t
                preds += p
            for t, p in zip(truths, preds):
                for e in p - t:
                    falses[e] = falses.get(e, 0) + 1
            top = dict(sorted(falses.items(), key=lambda x: -x[1])[:8])
            if name == "edge-free":
                rate = np.mean([len(p) > 0 for p in preds])
                print(f"  {name}, {n_spikes:2d} spikes: any element reported in {rate:.3f}; false {top}")
            else:
                m = set_metrics(truths, preds)
                print(f"  {name}, {n_spikes:2d} spikes: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                      f"exact {m['exact']:.3f}; most false {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
