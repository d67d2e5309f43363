"""How far from exspy's table do the reported elements' detected onsets lie, true ones against false ones? (a diagnostic)

Decided as ``identify_edges`` decides (with the axis shift search, the bundled threshold); the residual is the
detected onset on the searched axis less the element's nearest tabulated principal onset, in units of the range
the synthesizer's default miscalibration can move an edge (15 eV + 1.5 % of its energy).  PSNR < 3 labels don't care.

    python experiments/residual_veto/diagnose.py > experiments/residual_veto/diagnose.txt
"""
import warnings

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch

warnings.filterwarnings("ignore")
torch.set_num_threads(2)
rec = load_recognizer(device="cpu")
BINS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, np.inf]
for name, seed, config in (("default", 4244, None), ("realistic()", 4243, SynthesisConfig.realistic())):
    rng = np.random.default_rng(seed)
    true_r, false_r, false_names = [], [], []
    for _ in range(8):
        batch = synthesize_batch(250, config, rng)
        truth, predicted, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR, shift_search=True)
        moved = pred.onsets + pred.evidence["searched_shift"][:, None]
        res = rec.decoder.residuals(np.nan_to_num(moved))
        for i, (t, p) in enumerate(zip(truth, predicted)):
            for e in p:
                k = rec.elements.index(e)
                scale = 15.0 + 0.015 * (moved[i, k] - res[i, k])
                (true_r if e in t else false_r).append(abs(res[i, k]) / scale)
                if e not in t:
                    false_names.append((e, round(float(res[i, k]), 1)))
    print(f"{name} (2,000 spectra, seed {seed}): reported true {len(true_r)}, false {len(false_r)}")
    ht, _ = np.histogram(true_r, BINS)
    hf, _ = np.histogram(false_r, BINS)
    for lo, hi, a, b in zip(BINS[:-1], BINS[1:], ht, hf):
        print(f"  |r| / (15 eV + 1.5 % E) in [{lo}, {hi}): true {a}, false {b}")
    far = [x for x, r in zip(false_names, false_r) if r >= 1.0]
    print("  false elements at |r| >= 1:", far[:40])
