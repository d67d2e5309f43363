"""rule.md's items 1-3 and 6 for stage 20 or the ensemble E, as `identify_edges` decides (shift search on, 0.35).

    python experiments/reader_ensemble/measure.py stage20 > experiments/reader_ensemble/out/stage20.txt
    python experiments/reader_ensemble/measure.py E > experiments/reader_ensemble/out/E.txt
    python experiments/reader_ensemble/measure.py E21 > experiments/reader_ensemble/out/E21.txt  (rule2.md)
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, evaluate_real

warnings.filterwarnings("ignore")
REALISTIC = SynthesisConfig.realistic()
ROWS = [
    ("1 realistic t/λ 1-2", 3000, 7401, REALISTIC.replace(thickness=(1.0, 2.0))),
    ("2 default", 3000, 7402, SynthesisConfig()),
    ("2 realistic t/λ 0-1", 3000, 7403, REALISTIC),
    ("3 edge-free default", 1000, 7404, SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]


def read_row(rec, n, seed, config):
    """Truths and predictions of `n` spectra of `config` (seed `seed`) as `identify_edges` decides them."""
    rng = np.random.default_rng(seed)
    truth, pred = [], []
    for start in range(0, n, 250):
        t, p, _, _ = predict_batch(rec, synthesize_batch(250, config, rng), rec.thresholds, min_psnr=3.0, shift_search=True)
        truth += t
        pred += p
    return truth, pred


if __name__ == "__main__":
    name = sys.argv[1]
    members = {"stage20": None, "E": (None, str(thick_weights_dir())), "E21": (None, None, str(thick_weights_dir()))}
    rec = load_recognizer(members[name], device="cpu")
    for row, n, seed, config in ROWS:
        truth, pred = read_row(rec, n, seed, config)
        if row.startswith("3"):
            print(f"{name} | {row} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
            continue
        m = set_metrics(truth, pred)
        print(f"{name} | {row} | " + " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)), flush=True)
    r = evaluate_real(rec, REAL_DEV_DIR)
    print(f"{name} | 6 dev | " + " ".join(f"{k} {v:.3f}" for k, v in r["all"].items() if isinstance(v, float)))
    for s in r["spectra"]:
        print(f"  {s['id']}: truth {s['truth']} predicted {s['predicted']} (don't care {s['dont_care']})")
