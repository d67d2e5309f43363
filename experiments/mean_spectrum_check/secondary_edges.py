"""Diagnostic: written map elements in under half the pixels whose principal onset lies within D eV of a secondary
edge (exspy's non-principal groups) of an element in 90 % of the pixels or more; from probe.py's JSON lines.

    python experiments/mean_spectrum_check/secondary_edges.py "experiments/mean_spectrum_check/out/diag_*.jsonl"
"""
import json, sys, glob, collections
from hyperspy_eels_edgeid.edges import edge_groups_of
def principal_onsets(e): return [g.onset for g in edge_groups_of(e) if g.principal]
def secondary_onsets(e): return [o for g in edge_groups_of(e) if not g.principal for o in g.onsets]
for f in sorted(glob.glob(sys.argv[1])):
    rows = [json.loads(l) for l in open(f) if '"element"' in l]
    by = collections.defaultdict(list)
    for r in rows: by[r['image']].append(r)
    for D in (10, 20, 30):
        flagged = []
        for img, rs in by.items():
            wide = [r['element'] for r in rs if (r['fraction'] or 0) >= 0.9]
            for r in rs:
                if (r['fraction'] or 0) >= 0.5: continue
                sec = [(w, o) for w in wide for o in secondary_onsets(w)]
                if any(abs(p - o) <= D for p in principal_onsets(r['element']) for w, o in sec):
                    flagged.append((img, r['element'], r['true'], round(r['fraction'], 2)))
        print(f, D, "true", sum(x[2] for x in flagged), "false", sum(not x[2] for x in flagged), flagged[:6])
