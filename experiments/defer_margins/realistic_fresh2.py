"""Rule 2 of rule.md: `realistic()` 3,000 spectra of seeds 20261219 and 20261220 for one model folder at its thresholds.

    python experiments/defer_margins/realistic_fresh2.py MODEL_DIR
"""
import sys
import warnings

warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer  # noqa: E402
from hyperspy_eels_edgeid.synthesis import SynthesisConfig  # noqa: E402
from hyperspy_eels_edgeid.workflows.metrics import set_metrics  # noqa: E402
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence  # noqa: E402

rec = load_recognizer(sys.argv[1] if len(sys.argv) > 1 else None, device="cpu")
for seed in (20261219, 20261220):
    ev, truths, weak = synthetic_evidence(rec, 3000, seed, config=SynthesisConfig.realistic())
    pred = [set(x) for x in rec.decide(ev).detected(rec.thresholds)]
    m = set_metrics(truths, pred, weak)
    print(f"seed {seed}, threshold {float(rec.thresholds.max()):.2f}:",
          {k: round(v, 4) for k, v in m.items() if isinstance(v, float)}, flush=True)
