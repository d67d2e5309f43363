"""Do the bundled model's four dev errors show on synthetic spectra of the same windows and elements?

The dev errors of stages 16 and 17 (threshold 0.35): Cl missed in KCl (147.5-456 eV at 0.5 eV), O beside
Sn (148-910 eV at 1 eV), Y beside Sr in SrO (87-919 eV at 1 eV), Ag beside Ti and O in SrTiO3 (350-862 eV
at 0.25 eV; Sr's principal edge lies below that window, so the synthesizer cannot put Sr there: Ti and O
only), and K alone in KCl's window. Here: the same elements and windows (only the manifest's axis ranges
are used), 100 spectra each of ``SynthesisConfig()`` with a calibrated axis
(shift within 2 eV, stretch within 0.2 %), seed 7; per case the recall of each true element (PSNR >= 3)
and the false elements reported. A diagnostic, not a score: nothing is chosen on it.

Usage::

    python experiments/confusers/dev_windows.py [MODEL_DIR]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

CASES = {  # name: (elements, (start eV, eV per channel, channels))
    "KCl": (["K", "Cl"], (147.5, 0.5, 618)),
    "Sn": (["Sn"], (148.0, 1.0, 763)),
    "SrO": (["Sr", "O"], (87.0, 1.0, 833)),
    "Ti, O 350-862": (["Ti", "O"], (350.0, 0.25, 2048)),  # Sr's principal edge (M5, 133 eV) lies below
    "K alone": (["K"], (147.5, 0.5, 618)),
}
CALIBRATED = SynthesisConfig(shift=(-2.0, 2.0), expansion=(-0.002, 0.002))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", default=None, help="model directory (default: the bundled model)")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rec = load_recognizer(args.model, device="cpu")
    for i, (name, (elements, axis)) in enumerate(CASES.items()):
        batch = synthesize_batch(args.n, CALIBRATED, np.random.default_rng([args.seed, i]), elements=elements,
                                 energy_axis=axis)  # fmt: skip
        truth, pred, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        recall = {e: f"{sum(e in p for t, p in zip(truth, pred) if e in t)}/{sum(e in t for t in truth)}" for e in elements}
        false = collections.Counter(e for t, p in zip(truth, pred) for e in p - t)
        print(f"{name:15s} found {recall}  false {dict(false.most_common(5))}")


if __name__ == "__main__":
    main()
