"""Diagnostic: elements read into another reported element's near-edge range (3-50 eV above any of its edges) that
miss their own other edges: true or false on synthetic spectra?

3,000 default and 3,000 `realistic()` spectra (seed 20261202), the bundled model at its threshold, PSNR < 3 don't
care; reported elements with other edges in the window only.

    python experiments/missing_companions/near_edge.py > experiments/missing_companions/near_edge.txt
"""
import numpy as np
from common import batches, rec

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

E = rec.elements
for name, cfg in (("default", SynthesisConfig()), ("realistic", SynthesisConfig.realistic())):
    rows = []
    for b, _, _, t, p, pred in batches(cfg):
        sup = pred.evidence["edge_support"]
        for i in range(len(b)):
            rep = list(p[i])
            for e in rep:
                k = E.index(e); s = sup[i, k]
                if not np.isfinite(s).any(): continue
                onset = pred.onsets[i, k]
                # near-edge region of another reported element's edge (principal or secondary, shifted as detected)
                near = False
                for o in rep:
                    if o == e: continue
                    ko = E.index(o); shift = pred.onsets[i, ko] - rec.decoder.principal_table[ko][np.nanargmin(np.abs(rec.decoder.principal_table[ko] - pred.onsets[i, ko]))]
                    for g in edge_groups_of(o):
                        d = onset - (g.onset + shift)
                        if 3 <= d <= 50: near = True
                rows.append((e in t[i], np.nanmax(s) < 0.1, near))
    rows = np.array(rows, bool)
    tp, miss, near = rows[:, 0], rows[:, 1], rows[:, 2]
    print(name, f"with companions in window: true {tp.sum()} false {(~tp).sum()}; near another's edge and missing companions: true {(tp&miss&near).sum()} false {(~tp&miss&near).sum()}; near, companions seen: true {(tp&~miss&near).sum()} false {(~tp&~miss&near).sum()}")
