"""rule.md's items 1-3 for the main model (stage 20), the ensemble E (main model + thick-specimen reader) or E21
(main model twice + reader), each as `identify_edges` decides a single spectrum (shift search on, thresholds 0.35);
seeds `--seed-base` + 0 ... 3 (rule.md 20261241, rule2.md 20261251).

    python experiments/single_spectrum_ensemble/measure.py main > experiments/single_spectrum_ensemble/out/main.txt
    python experiments/single_spectrum_ensemble/measure.py E > experiments/single_spectrum_ensemble/out/E.txt
    python experiments/single_spectrum_ensemble/measure.py main --seed-base 20261251 > .../out/main2.txt
    python experiments/single_spectrum_ensemble/measure.py E21 --seed-base 20261251 > .../out/E21.txt
"""

import argparse
import pathlib
import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "reader_ensemble"))
from measure import read_row  # noqa: E402  (the reader_ensemble's loop: the same spectra, decided the same way)

warnings.filterwarnings("ignore")
REALISTIC = SynthesisConfig.realistic()
ROWS = [
    ("1 realistic t/λ 1-2", 3000, 0, REALISTIC.replace(thickness=(1.0, 2.0))),
    ("2 default", 3000, 1, SynthesisConfig()),
    ("2 realistic t/λ 0-1", 3000, 2, REALISTIC),
    ("3 edge-free default", 1000, 3, SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]
ap = argparse.ArgumentParser()
ap.add_argument("name", choices=["main", "E", "E21"])
ap.add_argument("--seed-base", type=int, default=20261241)
a = ap.parse_args()
name, thick = a.name, str(thick_weights_dir())
rec = load_recognizer({"main": None, "E": (None, thick), "E21": (None, None, thick)}[name], device="cpu")
for row, n, offset, config in ROWS:
    truth, pred = read_row(rec, n, a.seed_base + offset, config)
    if row.startswith("3"):
        print(f"{name} | {row} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
        continue
    m = set_metrics(truth, pred)
    print(f"{name} | {row} | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} exact "
          f"{m['exact']:.4f}", flush=True)
