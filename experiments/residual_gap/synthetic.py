"""Item 1 of rule.md: the bundled decoder against the same with `residual_gap_ev` 5, on the same network evidence
(3,000 default spectra of seed 20261202 and 3,000 `realistic()` of seed 20261206, the bundled threshold, PSNR < 3
don't care, no shift search).

    python experiments/residual_gap/synthetic.py runs/RG
"""
import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
bundled, candidate = load_recognizer(device="cpu"), load_recognizer(sys.argv[1], device="cpu")
for name, seed, config in (("default", 20261202, SynthesisConfig()), ("realistic", 20261206, SynthesisConfig.realistic())):
    ev, truths, weak = synthetic_evidence(bundled, 3000, seed, config)
    for label, rec in (("bundled", bundled), ("residual gap 5", candidate)):
        pred = [set(x) for x in rec.decide(ev).detected(rec.thresholds)]
        m = set_metrics(truths, pred, weak)
        print(f"{name} seed {seed}, {label}:", {k: round(v, 4) for k, v in m.items() if isinstance(v, float)}, flush=True)
