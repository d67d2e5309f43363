"""Two networks' scores against two controls' (head_width/score.sh outputs): the means, maps summed.

    python experiments/head_width/compare.py ARM1 ARM2 --controls CONTROL1 CONTROL2

each a score.sh output prefix, e.g. experiments/hard_examples/out/HE1 (its .evaluate.json, .realistic.txt, .maps.txt).
"""

import argparse
import ast
import json
import pathlib
import re


def scores(prefix: str) -> dict:
    evaluate = json.loads(pathlib.Path(prefix + ".evaluate.json").read_text())
    synthetic = evaluate["synthetic"]["metrics"]
    realistic = ast.literal_eval(pathlib.Path(prefix + ".realistic.txt").read_text().strip().splitlines()[-1])
    maps = pathlib.Path(prefix + ".maps.txt").read_text()
    true = int(re.search(r"true elements written (\d+)", maps).group(1))
    false = int(re.search(r"false written (\d+)", maps).group(1))
    return {"synthetic F1": synthetic["f1"], "synthetic precision": synthetic["precision"],
            "realistic F1": realistic["f1"], "realistic precision": realistic["precision"],
            "maps false": false, "maps true": true, "edge-free": evaluate["edge_free_false_positive_rate"]}  # fmt: skip


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arms", nargs=2)
    ap.add_argument("--controls", nargs=2, required=True)
    a = ap.parse_args()
    arms, controls = [scores(p) for p in a.arms], [scores(p) for p in a.controls]
    for key in arms[0]:
        x, c = [s[key] for s in arms], [s[key] for s in controls]
        if key.startswith("maps"):
            print(f"{key:22s} controls {c} sum {sum(c)}   arms {x} sum {sum(x)}")
        else:
            mx, mc = sum(x) / 2, sum(c) / 2
            print(f"{key:22s} controls {c[0]:.4f} {c[1]:.4f} mean {mc:.4f}   arms {x[0]:.4f} {x[1]:.4f} mean {mx:.4f}"
                  f"   change {mx - mc:+.4f}")


if __name__ == "__main__":
    main()
