"""Rule item 7: N K alone 12 eV after the window's start, 200 default spectra of seed 4 (calibrated axis), for one
model folder (default: the bundled model): which elements are reported.

    python experiments/defer_margins/n_at_start.py [MODEL_DIR]
"""
import sys
import warnings
from collections import Counter

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1] if len(sys.argv) > 1 else None, device="cpu")
batch = synthesize_batch(200, SynthesisConfig(shift=0.0, expansion=0.0), np.random.default_rng(4), elements=["N"],
                         energy_axis=(389.0, 0.25, 1200))
_, predicted, _, _ = predict_batch(rec, batch, rec.thresholds)
print("N K 12 eV after the start: reported", dict(Counter(e for p in predicted for e in p)), "of 200")
