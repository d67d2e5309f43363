"""Seconds of `evaluate_synthetic` (the shift search included, as `eels-edgeid evaluate` runs it), three ways (6 Dec 2026).

"shipped": spectra of different windows run in calls of 64 grouped by window, each over its measured steps;
"64, every step": calls of 64 grouped by window, every step run (`EdgeNet.MIN_CROPPED_BATCH` beyond any batch);
"before": each batch of 250 spectra in one network call over every step (`inference.CPU_BATCH` and
`EdgeNet.MIN_CROPPED_BATCH` beyond any batch), as before 6 Dec 2026. The same N default synthetic spectra (seed
20260101, the model card's) each way, after a warm-up; prints the seconds and whether the scores agree.

Usage: python experiments/measured_steps/evaluation_time.py [N]
"""

import json
import sys
import time
import warnings

from hyperspy_eels_edgeid.recognizer import inference
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.network import EdgeNet
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic

warnings.filterwarnings("ignore")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rec = load_recognizer(None, device="cpu")
evaluate_synthetic(rec, 20, seed=1, show_progressbar=False)  # warm-up (compilation of the synthesizer's kernels)
scores = {}
WAYS = {"shipped": (64, 8), "64, every step": (64, 2**62), "before": (2**62, 2**62)}
for way in ("shipped", "64, every step", "before", "shipped"):
    inference.CPU_BATCH, EdgeNet.MIN_CROPPED_BATCH = WAYS[way]
    t = time.perf_counter()
    result = evaluate_synthetic(rec, n, seed=20260101, show_progressbar=False)
    seconds = time.perf_counter() - t
    summary = {**result["metrics"], "onset_error_ev": result["onset_error_ev"], "per_element": result["per_element"]}
    scores.setdefault(way, []).append(json.dumps(summary, sort_keys=True))
    print(f"{way}: {seconds:.1f} s, {result['metrics']}", flush=True)
print("scores identical:", len({score for runs in scores.values() for score in runs}) == 1)
