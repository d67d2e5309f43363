"""Diagnostic: missing companions by a strength proxy the decoder could compute (the log-intensity step at the onset).

2,000 default synthetic spectra (seed 20261202), the bundled model at its threshold, PSNR < 3 don't care: the
reported elements with other edge groups in the window, by the median log-intensity step 5-40 eV after the detected
onset over a power law fitted 40-5 eV before it, and whether the head sees all their other edges below 0.1.

    python experiments/missing_companions/by_jump.py > experiments/missing_companions/by_jump.txt
"""
import numpy as np
from common import batches, rec

from hyperspy_eels_edgeid.synthesis import SynthesisConfig

grid = rec.grid
def jump(values, mask, onset):
    # log-intensity step at the onset, against a power law fitted 40-5 eV before it, measured 5-40 eV after it
    pre = (grid >= onset - 40) & (grid <= onset - 5) & mask
    post = (grid >= onset + 5) & (grid <= onset + 40) & mask
    if pre.sum() < 5 or post.sum() < 5: return np.nan
    y = np.log(np.maximum(values, 1e-9))
    a, b = np.polyfit(np.log(grid[pre]), y[pre], 1)
    return float(np.median(y[post] - (a * np.log(grid[post]) + b)))
E = rec.elements
rows = []
for b, v, m, t, p, pred in batches(SynthesisConfig(), n=2000):
    sup = pred.evidence["edge_support"]
    for i in range(len(b)):
        for e in p[i]:
            k = E.index(e); s = sup[i, k]
            if not np.isfinite(s).any(): continue
            rows.append((e in t[i], np.nanmax(s), jump(v[i], m[i], pred.onsets[i, k])))
rows = np.array(rows, float)
tp = rows[:, 0] == 1; low = rows[:, 1] < 0.1
for lo, hi in ((-9, 0.02), (0.02, 0.05), (0.05, 0.1), (0.1, 0.2), (0.2, 0.5), (0.5, 9)):
    sel = (rows[:, 2] >= lo) & (rows[:, 2] < hi)
    print(f"log jump {lo}-{hi}: true {int((sel&tp).sum())} (missing companions {int((sel&tp&low).sum())}), false {int((sel&~tp).sum())} (missing {int((sel&~tp&low).sum())})")
