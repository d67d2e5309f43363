"""Stage 20 on `realistic()` spectra with one property changed at a time (rule.md's probe; a diagnostic).

    python experiments/thick_specimens/probe.py 1000 > experiments/thick_specimens/probe_stage20.txt

N spectra per row (seed 20261211), the bundled model at its thresholds, PSNR < 3 don't care.
"""
import warnings; warnings.filterwarnings("ignore")
import dataclasses, sys
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic
rec = load_recognizer(device="cpu")
n=int(sys.argv[1])
base = SynthesisConfig.realistic()
for name, v in [("as is", {}), ("t/l 0-0.3", {"thickness": (0.0, 0.3)}), ("t/l 1-1.5", {"thickness": (1.0, 1.5)}), ("t/l 1.5-2.5", {"thickness": (1.5, 2.5)}),
   ("r 3.5-5", {"background_exponent_mean": 4.2, "background_exponent_std": 0.4, "background_exponent_min": 3.5}),
   ("counts 1e2-1e3", {"counts": (1e2, 1e3)}), ("fwhm 1.6-3", {"gaussian_fwhm": (1.6, 3.0)}),
   ("no shift", {"shift": 0.0, "expansion": 0.0}), ("shift 15-25", {"shift": (15.0, 25.0)}),
   ("plasmon 25-35", {"plasmon_energy": (25.0, 35.0)}), ("wl fwhm 2.5-5", {"white_line_fwhm": (2.5, 5.0)})]:
    cfg = dataclasses.replace(base, **v)
    r = evaluate_synthetic(rec, n=n, seed=20261211, config=cfg, show_progressbar=False, shift_search=False)
    m = r["metrics"]
    print(f"{name:15s}", " ".join(f"{k} {v:.3f}" for k, v in m.items() if isinstance(v, float)), flush=True)
