"""`realistic()` F1 of one model folder on fresh seeds (3,000 spectra each, the model's thresholds, PSNR < 3 don't care):
the fresh-seed item of the decoder rules of `end_margin/`, `start_margin_white/` and `defer_margins/`.

    python experiments/realistic_seeds.py MODEL_DIR|bundled SEED [SEED ...]

(Those rules' outputs were written by per-folder copies of this script, each with its seeds fixed; the same
computation, one seed per line.)
"""
import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
model, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
rec = load_recognizer(None if model == "bundled" else model, device="cpu")
for seed in seeds:
    ev, truths, weak = synthetic_evidence(rec, 3000, seed, config=SynthesisConfig.realistic())
    pred = [set(x) for x in rec.decide(ev).detected(rec.thresholds)]
    m = set_metrics(truths, pred, weak)
    print(f"seed {seed}, threshold {float(rec.thresholds.max()):.2f}:",
          {k: round(v, 4) for k, v in m.items() if isinstance(v, float)}, flush=True)
