"""Row 1 of rule.md as `identify_edges` decides (the axis shift search on), each model at its JSON's thresholds.

    python experiments/thick_reader/search.py MODEL_DIR [MODEL_DIR ...] > experiments/thick_reader/out/search.txt

3,000 `realistic()` spectra at t/λ 1-2 (seed 20261212) and 3,000 default ones at t/λ 1-2 (seed 20261214); PSNR < 3
don't care.
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
ROWS = [
    ("thick realistic t/λ 1-2", 20261212, SynthesisConfig.realistic().replace(thickness=(1.0, 2.0))),
    ("thick default t/λ 1-2", 20261214, SynthesisConfig(thickness=(1.0, 2.0))),
]
for model in sys.argv[1:]:
    rec = load_recognizer(model, device="cpu")
    for name, seed, config in ROWS:
        rng = np.random.default_rng(seed)
        truth, pred = [], []
        for start in range(0, 3000, 250):
            t, p, _, _ = predict_batch(rec, synthesize_batch(250, config, rng), rec.thresholds, min_psnr=3.0, shift_search=True)
            truth += t
            pred += p
        m = set_metrics(truth, pred)
        print(f"{model} | {name} | search | " + " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)),
              flush=True)
