"""False elements beside a 3d white-line metal and O in specimens of t/λ 0.5-1 (the probe of `rule.md`).

Seen on synthetic twins of issue 14's Ti/O maps (400-650 eV): In (M5 443 eV) reported beside Ti (L3 456 eV) in 21
of 100 maps with the bundled model, in maps of t/λ 0.39-0.98 only and in none without plural scattering (the
plasmon replica of the white lines, 15-30 eV past them, where a delayed M4,5 edge 13 eV below Ti's would have its
maximum). This probe asks the same of single spectra of every 3d metal with white lines (Ti-Ni) beside O:
spectra of the two (`synthesize_batch`, each spectrum its own draw) on a window at 0.25 eV per channel from 56 eV
below the lower of the two principal edges to 150 eV above the higher (Ti: 400-706 eV),
`SynthesisConfig(thickness=(0.5, 1.0))` otherwise default, decided as `evaluate` decides (no axis search; labels
with a PSNR below 3 don't care), each network at its own thresholds. Printed per metal: how often the reported set is exactly
the labels, the false elements, and the true ones missed; and the totals.

Usage: python experiments/thick_white_lines/probe.py [--model DIR] [--n 200] [--seed 31]
"""

from __future__ import annotations

import argparse
import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

METALS = ("Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=200, help="spectra per metal")
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--thickness", type=float, nargs=2, default=[0.5, 1.0])
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(a.model, device="cpu")
    onsets = dict(zip(rec.elements, (min(o) for o in rec.metadata["onsets"])))
    config = SynthesisConfig(thickness=tuple(a.thickness))
    total_exact = total_false = total_missed = 0
    for i, metal in enumerate(METALS):
        start = min(onsets[metal], onsets["O"]) - 56.0
        end = max(onsets[metal], onsets["O"]) + 150.0
        axis = (start, 0.25, int((end - start) / 0.25))
        batch = synthesize_batch(a.n, config, np.random.default_rng([a.seed, i]), elements=[metal, "O"],
                                 energy_axis=axis)  # fmt: skip
        truths, found, _, _ = predict_batch(rec, batch, rec.decoder.thresholds, min_psnr=3.0)
        false, missed, exact = collections.Counter(), collections.Counter(), 0
        for truth, got in zip(truths, found):
            false.update(got - {metal, "O"})
            missed.update(truth - got)
            exact += got == truth
        total_exact, total_false, total_missed = (total_exact + exact, total_false + sum(false.values()),
                                                  total_missed + sum(missed.values()))  # fmt: skip
        print(f"{metal} + O, {start:.0f}-{end:.0f} eV: exact {exact}/{a.n}; false {dict(false.most_common(6))}; "
              f"missed {dict(missed)}", flush=True)
    n = a.n * len(METALS)
    print(f"all: exact {total_exact}/{n}; false {total_false}; missed {total_missed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
