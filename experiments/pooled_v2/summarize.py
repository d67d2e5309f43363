"""Tally `stats.py`'s JSON lines: true and false elements kept by pooled confirmation at several bars (diagnostic).

Usage: python experiments/pooled_v2/summarize.py design/*.jsonl
"""

import json
import sys

for path in sys.argv[1:]:
    rows = [json.loads(line) for line in open(path)]
    images = [r for r in rows if "n_pixels" in r]
    written = [r for r in rows if "element" in r]
    n_true = sum(r["true"] for r in written)
    print(f"{path}: {len(images)} images of {images[0]['n_pixels']} pixels; written {len(written)}: "
          f"true {n_true}, false {len(written) - n_true}")
    for key in ("pooled_decoded", "pooled_alone", "pooled_network"):
        kept = []
        for bar in (0.1, 0.2, 0.35):
            kt = sum(r["true"] and r[key] >= bar for r in written)
            kf = sum((not r["true"]) and r[key] >= bar for r in written)
            kept.append(f">= {bar}: true {kt}, false {kf}")
        print(f"  {key}: " + "; ".join(kept))
