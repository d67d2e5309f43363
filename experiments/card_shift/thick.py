"""The thick-specimen figure with and without the shift search: 3,000 `realistic()` spectra at t/λ 1-2 (seed 20261212,
as `../thick_specimens/score_thick.py`), the bundled model and threshold, PSNR < 3 don't care.

    python experiments/card_shift/thick.py
"""
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
thick = SynthesisConfig.realistic().replace(thickness=(1.0, 2.0))
for search in (False, True):
    r = evaluate_synthetic(rec, 3000, 20261212, config=thick, show_progressbar=False, shift_search=search)
    print(f"shift_search={search}:", {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)}, flush=True)
