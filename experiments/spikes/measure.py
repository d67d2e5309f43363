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

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

from common import add_removal_options, configured_removal, despike, protocol_row


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261210)
    ap.add_argument("--amplitude", type=float, nargs=2, default=(0.5, 20.0))
    ap.add_argument("--model", default=None)
    ap.add_argument("--despike", action="store_true", help="recognizer.spikes.remove_spikes before the network")
    add_removal_options(ap)
    a = ap.parse_args(argv)
    remove = configured_removal(a)
    rec = load_recognizer(a.model, device="cpu")
    print(f"model {a.model or 'bundled'}, {a.n} spectra per row, seed {a.seed}, spike amplitude {a.amplitude}"
          f"{', spikes removed before the network' if a.despike else ''}")
    for name, config in (("edge-free", SynthesisConfig(n_elements_probabilities=(1.0,))), ("default", SynthesisConfig())):
        for n_spikes in (0, 1, 3, 10):
            spike_rng = np.random.default_rng([a.seed, n_spikes])

            def change(batch):
                if n_spikes:
                    add_spikes(batch, n_spikes, a.amplitude, spike_rng)
                if a.despike:
                    despike(batch, remove)

            text = protocol_row(rec, config, a.n, a.seed, change, edge_free=name == "edge-free")
            print(f"  {name}, {n_spikes:2d} spikes: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
