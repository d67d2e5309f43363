"""rule2.md's items, BM against S20, from the pipeline's outputs (``../k_edge_elnes/criteria5.read``) and score_conf.py's.

    cd experiments/branching_3d && python criteria2.py > out/criteria2.txt
"""

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "k_edge_elnes"))
from criteria5 import read  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


def confusions(name):
    text = (HERE / "out" / f"{name}.conf.txt").read_text()
    return float(re.search(r"physical ratios \| Co->Ba \+ Ba->Co \+ Ni->La \+ La->Ni ([\d.]+)", text).group(1))


bm, s20 = read(HERE / "out" / "BM"), read(HERE / "out" / "S20")
bm["confusions"], s20["confusions"] = confusions("BM"), confusions("S20")
checks = {
    "synthetic F1 >= S20 - 0.003": bm["synthetic F1"] >= s20["synthetic F1"] - 0.003,
    "synthetic precision >= S20 - 0.005": bm["synthetic precision"] >= s20["synthetic precision"] - 0.005,
    "realistic F1 >= S20 - 0.005": bm["realistic F1"] >= s20["realistic F1"] - 0.005,
    "narrow+twins >= S20 - 5": bm["narrow+twins"] >= s20["narrow+twins"] - 5,
    "edge-free <= 1 %": bm["edge-free"] <= 0.01,
    "light-K miss, false <= S20 + 0.01": bm["light-K miss"] <= s20["light-K miss"] + 0.01
    and bm["light-K false"] <= s20["light-K false"] + 0.01,
    "tall strong, weak >= S20 - 0.02": bm["tall strong"] >= s20["tall strong"] - 0.02
    and bm["tall weak"] >= s20["tall weak"] - 0.02,
    "C recall, K precision, K recall >= S20 - 0.03": all(bm[k] >= s20[k] - 0.03 for k in ("C recall", "K precision", "K recall")),
    "dev LOMO F1, precision >= S20 - 0.02": bm["dev LOMO F1"] >= s20["dev LOMO F1"] - 0.02
    and bm["dev LOMO precision"] >= s20["dev LOMO precision"] - 0.02,
    "dev in-sample F1 >= 0.92": bm["dev in-sample F1"] >= 0.92,
    "confusions (physical ratios) <= 0.7 x S20": bm["confusions"] <= 0.7 * s20["confusions"],
}  # fmt: skip
for k in s20:
    a, b = s20[k], bm[k]
    print(f"{k:22s} S20 {a if isinstance(a, dict) else round(a, 4)}  ->  BM {b if isinstance(b, dict) else round(b, 4)}")
for k, ok in checks.items():
    print(f"{'met ' if ok else 'FAIL'} {k}")
print("rule 2:", "met" if all(checks.values()) else "not met: stage 20 stays")
