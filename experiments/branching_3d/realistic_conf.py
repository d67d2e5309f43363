"""`realistic()` F1 and the near-coincident confusions with physical white-line ratios of one model (as `measure3.sh`
measured them; `../tall_white_lines/measure.sh` too).

Usage: python experiments/branching_3d/realistic_conf.py MODEL_DIR REALISTIC_SEED
"""

import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_confusions, evaluate_synthetic

warnings.filterwarnings("ignore")
rec = load_recognizer(sys.argv[1], device="cpu")
r = evaluate_synthetic(rec, 3000, int(sys.argv[2]), config=SynthesisConfig.realistic(), show_progressbar=False,
                       shift_search=True)
print("realistic", {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)})
res = evaluate_confusions(rec, 100, 8, config=SynthesisConfig(l23_branching="3d", m45_branching="4f"))
pairs = (("Co", "Ba"), ("Ba", "Co"), ("Ni", "La"), ("La", "Ni"))
print("confusions physical", round(sum(res[a]["reported_as"][b] for a, b in pairs), 3),
      {f"{a}->{b}": res[a]["reported_as"][b] for a, b in pairs})
