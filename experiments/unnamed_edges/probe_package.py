"""The unnamed edges as the package lists them for one spectrum, with the axis search, and their candidates (check).

After `rule.md`'s decision: `EdgeRecognizer.unnamed_edges` (the package's function, its tie rule and candidates)
on *E3*'s prediction with the axis shift search, as `identify_edges` reads one spectrum (without its spike removal
and white-line ratio checks; `protocols.predict_batch(..., shift_search=True, edge_support=True)`). A listed edge is
**useful** when an edge (any group, PSNR >= 3) of an element the spectrum holds lies within one network step of it
(`probe.py`'s "real" and "other real"); its candidates **name** the spectrum when one of them is an edge of such an
element. A missed label (truth, not reported) is **covered** when a listed edge names its element.

    OMP_NUM_THREADS=1 python -W ignore experiments/unnamed_edges/probe_package.py --n 1000 --seed 64804 [--realistic]
"""

import argparse
from collections import Counter

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=1000)
parser.add_argument("--seed", type=int, default=64804)
parser.add_argument("--realistic", action="store_true")
parser.add_argument("--chunk", type=int, default=250)
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
spacing = rec._reader.spacing
steps = rec._reader.step_energy
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
c = Counter()
for start in range(0, args.n, args.chunk):
    batch = synthesize_batch(min(args.chunk, args.n - start), config, rng=[args.seed, start])
    truth, predicted, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, edge_support=True,
                                              shift_search=True)  # fmt: skip
    for i in range(len(batch)):
        rows = batch.edges[(batch.edges["spectrum"] == i) & (batch.edges["psnr"] >= 3.0)]
        held = {str(e) for e in rows["element"]}
        listed = rec.unnamed_edges(pred, i)
        c["spectra"] += 1
        named = set()
        for u in listed:
            width = np.interp(u.onset, steps, spacing)
            useful = rows.size and np.min(np.abs(rows["onset"] - u.onset)) <= width
            c["useful" if useful else "false alarm"] += 1
            names = {label.split("_")[0] for label in u.candidates}
            named |= names
            if useful:
                c["useful, candidates name the spectrum"] += bool(names & held)
        for element in truth[i] - predicted[i]:
            c["missed"] += 1
            c["covered"] += element in named
    print(f"{start + len(batch)} spectra", flush=True)
kind = "realistic()" if args.realistic else "default"
n = c["useful"] + c["false alarm"]
print(f"\n{kind}, {args.n} spectra, seed {args.seed}, E3 with the axis search: listed {n}, useful {c['useful']} "
      f"({c['useful'] / max(n, 1):.2f}), of which the candidates name the spectrum in "
      f"{c['useful, candidates name the spectrum']}; false alarms {c['false alarm']} "
      f"({c['false alarm'] / c['spectra']:.3f} per spectrum); missed labels {c['missed']}, named in the list "
      f"{c['covered']}")
