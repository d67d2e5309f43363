"""Diagnostic: what the default synthetic axis shift and expansion cost the bundled model.

3,000 spectra of the default `SynthesisConfig` and of the same with `shift=0, expansion=0` (seed 20261207, each
from the same seed), PSNR < 3 don't care, the bundled model and threshold.

    python experiments/axis_shift/no_shift.py > experiments/axis_shift/no_shift_stage20.txt
"""

import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
for name, cfg in (("default", SynthesisConfig()), ("no shift or expansion", SynthesisConfig(shift=0.0, expansion=0.0))):
    r = evaluate_synthetic(rec, n=3000, seed=20261207, config=cfg, show_progressbar=False, shift_search=False)
    print(name, {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)})
