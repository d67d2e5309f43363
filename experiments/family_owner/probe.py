"""Diagnostic: would the white-edge rule carry over to every shape family?

For every element not reported whose principal edge (the one nearest the middle of the window, each in turn) lies in
the judged window: the edge head's probability of that edge's own family (both white-line families together for an
edge with white lines) within a step of the tabulated onset, and its sub-step onset. A rescue is counted where that
probability >= P, the onset lies within TOL eV of the table's, no reported element's onset lies within SEP eV, and no
other element has a principal edge of the same family (white-line families as one) within SEP eV of the onset.
Counts true and false rescues against the synthetic truth, by family.

Usage: python probe.py N SEED [realistic]
"""
import collections
import sys
import warnings

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES, WHITE_LINE_FAMILIES
from hyperspy_eels_edgeid.recognizer.inference import normalise, run_network
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch

warnings.filterwarnings("ignore")
P, TOL, SEP = 0.6, 6.0, 15.0
n, seed = int(sys.argv[1]), int(sys.argv[2])
config = SynthesisConfig.realistic() if "realistic" in sys.argv[3:] else SynthesisConfig()
r = load_recognizer(device="cpu")
dec = r.decoder
batch = synthesize_batch(n, config, np.random.default_rng(seed))
truth, predicted, _, pred = predict_batch(r, batch, r.thresholds, min_psnr=MIN_PSNR)
values, mask = resample_batch(batch, r.grid)
with torch.inference_mode():
    out = run_network(r.nets[0], torch.from_numpy(normalise(values, mask, r.grid)), r.device, r.precision)
prob = out["family_logits"].softmax(dim=1).float().numpy()
offset = out["onset_offset"].float().numpy()
measured = out["usable"].any(dim=1).numpy()
steps = r._reader.step_energy
spacing = np.gradient(steps)
white = set(WHITE_LINE_FAMILIES)
table = [(k, o, f) for k in range(len(r.elements)) for o, f in zip(dec.principal_table[k], dec.principal_families[k])
         if np.isfinite(o) and f >= 0]


def same_family(f, g):
    return f == g or (f in white and g in white)


counts = collections.Counter()
for i in range(n):
    present = {str(e) for e in batch.edges["element"][batch.edges["spectrum"] == i]}
    reported = [k for k in range(len(r.elements)) if r.elements[k] in predicted[i]]
    rep_onsets = [pred.onsets[i, k] for k in reported]
    for k, tab, fam in table:
        if k in reported or not pred.observable[i, k]:
            continue
        t0 = int(np.argmin(np.abs(steps - tab)))
        ts = [t for t in (t0 - 1, t0, t0 + 1) if 0 <= t < steps.size and measured[i, t]]
        if not ts:
            continue
        fams = [g for g in range(1, len(FAMILIES)) if same_family(fam, g)]
        pv = [prob[i, fams, t].sum() for t in ts]
        t = ts[int(np.argmax(pv))]
        onset = steps[t] + np.clip(offset[i, t], -1, 1) * spacing[t]
        if max(pv) < P or abs(onset - tab) > TOL or any(abs(o - onset) <= SEP for o in rep_onsets):
            continue
        if any(j != k and same_family(fam, g) and abs(o - onset) <= SEP for j, o, g in table):
            continue
        counts[(FAMILIES[fam], r.elements[k] in present)] += 1
for (fam, ok), c in sorted(counts.items()):
    print(f"{fam:10s} {'true' if ok else 'FALSE'} {c}")
print("total true", sum(c for (f, ok), c in counts.items() if ok), "false", sum(c for (f, ok), c in counts.items() if not ok))
