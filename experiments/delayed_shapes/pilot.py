"""Pilot: the shape term with the two delayed families (other L2,3, other M4,5) as one (no search; not a rule).

The edge head's families "L23" (P-Cl L2,3 ...) and "M45" (the 4d and 5d M4,5 edges) are both delayed rises; on the
KCl dev spectrum the head splits Cl's edge between them (M45 0.32, L23 0.24 of it), and the shape term
log(share) takes Cl below the threshold. Arm B counts, for an element whose own family is either, the head's
probability of both as its own (`EvidenceReader._family_share` replaced for the process). *E3* on the axis as given
(one pass per arm), threshold 0.35, PSNR < 3 don't care; F1 as `protocols`' metrics (per spectrum, averaged).

    OMP_NUM_THREADS=1 python -W ignore experiments/delayed_shapes/pilot.py --n 2000 --seed 65000 [--realistic]
"""

import argparse
from collections import Counter

import torch

from hyperspy_eels_edgeid.recognizer import evidence as evidence_module
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

DELAYED = (FAMILIES.index("L23"), FAMILIES.index("M45"))
original = evidence_module.EvidenceReader._family_share


def merged_share(self, probability, best, m):
    merged = probability.copy()
    together = probability[:, DELAYED[0]] + probability[:, DELAYED[1]]
    merged[:, DELAYED[0]] = merged[:, DELAYED[1]] = together
    return original(self, merged, best, m)


torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=2000)
parser.add_argument("--seed", type=int, default=65000)
parser.add_argument("--realistic", action="store_true")
parser.add_argument("--chunk", type=int, default=250)
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
results = {"A": ([], []), "B": ([], [])}
flips = Counter()
for start in range(0, args.n, args.chunk):
    batch = synthesize_batch(min(args.chunk, args.n - start), config, rng=[args.seed, start])
    found = {}
    for arm in ("A", "B"):
        evidence_module.EvidenceReader._family_share = original if arm == "A" else merged_share
        truth, predicted, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        results[arm][0].extend(truth)
        results[arm][1].extend(predicted)
        found[arm] = predicted
    for t, a, b in zip(truth, found["A"], found["B"]):
        for e in b - a:
            flips["gained " + ("true" if e in t else "false"), e] += 1
        for e in a - b:
            flips["lost " + ("true" if e in t else "false"), e] += 1
    print(f"{start + len(batch)} spectra", flush=True)
kind = "realistic()" if args.realistic else "default"
print(f"\n{kind}, {args.n} spectra, seed {args.seed}, E3 on the axis as given, 0.35")
for arm, (truths, predicted) in results.items():
    m = set_metrics(truths, predicted)
    print(arm, {k: round(float(v), 4) for k, v in m.items() if k in ("precision", "recall", "f1", "exact")})
for kind_ in ("gained true", "gained false", "lost true", "lost false"):
    items = {e: n for (k, e), n in flips.items() if k == kind_}
    print(kind_, sum(items.values()), dict(sorted(items.items(), key=lambda x: -x[1])))
