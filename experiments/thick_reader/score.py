"""rule.md's scores: each model at 0.35 for every element, the bundled decoder, one network pass (no shift search).

    python experiments/thick_reader/score.py MODEL_DIR [MODEL_DIR ...] > experiments/thick_reader/out/NAME.txt

Rows (PSNR < 3 don't care, as `evaluate`): 3,000 `realistic()` spectra at t/λ 1-2 (seed 20261212), at t/λ 2-2.5
(20261213), 3,000 default spectra at t/λ 1-2 (20261214), 3,000 thin `realistic()` ones (t/λ 0-1, 20261206), and
1,000 edge-free default spectra at t/λ 1-2.5 (20261215): the share with an element reported.
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
REALISTIC = SynthesisConfig.realistic()
ROWS = [
    ("thick realistic t/λ 1-2", 3000, 20261212, REALISTIC.replace(thickness=(1.0, 2.0))),
    ("thicker realistic t/λ 2-2.5", 3000, 20261213, REALISTIC.replace(thickness=(2.0, 2.5))),
    ("thick default t/λ 1-2", 3000, 20261214, SynthesisConfig(thickness=(1.0, 2.0))),
    ("thin realistic t/λ 0-1", 3000, 20261206, REALISTIC),
    ("edge-free default t/λ 1-2.5", 1000, 20261215,
     SynthesisConfig(thickness=(1.0, 2.5), n_elements_probabilities=(1.0,), extra_element_probability={})),
]

for model in sys.argv[1:]:
    rec = load_recognizer(model, device="cpu")
    thresholds = np.full(len(rec.elements), 0.35, dtype=np.float32)
    for name, n, seed, config in ROWS:
        ev, truths, weak = synthetic_evidence(rec, n, seed, config=config)
        pred = [set(x) for x in rec.decide(ev, thresholds=thresholds).detected(thresholds)]
        if name.startswith("edge-free"):
            print(f"{model} | {name} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
            continue
        m = set_metrics(truths, pred, weak)
        print(f"{model} | {name} | " + " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)), flush=True)
