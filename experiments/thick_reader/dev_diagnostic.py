"""Diagnostic, after the decision: both bundled networks on the real dev spectra (none comes with its low-loss partner).

The 1983 Atlas spectra (16 of the 23) are thick-specimen spectra by `../real_quantification/`; whether the thick
reader reads them better says whether a thickness measured without the partner would be worth having. Nothing is
chosen on this and no routing uses it (`workflows.real_spectra.evaluate_real`: one network pass, no shift search, each
model at 0.35).

    python experiments/thick_reader/dev_diagnostic.py > experiments/thick_reader/out/dev_diagnostic.txt
"""

import warnings

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, evaluate_real

warnings.filterwarnings("ignore")
results = {}
for name, weights in (("stage 20", None), ("thick reader", str(thick_weights_dir()))):
    r = evaluate_real(load_recognizer(weights, device="cpu"), REAL_DEV_DIR)
    results[name] = {s["id"]: s for s in r["spectra"]}
    print(name, {k: round(v, 3) for k, v in r["all"].items() if isinstance(v, float)}, flush=True)
for sid, a in results["stage 20"].items():
    b = results["thick reader"][sid]
    if a["predicted"] != b["predicted"]:
        print(f"{sid}: truth {a['truth']} (don't care {a['dont_care']}): stage 20 {a['predicted']}, reader {b['predicted']}")
