"""rule.md's thick score: 3,000 `realistic()` spectra with t/λ 1-2 (seed 20261212), every element at 0.35.

    python experiments/thick_specimens/score_thick.py [--own-threshold] MODEL_DIR [MODEL_DIR ...]

(`--own-threshold`: each model's thresholds from its JSON instead of 0.35; rule5.md.)

Prints, per model, precision, recall, F1 and exact (PSNR < 3 don't care, as `evaluate`).
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
THICK = SynthesisConfig.realistic().replace(thickness=(1.0, 2.0))

own = "--own-threshold" in sys.argv
for model in [a for a in sys.argv[1:] if a != "--own-threshold"]:
    rec = load_recognizer(model, device="cpu")
    ev, truths, weak = synthetic_evidence(rec, 3000, 20261212, config=THICK)
    thresholds = rec.thresholds if own else np.full(len(rec.elements), 0.35, dtype=np.float32)
    pred = [set(x) for x in rec.decide(ev, thresholds=thresholds).detected(thresholds)]
    m = set_metrics(truths, pred, weak)
    print(model, " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)), flush=True)
