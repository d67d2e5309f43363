"""Background-subtracted spectra: how the bundled model reads them, as given and with a power law given back.

Synthetic spectra (`synthesize_batch(..., return_components=True)`) with their true background taken out, decided as
`evaluate` decides (each spectrum on its own axis, no axis search, labels with a PSNR below 3 "don't care", the
model's thresholds): raw, background-subtracted, and background-subtracted after
`hyperspy.subtracted_background.restore_background` (the package's rule, which `identify_edges` applies); and how many
raw and subtracted spectra the rule recognises. Output: one line per configuration.

Usage: python experiments/subtracted_background/measure.py [--n 2000] [--seed 20261230]
"""

from __future__ import annotations

import argparse
import dataclasses
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.subtracted_background import looks_background_subtracted, restore_background
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20261230)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    rec = load_recognizer(device="cpu")
    for name, config in (("default", SynthesisConfig()), ("realistic()", SynthesisConfig.realistic())):
        batch = synthesize_batch(a.n, config, np.random.default_rng(a.seed), return_components=True)
        offset, dispersion = batch.parameters["offset"], batch.parameters["dispersion"]
        channels = np.arange(batch.spectra.shape[1])
        subtracted = batch.spectra - batch.background
        recognised = looks_background_subtracted(subtracted)  # as identify_edges decides a single spectrum
        restored = np.stack([restore_background(offset[i] + dispersion[i] * channels, row) if recognised[i] else row
                             for i, row in enumerate(subtracted)])  # fmt: skip
        line = {}
        for label, spectra in (("raw", batch.spectra), ("subtracted", subtracted), ("restored", restored)):
            truth, found, _, _ = predict_batch(rec, dataclasses.replace(batch, spectra=spectra), rec.decoder.thresholds,
                                               min_psnr=3.0)  # fmt: skip
            m = set_metrics(truth, found)
            line[label] = f"F1 {m['f1']:.3f} precision {m['precision']:.3f} exact {m['exact']:.3f}"
        print(f"{name}, {a.n} spectra, seed {a.seed}: " + "; ".join(f"{k} {v}" for k, v in line.items())
              + f"; recognised as subtracted: raw {looks_background_subtracted(batch.spectra).sum()}, "
              f"subtracted {looks_background_subtracted(subtracted).sum()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
