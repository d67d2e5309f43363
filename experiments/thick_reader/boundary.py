"""Diagnostic: stage 20 and the reader on either side of the switch (t/λ 1.0), as `score.py` scores (0.35, one pass).

3,000 `realistic()` spectra at t/λ 0.7-1.0 (seed 20261216) and 3,000 at 1.0-1.3 (seed 20261217). Nothing is chosen
on this; a different switch point would need its own rule.

    python experiments/thick_reader/boundary.py > experiments/thick_reader/out/boundary.txt
"""

import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
for name, weights in (("stage 20", None), ("thick reader", str(thick_weights_dir()))):
    rec = load_recognizer(weights, device="cpu")
    thresholds = np.full(len(rec.elements), 0.35, dtype=np.float32)
    for span, seed in (((0.7, 1.0), 20261216), ((1.0, 1.3), 20261217)):
        ev, truths, weak = synthetic_evidence(rec, 3000, seed, config=SynthesisConfig.realistic().replace(thickness=span))
        pred = [set(x) for x in rec.decide(ev, thresholds=thresholds).detected(thresholds)]
        m = set_metrics(truths, pred, weak)
        print(f"{name} | realistic t/λ {span[0]}-{span[1]} | " + " ".join(f"{k} {v:.4f}" for k, v in m.items()
                                                                          if isinstance(v, float)), flush=True)
