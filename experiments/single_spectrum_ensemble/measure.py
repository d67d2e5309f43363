"""rule.md's items 1-3 for the main model (stage 20) or the ensemble E (main model + thick-specimen reader), each as
`identify_edges` decides a single spectrum (shift search on, thresholds 0.35); fresh seeds 20261241-20261244.

    python experiments/single_spectrum_ensemble/measure.py main > experiments/single_spectrum_ensemble/out/main.txt
    python experiments/single_spectrum_ensemble/measure.py E > experiments/single_spectrum_ensemble/out/E.txt
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
REALISTIC = SynthesisConfig.realistic()
ROWS = [
    ("1 realistic t/λ 1-2", 3000, 20261241, REALISTIC.replace(thickness=(1.0, 2.0))),
    ("2 default", 3000, 20261242, SynthesisConfig()),
    ("2 realistic t/λ 0-1", 3000, 20261243, REALISTIC),
    ("3 edge-free default", 1000, 20261244,
     SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]  # fmt: skip
name = sys.argv[1]
rec = load_recognizer({"main": None, "E": (None, str(thick_weights_dir()))}[name], device="cpu")
for row, n, seed, config in ROWS:
    rng = np.random.default_rng(seed)
    truth, pred = [], []
    for start in range(0, n, 250):
        t, p, _, _ = predict_batch(rec, synthesize_batch(250, config, rng), rec.thresholds, min_psnr=3.0, shift_search=True)
        truth += t
        pred += p
    if row.startswith("3"):
        print(f"{name} | {row} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
        continue
    m = set_metrics(truth, pred)
    print(f"{name} | {row} | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} exact "
          f"{m['exact']:.4f}", flush=True)
