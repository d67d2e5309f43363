"""Rule item 2: the chosen threshold (0.65) against the bundled one (0.35) on fresh seeds, decided with the search.

1,000 default synthetic spectra (seed 20261207), 1,000 `realistic()` spectra (seed 20261208), 200 edge-free
windows (seed 11); labels with PSNR < 3 don't care.

    python experiments/calibration_search/fresh.py > experiments/calibration_search/fresh.txt
"""
import warnings

import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import edge_free_false_positive_rate, evaluate_synthetic

warnings.filterwarnings("ignore")
torch.set_num_threads(2)
rec = load_recognizer(device="cpu")
for t in (0.35, 0.65):
    for name, seed, config in (("default", 20261207, None), ("realistic()", 20261208, SynthesisConfig.realistic())):
        r = evaluate_synthetic(rec, 1000, seed, config=config, thresholds=t, show_progressbar=False, shift_search=True)
        m = r["metrics"]
        print(f"threshold {t}, {name} seed {seed}: F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} "
              f"exact {m['exact']:.4f}", flush=True)
    print(f"threshold {t}, edge-free (200, seed 11):", edge_free_false_positive_rate(rec, 200, 11, thresholds=t, shift_search=True), flush=True)
