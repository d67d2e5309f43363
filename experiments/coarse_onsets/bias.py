"""Diagnostic: signed onset error of the coarse-spectrum reader at coarse dispersions (calibrated axes).

Single spectra of two to four elements (default SynthesisConfig, axis shift and stretch off), 1-4 keV windows at
DISP eV per channel; each labelled element reported by the coarse reader (one pass, no shift search): detected minus
true onset. Prints the median and quartiles, overall and by dispersion, in eV and in channels.

Usage: python bias.py N SEED
"""
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import coarse_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

warnings.filterwarnings("ignore")
n, seed = int(sys.argv[1]), int(sys.argv[2])
r = load_recognizer(coarse_weights_dir(), device="cpu")
rng = np.random.default_rng(seed)
for disp in (4.0, 8.0, 12.0):
    errors = []
    config = SynthesisConfig(shift=(0.0, 0.0), expansion=(0.0, 0.0), dispersion=(disp, disp), n_channels=(128, 400))
    batch = synthesize_batch(n, config, rng)
    p = batch.parameters
    for i in range(n):
        nc = int(p["n_channels"][i])
        e = p["offset"][i] + p["dispersion"][i] * np.arange(nc)
        pred = r.predict(e, batch.spectra[i, :nc])
        rows = batch.edges[(batch.edges["spectrum"] == i) & batch.edges["is_label"]]
        for row in rows:
            el = str(row["element"])
            if el in r.elements:
                k = r.elements.index(el)
                if pred.probabilities[0, k] >= r.thresholds[k]:
                    errors.append(float(pred.onsets[0, k] - row["onset"]))
    a = np.array(errors)
    q = np.percentile(a, [25, 50, 75])
    print(f"{disp:4.1f} eV/channel: {a.size} onsets, signed error quartiles {q[0]:+.1f} / {q[1]:+.1f} / {q[2]:+.1f} eV "
          f"({q[1] / disp:+.2f} channel at the median)", flush=True)
