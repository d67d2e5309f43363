"""Probe of rule.md item 1: oxides of Sr, Y, Zr, Nb and Mo whose M2,3 edges carry 3p -> 4d white lines.

For each of SrO, Y2O3, ZrO2, Nb2O5 and MoO3, 40 spectra from `synthetic_eels` (the compound's atomic ratios,
`SynthesisConfig(m23_white_lines=True)`, everything else the default: miscalibration, noise, plural scattering),
seeds 7000-7039, a window from 40 eV below the metal's M5 onset at 1 eV per channel, 800 channels (so its M2,3
edges, 269-410 eV, and O K lie inside); and the same spectra without the lines (`--no-lines`). Counts the elements
reported (the model's own thresholds) that are not the compound's (false), among them those whose principal edge
lies within 20 eV of the metal's M3 or M2 onset (the lines' confusers: C, K, Ca, N ...), and the compound's elements
missed.

    python experiments/m23_white_lines/probe.py --model runs/m23_RW [--no-lines] > out/probe_RW.txt
"""

import argparse
import collections
import warnings


from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

COMPOUNDS = {"Sr": {"Sr": 1, "O": 1}, "Y": {"Y": 2, "O": 3}, "Zr": {"Zr": 1, "O": 2}, "Nb": {"Nb": 2, "O": 5},
             "Mo": {"Mo": 1, "O": 3}}  # fmt: skip

parser = argparse.ArgumentParser()
parser.add_argument("--model", nargs="+", default=None,
                    help="model directory, or several read as one ensemble (default: the bundled one)")
parser.add_argument("--no-lines", action="store_true", help="the same spectra without the M2,3 white lines")
parser.add_argument("--n", type=int, default=40)
parser.add_argument("--first-seed", type=int, default=7000)
args = parser.parse_args()
warnings.simplefilter("ignore")
rec = load_recognizer(args.model if args.model is None or len(args.model) > 1 else args.model[0], device="cpu")
config = SynthesisConfig(m23_white_lines=not args.no_lines)
total_false, total_missed, total, total_near = 0, 0, 0, 0
print(f"model {' + '.join(args.model) if args.model else 'bundled'}, M2,3 white lines {'off' if args.no_lines else 'on'}, {args.n} spectra each")
for metal, ratios in COMPOUNDS.items():
    m5 = next(g.onset for g in edge_groups_of(metal) if g.name == "M5")
    m23 = next(g.onsets for g in edge_groups_of(metal) if g.name == "M3")
    false, missed = collections.Counter(), collections.Counter()
    for i in range(args.n):
        s = synthetic_eels(elements=list(ratios), atomic_ratios=ratios, energy_axis=(m5 - 40.0, 1.0, 800),
                           random_state=args.first_seed + i, config=config)  # fmt: skip
        pred = rec.predict(s.axes_manager[0].axis, s.data)
        reported = {e for k, e in enumerate(rec.elements) if pred.probabilities[0, k] >= rec.thresholds[k]}
        false.update(reported - set(ratios))
        missed.update(set(ratios) - reported)
    near = sum(n for e, n in false.items() if any(
        abs(g.onset - o) <= 20.0 for g in edge_groups_of(e) if g.principal for o in m23))  # fmt: skip
    total_near += near
    total_false += sum(false.values())
    total_missed += sum(missed.values())
    total += args.n
    counts = dict(false.most_common())
    print(f"  {metal}: false {sum(false.values()):3d} (near M2,3 {near}) {counts}  missed {dict(missed)}")
print(f"all {total} spectra: false elements {total_false} ({total_false / total:.3f} per spectrum), of them near the "
      f"M2,3 edges {total_near}; missed {total_missed}")
