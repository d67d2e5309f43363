"""rule.md's by-prior score: 3,000 default spectra with the elements drawn by the prior's odds (seed 20261203, as
scripts/decoder_ablation.py's "synthetic (elements by the prior)"), PSNR < 3 don't care, at 0.35 for every element.

    python experiments/prior_draws/by_prior.py [--own-threshold] MODEL_DIR:PRIOR_STEP [MODEL_DIR:PRIOR_STEP ...]

Each model is read with its decoder's `prior_step` set to PRIOR_STEP (0: the network holds the prior itself);
`--own-threshold` takes each model's thresholds from its JSON instead of 0.35 (rule3.md).
"""

import json
import pathlib
import shutil
import sys
import tempfile
import warnings

import numpy as np

from hyperspy_eels_edgeid import supported_elements
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import prior_log_odds
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
elements = list(supported_elements())
BY_PRIOR = SynthesisConfig(element_weights=dict(zip(elements, np.exp(prior_log_odds(elements)).tolist())))


def with_prior_step(model: str, step: float, into: pathlib.Path) -> str:
    """A copy of `model` whose decoder has `prior_step` = `step`."""
    shutil.copy(pathlib.Path(model) / "edge_recognizer.safetensors", into)
    meta = json.loads((pathlib.Path(model) / "edge_recognizer.json").read_text())
    meta["decoder"]["prior_step"] = step
    (into / "edge_recognizer.json").write_text(json.dumps(meta))
    return str(into)


own = "--own-threshold" in sys.argv
for item in [a for a in sys.argv[1:] if a != "--own-threshold"]:
    model, step = item.rsplit(":", 1)
    with tempfile.TemporaryDirectory() as tmp:
        rec = load_recognizer(with_prior_step(model, float(step), pathlib.Path(tmp)), device="cpu")
    ev, truths, weak = synthetic_evidence(rec, 3000, 20261203, config=BY_PRIOR)
    thresholds = rec.thresholds if own else np.full(len(rec.elements), 0.35, dtype=np.float32)
    pred = [set(x) for x in rec.decide(ev, thresholds=thresholds).detected(thresholds)]
    m = set_metrics(truths, pred, weak)
    print(item, " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)), flush=True)
