"""N K alone 12 and 20 eV after the window's start (200 default spectra each, calibrated axis, seed 3, the bundled
model): which elements are reported.

    python experiments/start_margin_white/n_at_start.py > experiments/start_margin_white/n_at_start.txt
"""
import warnings
from collections import Counter

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
for lead in (12.0, 20.0):
    batch = synthesize_batch(
        200, SynthesisConfig(shift=0.0, expansion=0.0), np.random.default_rng(3), elements=["N"],
        energy_axis=(401.0 - lead, 0.25, 1200),
    )  # fmt: skip
    _, predicted, _, _ = predict_batch(rec, batch, rec.thresholds)
    print(f"N K {lead} eV after the start: reported {dict(Counter(e for p in predicted for e in p))} of 200")
