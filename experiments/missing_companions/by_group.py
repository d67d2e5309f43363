"""Diagnostic: for true elements whose own edge is strong (PSNR > 100), which of their other edges the head sees.

3,000 default synthetic spectra (seed 20261202), the bundled model at its threshold; each other edge group of
those true elements in the window, seen (>= 0.1) or not, by subshell group.

    python experiments/missing_companions/by_group.py > experiments/missing_companions/by_group.txt
"""
import collections

from common import batches, rec

from hyperspy_eels_edgeid.synthesis import SynthesisConfig

E = rec.elements
miss, seen = collections.Counter(), collections.Counter()
for b, _, _, t, p, pred in batches(SynthesisConfig()):
    lab = b.edges[b.edges["is_label"]]
    for i in range(len(b)):
        li = lab[lab["spectrum"] == i]
        for e in p[i]:
            if e not in t[i]: continue
            own = li["psnr"][li["element"] == e]
            if not own.size or own.max() < 100: continue
            k = E.index(e)
            for label, v in rec.other_edges(pred, k, i):
                key = label.split("_")[1]
                (miss if v < 0.1 else seen)[key] += 1
print("true elements with own edge PSNR > 100: their other edges by subshell group, seen (>= 0.1) / not")
for key in sorted(set(miss) | set(seen), key=lambda k: -(miss[k] + seen[k])):
    print(f"  {key:<5} seen {seen[key]:4d}  not {miss[key]:4d}")
