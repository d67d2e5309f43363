"""After the decision (`outcome.md`): where do the two arms of `measure.py` give a reported element different onsets?

The same spectra read with both arms (as `measure.py`); printed for every element reported by either arm whose onsets
differ by more than 1 eV: arm, element, both onsets, its residual in each arm (on the searched axis), whether it is in
the truth, the window.

    OMP_NUM_THREADS=1 python -W ignore experiments/ensemble_onsets/differ.py --n 1000 --seed 64200 [--realistic]
"""

import argparse

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer import inference
from hyperspy_eels_edgeid.recognizer.ensemble import mean_evidence
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=1000)
parser.add_argument("--seed", type=int, default=64200)
parser.add_argument("--realistic", action="store_true")
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
rng = np.random.default_rng(args.seed)
for start in range(0, args.n, 250):
    batch = synthesize_batch(min(250, args.n - start), config, rng)
    out = {}
    for arm, fn in (("OFF", lambda reads, weights=None, step_width=None: mean_evidence(reads, weights)),
                    ("ON", mean_evidence)):
        inference.mean_evidence = fn
        t, p, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        moved = pred.onsets.astype(float) + pred.evidence["searched_shift"][:, None]
        out[arm] = (t, p, pred.onsets.astype(float), rec.decoder.residuals(np.nan_to_num(moved)))
    t, p_off, o_off, r_off = out["OFF"]
    _, p_on, o_on, r_on = out["ON"]
    for i in range(len(batch)):
        for e in sorted(p_off[i] | p_on[i]):
            k = rec.elements.index(e)
            if abs(o_off[i, k] - o_on[i, k]) > 1.0 or (e in p_off[i]) != (e in p_on[i]):
                e0 = batch.energy_axis(i)
                print(f"{start + i:5d} {e:2s} OFF {'rep' if e in p_off[i] else '-  '} {o_off[i, k]:7.1f} ({r_off[i, k]:+7.1f})"
                      f"  ON {'rep' if e in p_on[i] else '-  '} {o_on[i, k]:7.1f} ({r_on[i, k]:+7.1f})  "
                      f"{'true' if e in t[i] else 'false'}  window {e0[0]:.0f}-{e0[-1]:.0f}", flush=True)
inference.mean_evidence = mean_evidence
