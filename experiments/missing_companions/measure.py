"""Diagnostic: would punishing an element whose other edges the edge head does not see remove false elements?

For 3,000 synthetic spectra (seed 20261202; `default` or `realistic` settings), the bundled model at its
threshold, PSNR < 3 don't care: every reported element with at least one other edge group in the window
(`predict(..., edge_support=True)`), true or false, and the surest view the head has of those edges.
Nothing is chosen on this.

    python experiments/missing_companions/measure.py default
"""
import sys

import numpy as np
from common import batches, rec

from hyperspy_eels_edgeid.synthesis import SynthesisConfig

name = sys.argv[1]
cfg = SynthesisConfig() if name == "default" else SynthesisConfig.realistic()
E = rec.elements
rows = []
for b, _, _, t, p, pred in batches(cfg):
    sup = pred.evidence["edge_support"]
    for i in range(len(b)):
        for e in p[i]:
            k = E.index(e)
            v = sup[i, k]
            has = np.isfinite(v).any()
            rows.append((e in t[i], has, np.nanmax(v) if has else -1))
rows = np.array(rows, float)
tp = rows[:, 0] == 1; has = rows[:, 1] == 1
print(name, "reported", len(rows), "TP", tp.sum(), "FP", (~tp).sum(), "with companions in window: TP", (tp & has).sum(), "FP", (~tp & has).sum())
for s0 in (0.02, 0.05, 0.1, 0.2, 0.5):
    miss = has & (rows[:, 2] < s0)
    print(f"  companions in window but max support < {s0}: TP {(miss & tp).sum()}  FP {(miss & ~tp).sum()}")
