"""Issue 14's family 2: is a heavy element above 1000 eV read as its neighbour Z +- 1?

Each element alone (default synthesis settings, secondary edges as the synthesizer draws them), a window from 150 eV
below its principal onset, 0.5 eV per channel, 1024 channels; read by stage 20 and by *E3* (`load_recognizer` with
the three bundled readers) on the axis as given, at the bundled threshold.  Prints recall and the elements wrongly
reported, per element.

Usage: ``OMP_NUM_THREADS=1 python experiments/heavy_neighbours/probe.py --seed 40000 --n 60``
"""
import argparse
import collections
import warnings

import numpy as np
import torch

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
ELEMENTS = ["Er", "Tm", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi"]
parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=40000)
parser.add_argument("--n", type=int, default=60)
args = parser.parse_args()
bundled = default_weights_dir()
readers = {"stage 20": load_recognizer(bundled),
           "E3": load_recognizer([bundled, bundled / "branching", bundled / "thick"])}
names = list(readers["stage 20"].elements)
cfg = SynthesisConfig()
totals = {r: [0, 0, 0] for r in readers}
for i, el in enumerate(ELEMENTS):
    onset = min(g.onset for g in edge_groups_of(el) if g.principal and g.onset > 1000)
    axis = (onset - 150.0, 0.5, 1024)
    b = synthesize_batch(args.n, cfg, rng=args.seed + i, elements=[el], energy_axis=axis)
    line = f"{el:3s} {onset:7.1f}"
    for rname, rec in readers.items():
        p = rec.predict(b.energy_axis(0), b.spectra)
        rep = p.probabilities >= np.broadcast_to(rec.thresholds, (len(names),))
        k = names.index(el)
        wrong = collections.Counter(names[j] for row in rep for j in np.nonzero(row)[0] if j != k)
        exact = int(sum(rep[s, k] and rep[s].sum() == 1 for s in range(args.n)))
        totals[rname][0] += int(rep[:, k].sum()); totals[rname][1] += exact; totals[rname][2] += sum(wrong.values())
        line += f" | {rname}: recall {rep[:, k].mean():.2f} exact {exact:2d} wrong {dict(wrong.most_common(3))}"
    print(line, flush=True)
for rname, (found, exact, wrong) in totals.items():
    print(f"{rname}: found {found} / {args.n * len(ELEMENTS)}, exact {exact}, wrong elements {wrong}")
