"""rule.md's items 1-4: every spectrum read once by `identify_edges`, the spacing check's removals recorded.

"before" is the answer with the elements the check took out (`metadata.EdgeID.m23_pairs`) put back: the check only
removes, and nothing else depends on it.

    python experiments/m23_pair_check/measure.py compounds > experiments/m23_pair_check/out/compounds.txt
    python experiments/m23_pair_check/measure.py default|realistic > experiments/m23_pair_check/out/default.txt
"""

import logging
import sys
import warnings
from collections import Counter

import exspy
import numpy as np

import hyperspy_eels_edgeid as pkg
from hyperspy_eels_edgeid.edges import edge_groups_of, onset_energy
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.synthesis.generator import synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics

CHECKED = {"K", "Ca", "Sc", "Ti", "V"}
OXIDES = {"Sr": {"Sr": 1, "O": 1}, "Y": {"Y": 2, "O": 3}, "Zr": {"Zr": 1, "O": 2}, "Nb": {"Nb": 2, "O": 5},
          "Mo": {"Mo": 1, "O": 3}, "Ru": {"Ru": 1, "O": 2}, "Rh": {"Rh": 2, "O": 3}}  # fmt: skip
BESIDE = [("Ca", "Zr", {"Ca": 1, "Zr": 1, "O": 3}), ("Ca", "Nb", {"Ca": 1, "Nb": 2, "O": 6}),
          ("K", "Y", {"K": 1, "Y": 1, "F": 4}), ("Sc", "Mo", {"Sc": 2, "Mo": 3, "O": 12}),
          ("Ti", "Ru", {"Ti": 1, "Ru": 1, "O": 4}), ("V", "Rh", {"V": 1, "Rh": 1, "O": 4})]  # fmt: skip
ALONE = [("Ca", {"Ca": 1, "O": 1}), ("Ca", {"Ca": 1, "F": 2}), ("Sc", {"Sc": 2, "O": 3}), ("Ti", {"Ti": 1, "O": 2}),
         ("V", {"V": 2, "O": 5}), ("K", {"K": 1, "Cl": 1})]  # fmt: skip
DISPERSIONS = (0.1, 0.25, 0.5, 1.0, 2.0)


def read_with_removed(s):
    table = pkg.identify_edges(s, show_progressbar=False)
    after = set(s.metadata.get_item("Sample.elements", []) or [])
    removed = dict(table.probabilities.metadata.EdgeID.as_dictionary().get("m23_pairs", {}))
    return after, set(removed)


def m5(element):
    return next(g.onset for g in edge_groups_of(element) if g.name == "M5")


def compounds():
    m23 = SynthesisConfig(m23_white_lines=True)
    false_x, false_all, n = Counter(), Counter(), 0
    print("item 1: 4d oxides with M2,3 lines (seeds 52000-52039)")
    for metal, ratios in OXIDES.items():
        fx, fa = Counter(), Counter()
        for i in range(40):
            s = synthetic_eels(elements=list(ratios), atomic_ratios=ratios, energy_axis=(m5(metal) - 40.0, 1.0, 800),
                               random_state=52000 + i, config=m23)  # fmt: skip
            after, removed = read_with_removed(s)
            for arm, got in (("before", after | removed), ("after", after)):
                wrong = got - set(ratios)
                fa[arm] += len(wrong)
                fx[arm] += len(wrong & CHECKED)
            if removed:
                print(f"  {metal} seed {52000 + i}: removed {sorted(removed)} (before {sorted(after | removed)})")
        print(f"{metal}: false checked elements {fx['before']} -> {fx['after']}, all false {fa['before']} -> {fa['after']}")
        false_x.update(fx)
        false_all.update(fa)
    print(f"item 1: false K/Ca/Sc/Ti/V {false_x['before']} -> {false_x['after']}; all false {false_all['before']} -> "
          f"{false_all['after']}", flush=True)
    found = Counter()
    print("item 2: the 3d metal beside the 4d element (seeds 52100-52139)")
    for metal, fourth, ratios in BESIDE:
        f = Counter()
        start = min(m5(fourth), onset_energy(f"{metal}_L3")) - 40.0
        for i in range(40):
            s = synthetic_eels(elements=list(ratios), atomic_ratios=ratios, energy_axis=(start, 1.0, 800),
                               random_state=52100 + i, config=m23)  # fmt: skip
            after, removed = read_with_removed(s)
            f["before"] += metal in after | removed
            f["after"] += metal in after
            if removed:
                print(f"  {metal}/{fourth} seed {52100 + i}: removed {sorted(removed)}")
        print(f"{metal} beside {fourth}: {metal} found {f['before']} -> {f['after']} of 40")
        found.update(f)
    print(f"item 2: found {found['before']} -> {found['after']} (asked >= {0.97 * found['before']:.1f})", flush=True)
    found = Counter()
    print("item 3: the 3d metal without a 4d element, realistic() (seeds 52200-52239)")
    for metal, ratios in ALONE:
        f = Counter()
        for i in range(40):
            seed = 52200 + i
            axis = (onset_energy(f"{metal}_L3") - 100.0, DISPERSIONS[seed % 5], 1024)
            s = synthetic_eels(elements=list(ratios), atomic_ratios=ratios, energy_axis=axis, random_state=seed,
                               config=SynthesisConfig.realistic())  # fmt: skip
            after, removed = read_with_removed(s)
            f["before"] += metal in after | removed
            f["after"] += metal in after
            if removed:
                print(f"  {sorted(ratios)} seed {seed} ({axis[1]} eV/ch): removed {sorted(removed)}")
        print(f"{'/'.join(ratios)}: {metal} found {f['before']} -> {f['after']} of 40")
        found.update(f)
    print(f"item 3: found {found['before']} -> {found['after']} (asked >= {found['before'] - 1})", flush=True)


def batches(which):
    config, seed = {"default": (SynthesisConfig(), 52300), "realistic": (SynthesisConfig.realistic(), 54300)}[which]
    truth, before, after, removed_true, removed_false = [], [], [], 0, 0
    for start in range(0, 2000, 100):
        batch = synthesize_batch(100, config, seed + start // 100)
        for i in range(len(batch)):
            energy = batch.energy_axis(i)
            counts = batch.spectra[i, : energy.size]
            s = exspy.signals.EELSSpectrum(counts.astype(np.float32))
            s.axes_manager[0].offset, s.axes_manager[0].scale = float(energy[0]), float(energy[1] - energy[0])
            s.axes_manager[0].units = "eV"
            edges = batch.edges[(batch.edges["spectrum"] == i) & batch.edges["is_label"]]
            t = {str(e) for e in edges[edges["psnr"] >= 3.0]["element"]}
            dont_care = {str(e) for e in edges[edges["psnr"] < 3.0]["element"]} - t
            got, removed = read_with_removed(s)
            truth.append(t)
            before.append((got | removed) - dont_care)
            after.append(got - dont_care)
            removed_true += len(removed & t)
            removed_false += len(removed - t - dont_care)
            if removed:
                print(f"  spectrum {start + i}: removed {sorted(removed)}, truth {sorted(t)}")
    for arm, pred in (("before", before), ("after", after)):
        m = set_metrics(truth, pred)
        print(f"item 4 {which} {arm}: F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} "
              f"exact {m['exact']:.4f}")
    print(f"item 4 {which}: removed {removed_true} true and {removed_false} false elements of 2,000 spectra")


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    compounds() if sys.argv[1] == "compounds" else batches(sys.argv[1])
