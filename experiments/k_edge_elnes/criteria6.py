"""The measured items of rule6.md, RQL against RQ, from score_split.sh's outputs and dev_windows.py's.

Usage: python experiments/k_edge_elnes/criteria6.py out/RQL   (the output folder, relative to this folder)
"""

import sys

from criteria5 import read


def main():
    new, rq = read(sys.argv[1]), read("out/RQ")
    checks = {
        "1 synthetic F1 >= 0.884": new["synthetic F1"] >= 0.884,
        "1 synthetic precision >= 0.940": new["synthetic precision"] >= 0.940,
        "2 realistic F1 >= 0.804": new["realistic F1"] >= 0.804,
        "2 narrow+twins >= 681": new["narrow+twins"] >= 681,
        "2 edge-free <= 1 %": new["edge-free"] <= 0.01,
        "2 light-K miss <= 0.072, false <= 0.025": new["light-K miss"] <= 0.072 and new["light-K false"] <= 0.025,
        "2 tall strong >= 0.932, weak >= 0.909": new["tall strong"] >= 0.932 and new["tall weak"] >= 0.909,
        "3 C recall >= 0.586": new["C recall"] >= 0.586,
        "3 K precision >= 0.851": new["K precision"] >= 0.851,
        "3 K recall >= 0.666": new["K recall"] >= 0.666,
        "4 dev LOMO >= 0.905 / 0.65 / 0.90": new["dev LOMO F1"] >= 0.905 and new["dev LOMO exact"] >= 0.65
        and new["dev LOMO precision"] >= 0.90,
        "4 dev in-sample >= 0.92": new["dev in-sample F1"] >= 0.92,
    }  # fmt: skip
    for k in rq:
        a, b = rq[k], new[k]
        print(f"{k:22s} RQ {a if isinstance(a, dict) else round(a, 4)}  ->  {b if isinstance(b, dict) else round(b, 4)}")
    for k, ok in checks.items():
        print(f"{'met ' if ok else 'FAIL'} {k}")
    print("items 1-4:", "met (item 5, the suite, still to run)" if all(checks.values()) else "not met: stage 18 stays")


if __name__ == "__main__":
    main()
