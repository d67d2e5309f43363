"""Where the false delayed M4,5 elements of realistic_pairs.py lie (same spectra): distance to the window's ends, dispersion."""
import numpy as np, collections
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
rec = load_recognizer(None, device="cpu")
table, families = rec.decoder.principal_table, rec.decoder.principal_families
index = {e: k for k, e in enumerate(rec.elements)}
M45 = FAMILIES.index("M45")
rng = np.random.default_rng(4242)
rows = []
for start in range(0, 5000, 1000):
    batch = synthesize_batch(1000, SynthesisConfig.realistic(), rng)
    truth, pred, _, prediction = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
    for i, (t, p) in enumerate(zip(truth, pred)):
        e = batch.energy_axis(i); first, last = float(e[0]), float(e[-1])
        for el in p - t:
            k = index[el]; on = prediction.onsets[i, k]
            m = int(np.nanargmin(np.abs(table[k] - on)))
            if families[k, m] != M45: continue
            near = any(np.nanmin(np.abs(table[index[o]] - on)) < 60 for o in t) if t else False
            rows.append((el, table[k, m] - first, last - table[k, m], near, round(float(on), 0), round(first), round(last), float(e[1] - e[0])))
far = [r for r in rows if not r[3]]
print(len(rows), "false delayed M45;", len(far), "with no true edge within 60 eV")
d_start = np.array([r[1] for r in far]); d_end = np.array([r[2] for r in far])
print("distance from start: <30", (d_start < 30).sum(), "30-60", ((d_start >= 30) & (d_start < 60)).sum(), ">=60", (d_start >= 60).sum())
print("distance to end: <30", (d_end < 30).sum(), "30-60", ((d_end >= 30) & (d_end < 60)).sum(), ">=60", (d_end >= 60).sum())
print("dispersion:", np.percentile([r[7] for r in far], [10, 50, 90]))
for r in far[:25]: print(r)
