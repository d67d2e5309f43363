"""Diagnostic: are missing companion edges a sign of a false element in clean synthetic spectra?

3,000 default synthetic spectra (seed 20261202), the bundled model at its threshold, PSNR < 3 don't care: the
reported elements that have other edge groups in the window, true or false, whether the head sees all of them
below 0.1, by the PSNR of the spectrum's strongest labelled edge and (true ones) of their own edge.

    python experiments/missing_companions/by_psnr.py > experiments/missing_companions/by_psnr.txt
"""
import numpy as np
from common import batches, rec

from hyperspy_eels_edgeid.synthesis import SynthesisConfig

E = rec.elements
rows = []
for b, _, _, t, p, pred in batches(SynthesisConfig()):
    sup = pred.evidence["edge_support"]
    lab = b.edges[b.edges["is_label"]]
    for i in range(len(b)):
        # the spectrum's strongest labelled edge PSNR as its "cleanliness"
        li = lab[lab["spectrum"] == i]
        top = float(li["psnr"].max()) if li.size else 0.0
        for e in p[i]:
            k = E.index(e); v = sup[i, k]
            if not np.isfinite(v).any(): continue
            own = li["psnr"][li["element"] == e]
            rows.append((e in t[i], np.nanmax(v), float(own.max()) if own.size else np.nan, top))
rows = np.array(rows, float)
tp = rows[:, 0] == 1
low = rows[:, 1] < 0.1
for lo, hi in ((0, 10), (10, 30), (30, 100), (100, 1e9)):
    sel = (rows[:, 3] >= lo) & (rows[:, 3] < hi)
    print(f"spectrum's strongest edge PSNR {lo}-{hi}: true {int((sel&tp).sum())} (companions < 0.1: {int((sel&tp&low).sum())}), false {int((sel&~tp).sum())} (companions < 0.1: {int((sel&~tp&low).sum())})")
for lo, hi in ((3, 10), (10, 30), (30, 100), (100, 1e9)):
    sel = (rows[:, 2] >= lo) & (rows[:, 2] < hi) & tp
    print(f"true elements, own edge PSNR {lo}-{hi}: {int(sel.sum())}, companions < 0.1: {int((sel&low).sum())}")
