"""Summarise by_noise.py's lines by the map's effective counts (quantile bins): false / true elements and mean IoU,
neighbour sums off and on.  Usage: python analyse.py out/*.jsonl"""
import json
import sys

import numpy as np

rows = [json.loads(line) for path in sys.argv[1:] for line in open(path)]
ec = np.array([r["effective_counts"] for r in rows])
edges = np.quantile(ec, [0, 0.25, 0.5, 0.75, 1.0])
print(f"{len(rows)} maps; effective counts quartile edges: " + ", ".join(f"{v:.3g}" for v in edges))
for lo, hi in zip(edges[:-1], edges[1:]):
    sel = [r for r in rows if lo <= r["effective_counts"] <= hi]
    out = []
    for key in ("off", "on"):
        false = sum(len(r[key]["false"]) for r in sel)
        true = sum(len(r[key]["true"]) for r in sel)
        iou = [v for r in sel for v in r["iou"][key].values()]
        out.append(f"{key}: false {false:3d} true {true:3d} IoU {np.mean(iou):.3f} ({len(iou)})")
    print(f"{lo:9.3g}-{hi:9.3g} ({len(sel):3d} maps)  " + " | ".join(out))
