"""Offline: per true element, the map of the lone-pixel reading where it shows at least ALPHA of the pixels the summed
reading shows, else the summed map; mean IoU by data set (diagnostic). Usage: python choose.py out/*.jsonl"""
import json
import sys

import numpy as np

for path in sys.argv[1:]:
    rows = [json.loads(line) for line in open(path)]
    pairs = [(r["iou"]["off"][e], r["iou"]["on"][e], r["pixels"]["off"][e], r["pixels"]["on"][e])
             for r in rows for e in r["iou"]["off"]]
    a = np.array(pairs)
    line = [f"{path}: {len(a)} elements; off {a[:, 0].mean():.3f}, on {a[:, 1].mean():.3f}, best {a[:, :2].max(1).mean():.3f}"]
    for alpha in (0.5, 0.6, 0.7, 0.8, 0.9):
        pick = np.where(a[:, 2] >= alpha * a[:, 3], a[:, 0], a[:, 1])
        line.append(f"alpha {alpha}: {pick.mean():.3f} (own {np.mean(a[:, 2] >= alpha * a[:, 3]):.2f})")
    print("\n  ".join(line))
