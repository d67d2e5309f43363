"""rule.md's items for arm K, from the scoring outputs (out/K) and the spikes protocol (out/K/spikes*.txt).

Usage (from this folder): python criteria.py out/K
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "k_edge_elnes"))
from criteria5 import read  # noqa: E402

#: stage 19's spikes protocol (../spikes/out_stage19.txt, out_stage19_small.txt)
STAGE19 = {"large 1": 0.298, "large 3": 0.573, "small 1": 0.054, "small 3": 0.139, "default 3 F1": 0.746}


def spikes(path):
    text = Path(path).read_text()
    free = {int(n): float(r) for n, r in re.findall(r"edge-free,\s+(\d+) spikes: any element reported in ([\d.]+)", text)}
    f1 = {int(n): float(r) for n, r in re.findall(r"default,\s+(\d+) spikes: P [\d.]+ R [\d.]+ F1 ([\d.]+)", text)}
    return free, f1


def main():
    out = HERE / sys.argv[1]
    k = read(Path("..") / "spike_training" / sys.argv[1])
    large, large_f1 = spikes(out / "spikes.txt")
    small, _ = spikes(out / "spikes_small.txt")
    got = {"large 1": large[1], "large 3": large[3], "small 1": small[1], "small 3": small[3], "default 3 F1": large_f1[3]}
    print("spikes, stage 19 -> K:", {n: (STAGE19[n], got[n]) for n in got})
    checks = {
        "1 edge-free with spikes at most half of stage 19's (four)": all(got[n] <= STAGE19[n] / 2 for n in list(got)[:4]),
        "1 default with 3 spikes F1 >= 0.796": got["default 3 F1"] >= STAGE19["default 3 F1"] + 0.05,
        "2 synthetic F1 >= 0.880, precision >= 0.940": k["synthetic F1"] >= 0.880 and k["synthetic precision"] >= 0.940,
        "2 realistic F1 >= 0.810": k["realistic F1"] >= 0.810,
        "2 narrow+twins >= 681": k["narrow+twins"] >= 681,
        "2 edge-free <= 1 %": k["edge-free"] <= 0.01,
        "2 light-K miss <= 0.072, false <= 0.025": k["light-K miss"] <= 0.072 and k["light-K false"] <= 0.025,
        "2 C recall >= 0.586, K precision >= 0.851, K recall >= 0.666": k["C recall"] >= 0.586
        and k["K precision"] >= 0.851 and k["K recall"] >= 0.666,
        "3 dev LOMO >= 0.905 / 0.65 / 0.90": k["dev LOMO F1"] >= 0.905 and k["dev LOMO exact"] >= 0.65
        and k["dev LOMO precision"] >= 0.90,
        "3 dev in-sample >= 0.92": k["dev in-sample F1"] >= 0.92,
    }  # fmt: skip
    for name, value in k.items():
        print(f"{name:22s} {value if isinstance(value, dict) else round(value, 4)}")
    for name, ok in checks.items():
        print(f"{'met ' if ok else 'FAIL'} {name}")
    print("items 1-3:", "met (item 4, the suite, still to run)" if all(checks.values()) else "not met: stage 19 stays")


if __name__ == "__main__":
    main()
