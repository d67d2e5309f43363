"""Do other detector artefacts the synthesizer never makes give false elements? (a diagnostic)

Edge-free power laws (``n_elements_probabilities=(1.0,)``, random windows, the issue's edge-free protocol)
and default spectra (PSNR < 3 don't care), 1,000 each (seed 20261212, the same spectra in every row), with
spike removal as ``identify_edges`` runs it, bundled model and threshold. Artefacts, one per spectrum:

* ``dead``: one channel read low (x 0-0.3 of its value), a dead or cold pixel column;
* ``seam``: every channel from a random one on multiplied by 0.8-1.25 (``--seam``; a readout-half or gain seam);
* ``wide``: a cosmic-ray streak: 3-6 adjacent channels raised by 0.5-20 times the signal;
* ``ripple``: a fixed-pattern gain ripple, 1 + A x sin with a period of 4-32 channels, A drawn from
  ``--ripple`` (default 2-5 %).

Usage: python experiments/artefacts/measure.py [--n 1000] [--kinds none,dead,seam,wide,ripple] [--ripple LO HI]
       [--sets edge-free,default]
"""

from __future__ import annotations

import argparse

import sys
from pathlib import Path

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spikes"))
from common import despike, protocol_row  # noqa: E402


def artefact(kind, row, n, rng, ripple=(0.02, 0.05), seam=(0.8, 1.25)):
    if kind == "dead":
        row[rng.integers(1, n - 1)] *= rng.uniform(0.0, 0.3)
    elif kind == "seam":
        row[rng.integers(n // 10, 9 * n // 10) : n] *= np.exp(rng.uniform(*np.log(seam)))
    elif kind == "wide":
        width = rng.integers(3, 7)
        c = rng.integers(0, n - width)
        row[c : c + width] += np.exp(rng.uniform(np.log(0.5), np.log(20.0))) * np.abs(row[c : c + width]).mean()
    elif kind == "ripple":
        k = np.arange(n)
        row[:n] *= 1 + rng.uniform(*ripple) * np.sin(2 * np.pi * k / rng.uniform(4, 32) + rng.uniform(0, 6.3))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261212)
    ap.add_argument("--kinds", default="none,dead,seam,wide,ripple")
    ap.add_argument("--ripple", type=float, nargs=2, default=(0.02, 0.05))
    ap.add_argument("--sets", default="edge-free,default")
    ap.add_argument("--seam", type=float, nargs=2, default=(0.8, 1.25), help="factor range of a seam")
    a = ap.parse_args(argv)
    rec = load_recognizer(None, device="cpu")
    print(f"bundled model, {a.n} spectra per row, seed {a.seed}, spike removal on, ripple {a.ripple}, seam {a.seam}")
    sets = {"edge-free": SynthesisConfig(n_elements_probabilities=(1.0,)), "default": SynthesisConfig()}
    for name in a.sets.split(","):
        config = sets[name]
        for kind in a.kinds.split(","):
            art_rng = np.random.default_rng([a.seed, len(kind)])

            def change(batch):
                if kind != "none":
                    for i, row in enumerate(batch.spectra):
                        artefact(kind, row, batch.energy_axis(i).size, art_rng, a.ripple, a.seam)
                despike(batch)

            print(f"  {name}, {kind:6s}: {protocol_row(rec, config, a.n, a.seed, change, name == 'edge-free')}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
