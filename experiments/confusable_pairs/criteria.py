"""rule.md's items, P1 against C0 and stage 20's floors, from score.sh's and measure.py's outputs.

Usage: python experiments/confusable_pairs/criteria.py   (reads out/C0 and out/P1 beside this file)
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "k_edge_elnes"))
from criteria5 import read  # noqa: E402

PAIRS = (("Co", "Ba"), ("Ba", "Co"), ("Ni", "La"), ("La", "Ni"), ("Sc", "N"), ("N", "Sc"))


def scores(arm):
    out = HERE / "out" / arm
    s = read(out)
    conf = json.loads((out / "confusions.json").read_text())["confusions"]
    s["confusions"] = sum(conf[a]["reported_as"][b] for a, b in PAIRS)
    s["pair recall"] = {a: conf[a]["recall"] for a, _ in PAIRS}
    maps = (out / "maps_5000.txt").read_text()
    found = re.search(r"true elements written (\d+) of (\d+) .*false written (\d+)", maps)
    s["maps true"], s["maps false"] = int(found.group(1)), int(found.group(3))
    s["probe exact"] = float(re.search(r"probe exact rate ([\d.]+)", (out / "probe_broad.txt").read_text()).group(1))
    return s


def main():
    c0, p1 = scores("C0"), scores("P1")
    data = {
        "confusions <= 0.8 x C0's": p1["confusions"] <= 0.8 * c0["confusions"],
        "synthetic F1 >= C0's - 0.005": p1["synthetic F1"] >= c0["synthetic F1"] - 0.005,
        "dev LOMO F1 >= C0's - 0.02": p1["dev LOMO F1"] >= c0["dev LOMO F1"] - 0.02,
        "dev LOMO precision >= C0's - 0.02": p1["dev LOMO precision"] >= c0["dev LOMO precision"] - 0.02,
        "edge-free <= 1 %": p1["edge-free"] <= 0.01,
        "maps false <= C0's": p1["maps false"] <= c0["maps false"],
    }
    floors = {
        "synthetic F1 >= 0.886, precision >= 0.940": p1["synthetic F1"] >= 0.886 and p1["synthetic precision"] >= 0.940,
        "realistic >= 0.819": p1["realistic F1"] >= 0.819,
        "narrow+twins >= 681": p1["narrow+twins"] >= 681,
        "light-K miss <= 0.072, false <= 0.025": p1["light-K miss"] <= 0.072 and p1["light-K false"] <= 0.025,
        "tall strong >= 0.932, weak >= 0.909": p1["tall strong"] >= 0.932 and p1["tall weak"] >= 0.909,
        "C recall >= 0.586": p1["C recall"] >= 0.586,
        "K precision >= 0.851, recall >= 0.666": p1["K precision"] >= 0.851 and p1["K recall"] >= 0.666,
        "dev LOMO >= 0.905 / 0.65 / 0.90": p1["dev LOMO F1"] >= 0.905 and p1["dev LOMO exact"] >= 0.65
        and p1["dev LOMO precision"] >= 0.90,
        "dev in-sample >= 0.92": p1["dev in-sample F1"] >= 0.92,
        "broad-line probe >= 0.60": p1["probe exact"] >= 0.60,
        "maps false <= 84, true >= 226": p1["maps false"] <= 84 and p1["maps true"] >= 226,
    }  # fmt: skip
    for k in c0:
        a, b = c0[k], p1[k]
        print(f"{k:20s} C0 {a if isinstance(a, dict) else round(a, 4)}  ->  P1 {b if isinstance(b, dict) else round(b, 4)}")
    for name, checks in (("data", data), ("bundling floors", floors)):
        for k, ok in checks.items():
            print(f"{'met ' if ok else 'FAIL'} {name}: {k}")
    print("data:", "adopted" if all(data.values()) else "not adopted")
    print("P1 replaces stage 20:", "yes, if the suite passes" if all(data.values()) and all(floors.values()) else "no")


if __name__ == "__main__":
    main()
