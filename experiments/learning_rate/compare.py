"""rule.md's decision 1: LR1, LR2 against C0, C0b (maps summed). python experiments/learning_rate/compare.py"""

import ast
import json
import pathlib
import re

HERE = pathlib.Path(__file__).parent


def scores(folder: pathlib.Path, name: str) -> dict:
    evaluate = json.loads((folder / f"{name}.evaluate.json").read_text())
    synthetic = evaluate["synthetic"]["metrics"]
    realistic = ast.literal_eval((folder / f"{name}.realistic.txt").read_text().strip().splitlines()[-1])
    maps = (folder / f"{name}.maps.txt").read_text()
    true = int(re.search(r"true elements written (\d+)", maps).group(1))
    false = int(re.search(r"false written (\d+)", maps).group(1))
    return {"synthetic F1": synthetic["f1"], "synthetic precision": synthetic["precision"],
            "realistic F1": realistic["f1"], "realistic precision": realistic["precision"],
            "maps false": false, "maps true": true, "edge-free": evaluate["edge_free_false_positive_rate"]}  # fmt: skip


def main():
    arms = [scores(HERE / "out", n) for n in ("LR1", "LR2")]
    controls = [scores(HERE.parent / "head_width" / "out", n) for n in ("C0", "C0b")]
    for key in arms[0]:
        a, c = [s[key] for s in arms], [s[key] for s in controls]
        if key.startswith("maps"):
            print(f"{key:22s} controls {c} sum {sum(c)}   arms {a} sum {sum(a)}")
        elif a[0] is None:
            continue
        else:
            ma, mc = sum(a) / 2, sum(c) / 2
            print(f"{key:22s} controls {c[0]:.4f} {c[1]:.4f} mean {mc:.4f}   arms {a[0]:.4f} {a[1]:.4f} mean {ma:.4f}"
                  f"   change {ma - mc:+.4f}")


if __name__ == "__main__":
    main()
