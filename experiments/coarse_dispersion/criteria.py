"""rule.md's items, CD against C0 and stage 20's floors, from score.sh's outputs (out/C0, out/CD).

Usage: python experiments/coarse_dispersion/criteria.py
"""

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read(arm):
    out = HERE / "out" / arm
    ev = json.loads((out / "evaluate.json").read_text())
    m = ev["synthetic"]["metrics"]
    cal = (out / "calibrate.txt").read_text()
    lomo = re.search(r"leave-one-material-out: P=([\d.]+) R=[\d.]+ F1=([\d.]+) exact=([\d.]+)", cal)
    ins = re.search(r"in-sample at ([\d.]+) \(calibration, not a test\): P=[\d.]+ R=[\d.]+ F1=([\d.]+)", cal)
    maps = re.search(r"true elements written (\d+) of (\d+) .*false written (\d+)", (out / "maps_5000.txt").read_text())
    coarse = dict(re.findall(r"^([\d.]+) \| [\d-]+ \| ([\d.]+) \|", (out / "coarse.txt").read_text(), re.M))
    return {
        "threshold": float(ins.group(1)),
        "synthetic F1": m["f1"], "synthetic precision": m["precision"], "synthetic exact": m["exact"],
        "edge-free": ev["edge_free_false_positive_rate"],
        "realistic F1": float(re.search(r"'f1': ([\d.]+)", (out / "realistic.txt").read_text()).group(1)),
        "narrow+twins": sum(int(a) for a in re.findall(r"exact (\d+)/", (out / "narrow.txt").read_text())),
        "maps true": int(maps.group(1)), "maps false": int(maps.group(3)),
        "dev LOMO F1": float(lomo.group(2)), "dev LOMO exact": float(lomo.group(3)),
        "dev LOMO precision": float(lomo.group(1)), "dev in-sample F1": float(ins.group(2)),
        "coarse F1": {float(k): float(v) for k, v in coarse.items()},
    }  # fmt: skip


def main():
    c0, cd = read("C0"), read("CD")
    mean = {a: sum(s["coarse F1"][d] for d in (6.0, 8.0, 12.0)) / 3 for a, s in (("C0", c0), ("CD", cd))}
    stage20_at_8 = 0.661  # out.txt, seed 20261206 (the rule's reference)
    data = {
        "mean F1 at 6, 8, 12 eV >= C0's + 0.05": mean["CD"] >= mean["C0"] + 0.05,
        "synthetic F1 >= C0's - 0.005": cd["synthetic F1"] >= c0["synthetic F1"] - 0.005,
        "dev LOMO F1 >= C0's - 0.02": cd["dev LOMO F1"] >= c0["dev LOMO F1"] - 0.02,
        "dev LOMO precision >= C0's - 0.02": cd["dev LOMO precision"] >= c0["dev LOMO precision"] - 0.02,
        "edge-free <= 1 %": cd["edge-free"] <= 0.01,
        "maps false <= C0's + 10 %": cd["maps false"] <= 1.1 * c0["maps false"],
    }
    floors = {
        "synthetic F1 >= 0.893, precision >= 0.940": cd["synthetic F1"] >= 0.893 and cd["synthetic precision"] >= 0.940,
        "realistic >= 0.828": cd["realistic F1"] >= 0.828,
        "narrow+twins >= 687": cd["narrow+twins"] >= 687,
        "dev LOMO >= 0.910 / 0.65 / 0.90": cd["dev LOMO F1"] >= 0.910 and cd["dev LOMO exact"] >= 0.65
        and cd["dev LOMO precision"] >= 0.90,
        "dev in-sample >= 0.92": cd["dev in-sample F1"] >= 0.92,
        "maps true >= 225, false <= 30": cd["maps true"] >= 225 and cd["maps false"] <= 30,
        "edge-free <= 1 %": cd["edge-free"] <= 0.01,
        "F1 at 8 eV >= stage 20's + 0.10": cd["coarse F1"][8.0] >= stage20_at_8 + 0.10,
    }  # fmt: skip
    print(f"mean F1 at 6, 8, 12 eV per channel: C0 {mean['C0']:.3f}, CD {mean['CD']:.3f}")
    for k in c0:
        print(f"{k:20s} C0 {c0[k]}  ->  CD {cd[k]}")
    for name, checks in (("data", data), ("bundling floors", floors)):
        for k, ok in checks.items():
            print(f"{'met ' if ok else 'FAIL'} {name}: {k}")
    print("data:", "adopted" if all(data.values()) else "not adopted")
    print("CD replaces stage 20:", "yes, if the suite passes" if all(data.values()) and all(floors.values()) else "no")


if __name__ == "__main__":
    main()
