"""Light-element K edges alone, with and without near-edge structure: how often the model misses them.

For each of B, C, N, O, F, Na, Mg, Al, Si: 200 spectra holding that element alone, its K edge 80 eV
after the window's start (1200 channels, 0.25 eV per channel below 1000 eV, 0.5 eV above), a calibrated
axis (shift within 2 eV, stretch within 0.2 %), every other setting of ``SynthesisConfig()``; once with
its default near-edge structure and once with none (``near_edge_structure=False``: the table's bare
continuum, as smooth K edges of metals, amorphous solids, thick specimens and coarse dispersions look).
Reported: the share of spectra whose element (PSNR >= 3) is not reported, and false elements per spectrum.
With ``--families`` a third condition, kept out of the two means: ``elnes_families=True`` at its former
rates (every B-Si K edge with two to four sharp peaks, the π*/σ* pair on 30 % of them), the structure
that imitates other edges (h-BN N K read as Sc L2,3); its false elements per spectrum are reported apart.

Usage::

    python experiments/k_edge_elnes/probe.py MODEL_DIR --json out.json [--families]
"""

from __future__ import annotations

import argparse
import collections
import json

import numpy as np

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

ELEMENTS = ("B", "C", "N", "O", "F", "Na", "Mg", "Al", "Si")
CALIBRATED = SynthesisConfig(shift=(-2.0, 2.0), expansion=(-0.002, 0.002))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", default=None, help="model directory (default: the bundled model)")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--families", action="store_true", help="add the elnes_families condition (reported apart)")
    args = ap.parse_args()
    rec = load_recognizer(args.model, device="cpu")
    out = {}
    conditions = [("default", CALIBRATED), ("bare", CALIBRATED.replace(near_edge_structure=False))]
    if args.families:
        conditions.append(("families", CALIBRATED.replace(elnes_families=True)))
    for condition, config in conditions:
        rows = {}
        for element in ELEMENTS:
            onset = min(g.onset for g in edge_groups_of(element) if g.name == "K")
            dispersion = 0.25 if onset < 1000 else 0.5
            batch = synthesize_batch(
                args.n, config, np.random.default_rng([args.seed, ELEMENTS.index(element)]), elements=[element],
                energy_axis=(onset - 80.0, dispersion, 1200),
            )  # fmt: skip
            truth, pred, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
            held = [t for t in truth if element in t]
            missed = sum(element in t and element not in p for t, p in zip(truth, pred))
            false = sum(len(p - t) for t, p in zip(truth, pred))
            named = collections.Counter(e for t, p in zip(truth, pred) for e in p - t).most_common(3)
            rows[element] = {
                "miss": missed / max(len(held), 1), "false_per_spectrum": false / len(truth), "n": len(held),
                "false_elements": dict(named),
            }  # fmt: skip
            row = rows[element]
            print(f"{condition:8s} {element:3s} miss {row['miss']:.3f}  false/spectrum {row['false_per_spectrum']:.3f} {named}")
        out[condition] = rows
    both = [out["default"], out["bare"]]
    mean_miss = float(np.mean([r["miss"] for c in both for r in c.values()]))
    mean_false = float(np.mean([r["false_per_spectrum"] for c in both for r in c.values()]))
    print(f"mean miss {mean_miss:.3f}  mean false/spectrum {mean_false:.3f}")
    out["mean_miss"], out["mean_false_per_spectrum"] = mean_miss, mean_false
    if args.families:
        families = out["families"].values()
        out["families_mean_miss"] = float(np.mean([r["miss"] for r in families]))
        out["families_false_per_spectrum"] = float(np.mean([r["false_per_spectrum"] for r in families]))
        miss, false = out["families_mean_miss"], out["families_false_per_spectrum"]
        print(f"families: mean miss {miss:.3f}  false/spectrum {false:.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
