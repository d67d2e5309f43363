"""rule.md's decision from out/{C0,C0b,S1,S2}.txt: the arms' means and each item.

    python experiments/secondary_only/compare.py > experiments/secondary_only/decision.txt
"""

import pathlib
import re

OUT = pathlib.Path(__file__).parent / "out"
rows = {}
for arm in ("C0", "C0b", "S1", "S2"):
    for line in (OUT / f"{arm}.txt").read_text().splitlines():
        _, row, metrics, false = line.split(" | ")
        values = {k.lower(): v for k, v in re.findall(r"(\w+) ([0-9.]+)", metrics)}
        rows[arm, row[0]] = {k: float(v) for k, v in values.items()} | {"false": int(false.split()[1])}


def mean(arms, row, key):
    return sum(rows[a, row][key] for a in arms) / len(arms)


control, candidate = ("C0", "C0b"), ("S1", "S2")
items = [
    ("A false elements <= 0.8 x", mean(candidate, "A", "false"), 0.8 * mean(control, "A", "false"), "<="),
    ("A F1 >= control + 0.01", mean(candidate, "A", "f1"), mean(control, "A", "f1") + 0.01, ">="),
    ("B F1 >= control - 0.003", mean(candidate, "B", "f1"), mean(control, "B", "f1") - 0.003, ">="),
    ("C F1 >= control - 0.003", mean(candidate, "C", "f1"), mean(control, "C", "f1") - 0.003, ">="),
    ("C precision >= control - 0.003", mean(candidate, "C", "precision"), mean(control, "C", "precision") - 0.003, ">="),
]
for row in "ABC":
    print(f"row {row}: " + "; ".join(f"{a} F1 {rows[a, row]['f1']:.4f} P {rows[a, row]['precision']:.4f} "
                                      f"false {rows[a, row]['false']}" for a in control + candidate))
met = True
for name, value, bound, op in items:
    ok = value <= bound if op == "<=" else value >= bound
    met &= ok
    print(f"{name}: {value:.4f} against {bound:.4f}: {'met' if ok else 'NOT met'}")
print("the design helps" if met else "the design does not help (by the rule)")
