"""Does a curved background fool the bundled model?  (a probe; issue 14 / 16, 5 Dec 2026)

Real backgrounds are not one power law over a wide window: the local exponent
r(E) = -d ln J / d ln E drifts with energy.  The synthesizer draws a pure power
law.  This probe multiplies synthesized spectra by exp(-c L^2), L = ln(E / E_start)
(so the local exponent becomes r + 2 c L; edges and noise are scaled with it, a
slow factor), c drawn uniformly from [-C, C], and scores the bundled model
(its threshold, PSNR < 3 don't care) on `realistic()` spectra and on edge-free
`realistic()` windows, for several C.

Usage: python experiments/background_curvature/probe.py [--n 1000] [--seed 20261230] [--model DIR]
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def curve(batch, c):
    """Multiply each spectrum by exp(-c_i L^2), L = ln(E / E_start) on its own axis (in place)."""
    for i in range(len(batch)):
        e = batch.energy_axis(i)
        L = np.log(e / e[0])
        batch.spectra[i, : len(e)] *= np.exp(-c[i] * L * L).astype(np.float32)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261230)
    ap.add_argument("--model", default=None)
    ap.add_argument("--curvatures", type=float, nargs="+", default=[0.0, 0.25, 0.5, 1.0])
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    threshold = rec.thresholds
    real = SynthesisConfig.realistic()
    empty = dataclasses.replace(real, n_elements_probabilities=(1.0,), extra_element_probability={},
                                below_window_probability=0.0)  # fmt: skip
    for name, config in (("realistic", real), ("edge-free", empty)):
        for C in a.curvatures:
            rng = np.random.default_rng(a.seed)
            truth, pred, weak_all = [], [], []
            widths = []
            for start in range(0, a.n, 250):
                batch = synthesize_batch(min(250, a.n - start), config, rng)
                c = rng.uniform(-C, C, len(batch))
                curve(batch, c)
                t, p, _, _ = predict_batch(rec, batch, threshold, min_psnr=MIN_PSNR)
                labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
                weak = [{str(x) for x in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
                truth += t
                pred += [q - w for q, w in zip(p, weak)]
                weak_all += weak
            if name == "edge-free":
                shown = sum(bool(q) for q in pred)
                print(f"{name:10s} C={C:4.2f}: an element reported in {shown} of {len(pred)} ({shown / len(pred):.1%})", flush=True)
            else:
                m = set_metrics(truth, pred)
                false = sum(len(q - t) for q, t in zip(pred, truth))
                print(f"{name:10s} C={C:4.2f}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                      f"exact {m['exact']:.3f}; false elements {false}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
