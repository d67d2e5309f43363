"""`realistic()` F1 with and without the shift search (3,000 spectra, seed 20261206, the bundled threshold, PSNR < 3 don't care).

    python experiments/card_shift/realistic.py [SEED]
"""
import sys
import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic

warnings.filterwarnings("ignore")
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20261206
rec = load_recognizer(device="cpu")
for search in (False, True):
    r = evaluate_synthetic(rec, 3000, seed, config=SynthesisConfig.realistic(), show_progressbar=False, shift_search=search)
    print(f"seed {seed}, shift_search={search}:", {k: round(v, 4) for k, v in r["metrics"].items() if isinstance(v, float)},
          f"onset error median {r['onset_error_ev']['median']:.2f} eV", flush=True)
