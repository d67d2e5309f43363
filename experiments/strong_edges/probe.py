# Recall of an element, and elements reported that are not there, as its principal edge's jump ratio grows
# beyond the training range (0.05 up to 1.0; Mn 0.5, Co 0.7 ...: the paper's Table 1). O beside it at a fixed jump
# ratio 0.5, default synthesis settings otherwise.
# Run: python experiments/strong_edges/probe.py [MODEL_DIR] [--seed 7] [--n 60] [--jump-ratios 0.3 0.6 1 2 4]
# (out.txt: bundled weights, seed 7, 60 spectra per cell, jump ratios 0.3-4.)
import argparse, json, warnings
import numpy as np
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

CASES = {  # element: window (offset, dispersion, channels), O K 532 inside
    "Ti": (400.0, 0.25, 1600), "Mn": (450.0, 0.25, 1600), "Fe": (450.0, 0.5, 1000), "Co": (450.0, 0.5, 1000),
    "Ni": (450.0, 0.5, 1000), "La": (450.0, 0.5, 1200), "Ce": (450.0, 0.5, 1200), "Ba": (450.0, 0.5, 1000),
}
parser = argparse.ArgumentParser()
parser.add_argument("model", nargs="?")
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--n", type=int, default=60)
parser.add_argument("--jump-ratios", type=float, nargs="+", default=[0.3, 0.6, 1.0, 2.0, 4.0])
parser.add_argument("--json")
args = parser.parse_args()
rec = load_recognizer(args.model, device="cpu"); names = list(rec.elements)
thresholds = np.broadcast_to(rec.thresholds, (len(names),))
cfg = SynthesisConfig()
print(f"{'el':3s} " + " ".join(f"jr={x:<6}" for x in args.jump_ratios) + "   (recall / false elements per spectrum)")
table = {}
for el, axis in CASES.items():
    k = names.index(el)
    row = []
    for jr in args.jump_ratios:
        b = synthesize_batch(args.n, cfg, rng=args.seed, elements=[el, "O"], energy_axis=axis, jump_ratios={el: jr, "O": 0.5})
        p = rec.predict(b.energy_axis(0), b.spectra)
        rep = p.probabilities >= thresholds
        truth = np.zeros_like(rep); truth[:, k] = True; truth[:, names.index("O")] = True
        others = {}
        for i, j in zip(*np.nonzero(rep & ~truth)):
            others[names[j]] = others.get(names[j], 0) + 1
        row.append((float(rep[:, k].mean()), float((rep & ~truth).sum(1).mean()), sorted(others.items(), key=lambda t: -t[1])[:2]))
    table[el] = row
    print(f"{el:3s} " + " ".join(f"{r:.2f}/{f:.2f}" for r, f, _ in row), "  ", [o for *_, o in row][-2:])
summary = {}
for name, group in (("strong", [4.0, 8.0]), ("weak", [0.3, 0.6])):
    cols = [i for i, x in enumerate(args.jump_ratios) if x in group]
    if cols:
        summary[name] = {"recall": float(np.mean([table[e][i][0] for e in table for i in cols])),
                         "false_per_spectrum": float(np.mean([table[e][i][1] for e in table for i in cols]))}
print(summary)
if args.json:
    json.dump({"table": table, "summary": summary, "jump_ratios": args.jump_ratios}, open(args.json, "w"), indent=1)
