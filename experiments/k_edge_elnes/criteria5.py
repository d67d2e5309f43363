"""The measured items of rule5.md, RV against RQ, from score_split.sh's outputs and dev_windows.py's.

Usage: python experiments/k_edge_elnes/criteria5.py out/RV   (the output folder, relative to this folder)
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
SIX = ("Be", "B", "Na", "Mg", "Al", "Si")


def read(out):
    out = HERE / out
    ev = json.loads((out / "evaluate.json").read_text())
    pe, m = ev["synthetic"]["per_element"], ev["synthetic"]["metrics"]
    real = json.loads((out / "realistic.json").read_text())
    narrow = (out / "narrow.txt").read_text()
    exact = sum(int(a) for a in re.findall(r"exact (\d+)/", narrow))
    probe_k = (out / "probe_k.txt").read_text().strip().splitlines()[-1]
    miss, false = map(float, re.findall(r"[\d.]+", probe_k))
    tall = json.loads((out / "probe.txt").read_text().strip().splitlines()[-1].replace("'", '"'))
    cal = (out / "calibrate.txt").read_text()
    lomo = re.search(r"leave-one-material-out: P=([\d.]+) R=[\d.]+ F1=([\d.]+) exact=([\d.]+)", cal)
    ins = re.search(r"in-sample at [\d.]+ \(calibration, not a test\): P=[\d.]+ R=[\d.]+ F1=([\d.]+)", cal)
    return {
        "six recall": sum(pe[e]["recall"] for e in SIX) / 6,
        "six precision": sum(pe[e]["precision"] for e in SIX) / 6,
        "K recall": pe["K"]["recall"], "C precision": pe["C"]["precision"],
        "C recall": pe["C"]["recall"], "K precision": pe["K"]["precision"],
        "synthetic F1": m["f1"], "synthetic precision": m["precision"], "synthetic exact": m["exact"],
        "realistic F1": real["f1"], "narrow+twins": exact, "edge-free": ev["edge_free_false_positive_rate"],
        "light-K miss": miss, "light-K false": false,
        "tall strong": tall["strong"]["recall"], "tall weak": tall["weak"]["recall"],
        "dev LOMO F1": float(lomo.group(2)), "dev LOMO exact": float(lomo.group(3)),
        "dev LOMO precision": float(lomo.group(1)), "dev in-sample F1": float(ins.group(1)),
        "per six": {e: round(pe[e]["recall"], 3) for e in SIX},
    }  # fmt: skip


def main():
    rv, rq = read(sys.argv[1]), read("out/RQ")
    checks = {
        "A1 six recall >= RQ + 0.05": rv["six recall"] >= rq["six recall"] + 0.05,
        "A1 six precision >= RQ - 0.02": rv["six precision"] >= rq["six precision"] - 0.02,
        "A1 K recall >= RQ - 0.05": rv["K recall"] >= rq["K recall"] - 0.05,
        "A1 C precision >= RQ - 0.05": rv["C precision"] >= rq["C precision"] - 0.05,
        "A2 synthetic F1 >= RQ - 0.003": rv["synthetic F1"] >= rq["synthetic F1"] - 0.003,
        "A2 synthetic precision >= RQ - 0.005": rv["synthetic precision"] >= rq["synthetic precision"] - 0.005,
        "A2 realistic F1 >= RQ - 0.005": rv["realistic F1"] >= rq["realistic F1"] - 0.005,
        "A2 narrow+twins >= RQ - 5": rv["narrow+twins"] >= rq["narrow+twins"] - 5,
        "A2 edge-free <= 1 %": rv["edge-free"] <= 0.01,
        "A3 light-K miss <= RQ + 0.01": rv["light-K miss"] <= rq["light-K miss"] + 0.01,
        "A3 light-K false <= RQ + 0.01": rv["light-K false"] <= rq["light-K false"] + 0.01,
        "A4 dev LOMO F1 >= RQ - 0.02": rv["dev LOMO F1"] >= rq["dev LOMO F1"] - 0.02,
        "A5 C recall >= RQ - 0.03": rv["C recall"] >= rq["C recall"] - 0.03,
        "A5 K precision >= RQ - 0.03": rv["K precision"] >= rq["K precision"] - 0.03,
        "B light-K miss <= 0.187, false <= 0.042": rv["light-K miss"] <= 0.187 and rv["light-K false"] <= 0.042,
        "B synthetic F1 >= 0.872": rv["synthetic F1"] >= 0.872,
        "B realistic >= 0.803": rv["realistic F1"] >= 0.803,
        "B narrow+twins >= 669": rv["narrow+twins"] >= 669,
        "B tall strong >= 0.932, weak >= 0.909": rv["tall strong"] >= 0.932 and rv["tall weak"] >= 0.909,
        "B dev LOMO >= 0.90 / 0.65 / 0.90": rv["dev LOMO F1"] >= 0.90 and rv["dev LOMO exact"] >= 0.65
        and rv["dev LOMO precision"] >= 0.90,
        "B dev in-sample >= 0.92": rv["dev in-sample F1"] >= 0.92,
    }
    for k in rq:
        print(f"{k:22s} RQ {rq[k] if isinstance(rq[k], dict) else round(rq[k], 4)}  ->  {rv[k] if isinstance(rv[k], dict) else round(rv[k], 4)}")
    for k, ok in checks.items():
        print(f"{'met ' if ok else 'FAIL'} {k}")
    print("A (data):", "adopted" if all(ok for k, ok in checks.items() if k.startswith("A")) else "not adopted")
    print("B (measured floors):", "met" if all(checks.values()) else "not met")


if __name__ == "__main__":
    main()
