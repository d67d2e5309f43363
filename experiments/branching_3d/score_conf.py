"""rule.md's near-coincident and dev scores of one network at 0.35 for every element (bundled decoder).

    python experiments/branching_3d/score_conf.py MODEL_DIR NAME > experiments/branching_3d/out/NAME.conf.txt

The near-coincident protocol of `evaluate` (100 spectra per element, seed 7) with physical white-line ratios
(`l23_branching="3d"`, `m45_branching="4f"`) and with the default random ones; then the 23 dev spectra in-sample.
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_confusions
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, evaluate_real

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1], device="cpu")
name = sys.argv[2]
at = np.full(len(rec.elements), 0.35, dtype=np.float32)
PAIRS = (("Co", "Ba"), ("Ba", "Co"), ("Ni", "La"), ("La", "Ni"))
for label, config in (("physical ratios", SynthesisConfig(l23_branching="3d", m45_branching="4f")),
                      ("random ratios", SynthesisConfig())):
    res = evaluate_confusions(rec, 100, 7, thresholds=at, config=config)
    total = sum(res[a]["reported_as"][b] for a, b in PAIRS)
    print(f"{name} | {label} | Co->Ba + Ba->Co + Ni->La + La->Ni {total:.2f} | "
          + " ".join(f"{e} recall {res[e]['recall']:.2f}" for e in ("Co", "Ba", "Ni", "La"))
          + " | " + " ".join(f"{a}->{b} {res[a]['reported_as'][b]:.2f}" for a, b in PAIRS), flush=True)
r = evaluate_real(rec, REAL_DEV_DIR, thresholds=at)
print(f"{name} | dev in-sample at 0.35 | " + " ".join(f"{k} {v:.3f}" for k, v in r["all"].items() if isinstance(v, float)))
