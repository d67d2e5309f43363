"""rule.md's items 2-5 for one arm, as `identify_edges` reads a single spectrum without a partner (items 3-5: shift
search on, thresholds 0.35; item 2: the near-coincident protocol on the axis as given), with the members of the
single-spectrum ensemble of the package on PYTHONPATH.

    PYTHONPATH=ARM python experiments/m23_reader/measure.py NAME
"""

import pathlib
import sys
import warnings

from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import evaluate_confusions

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "reader_ensemble"))
from measure import read_row  # noqa: E402  (the reader_ensemble's loop: decided as identify_edges decides)

warnings.filterwarnings("ignore")
name = sys.argv[1]
members = single_spectrum_ensemble()
print(f"{name} | members {members}", flush=True)
rec = load_recognizer(members, device="cpu")
PAIRS = (("Co", "Ba"), ("Ba", "Co"), ("Ni", "La"), ("La", "Ni"))
res = evaluate_confusions(rec, 100, 10, config=SynthesisConfig(l23_branching="3d", m45_branching="4f"))
total = sum(res[a]["reported_as"][b] for a, b in PAIRS)
print(f"{name} | 2 physical ratios | sum {total:.2f} | " + " ".join(f"{a}->{b} {res[a]['reported_as'][b]:.2f}"
      for a, b in PAIRS), flush=True)  # fmt: skip
REALISTIC = SynthesisConfig.realistic()
ROWS = [
    ("3 default", 3000, 20261702, SynthesisConfig()),
    ("4 realistic t/λ 0-1", 3000, 20261703, REALISTIC),
    ("4 realistic t/λ 1-2", 3000, 20261701, REALISTIC.replace(thickness=(1.0, 2.0))),
    ("5 edge-free default", 1000, 20261704, SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]
for row, n, seed, config in ROWS:
    truth, pred = read_row(rec, n, seed, config)
    if row.startswith("5"):
        print(f"{name} | {row} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
        continue
    m = set_metrics(truth, pred)
    print(f"{name} | {row} | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} exact "
          f"{m['exact']:.4f}", flush=True)
