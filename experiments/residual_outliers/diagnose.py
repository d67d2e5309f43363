"""How far from its table does each reported element's detected onset lie, true against false? (diagnostic)

For synthetic spectra read as `identify_edges` reads one spectrum (*E3*, the shift search, the bundled threshold;
`protocols.predict_batch(..., shift_search=True)`), every reported element's residual r (detected onset on the
searched axis less its nearest tabulated principal onset, `decoder.residuals`) and, where another element is
reported in the same spectrum, its disagreement with the best-agreeing one: g = min over the others j of
(|r - r_j| - 0.015 |T - T_j|), T the tabulated onsets (0.015: the largest axis stretch the default synthesis
draws). Printed: the distributions of |r| and g for true and for false reported elements (a false one: reported, not
in the spectrum's truth, not "don't care" below PSNR 3), and how many of each lie beyond a few cuts.

    OMP_NUM_THREADS=1 python -W ignore experiments/residual_outliers/diagnose.py --n 2000 --seed 64000 [--realistic]
"""

import argparse

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=2000)
parser.add_argument("--seed", type=int, default=64000)
parser.add_argument("--realistic", action="store_true")
parser.add_argument("--chunk", type=int, default=250)
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
rows = {"true": [], "false": []}
for start in range(0, args.n, args.chunk):
    batch = synthesize_batch(min(args.chunk, args.n - start), config, rng=[args.seed, start])
    truth, predicted, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
    shift = pred.evidence["searched_shift"]
    moved = np.nan_to_num(pred.onsets) + shift[:, None]
    res = rec.decoder.residuals(moved)
    table = moved - res  # each element's tabulated onset nearest its detected one
    labels = batch.edges[batch.edges["is_label"]]
    for i in range(len(batch)):
        weak = {str(e) for e, p in zip(labels["element"][labels["spectrum"] == i], labels["psnr"][labels["spectrum"] == i])
                if p < 3.0}
        reported = [rec.elements.index(e) for e in predicted[i]]
        for k in reported:
            e = rec.elements[k]
            if e in weak and e not in truth[i]:
                continue
            others = [j for j in reported if j != k and np.isfinite(res[i, j])]
            g = min((abs(res[i, k] - res[i, j]) - 0.015 * abs(table[i, k] - table[i, j]) for j in others), default=np.nan)
            rows["true" if e in truth[i] else "false"].append((abs(res[i, k]), g, e))
    print(f"{start + len(batch)} spectra", flush=True)
for kind, r in rows.items():
    a = np.array([x[0] for x in r]); g = np.array([x[1] for x in r])
    gf = g[np.isfinite(g)]
    print(f"{kind}: {len(r)} reported; |r| median {np.median(a):.2f}, >5 eV {np.mean(a > 5):.3f}, >10 eV "
          f"{np.mean(a > 10):.3f}, >15 eV {np.mean(a > 15):.3f}; with another reported: {gf.size}, g median "
          f"{np.median(gf):.2f}, g > 5: {int((gf > 5).sum())}, g > 8: {int((gf > 8).sum())}, g > 10: {int((gf > 10).sum())}")
    big = sorted((x for x in r if np.isfinite(x[1]) and x[1] > 8), key=lambda x: -x[1])[:25]
    print("   g > 8:", [(x[2], round(float(x[1]), 1), round(float(x[0]), 1)) for x in big])
