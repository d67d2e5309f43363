"""Diagnostic: K reported where C is (C K 284 eV, K L3 294 eV): how often true, how often false, and what the evidence
shows for each (network probability, shape share, companion support), on synthetic spectra.

Usage: python diagnose.py N SEED [realistic]
"""
import collections
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch

warnings.filterwarnings("ignore")
n, seed = int(sys.argv[1]), int(sys.argv[2])
config = SynthesisConfig.realistic() if "realistic" in sys.argv[3:] else SynthesisConfig()
r = load_recognizer(device="cpu")
batch = synthesize_batch(n, config, np.random.default_rng(seed))
truth, predicted, _, pred = predict_batch(r, batch, r.thresholds, min_psnr=MIN_PSNR, shift_search=True)
k, c = r.elements.index("K"), r.elements.index("C")
rows = collections.defaultdict(list)
present_c = {i for i in range(n) if "C" in {str(e) for e in batch.edges["element"][batch.edges["spectrum"] == i]}}
for i in range(n):
    if "K" not in predicted[i]:
        continue
    true = "K" in truth[i] or "K" in {str(e) for e in batch.edges["element"][batch.edges["spectrum"] == i]}
    with_c = i in present_c
    ev = pred.evidence
    rows[(true, with_c)].append((pred.network_probabilities[i, k], ev["family_share"][i, k],
                                 ev["companion_support"][i, k], pred.probabilities[i, k]))
for (true, with_c), v in sorted(rows.items()):
    a = np.array(v)
    print(f"K reported, {'true' if true else 'FALSE'}, C {'present' if with_c else 'absent'}: {len(a)}; "
          f"network {np.median(a[:, 0]):.2f}, share {np.median(a[:, 1]):.2f}, companions {np.median(a[:, 2]):.2f} "
          f"(share < 0.5: {np.mean(a[:, 1] < 0.5):.2f}; companions < 0.1: {np.mean(a[:, 2] < 0.1):.2f})")
