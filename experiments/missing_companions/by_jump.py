"""Diagnostic: missing companions by a strength proxy the decoder could compute (the log-intensity step at the onset).

2,000 default synthetic spectra (seed 20261202), the bundled model at its threshold, PSNR < 3 don't care: the
reported elements with other edge groups in the window, by the median log-intensity step 5-40 eV after the detected
onset over a power law fitted 40-5 eV before it, and whether the head sees all their other edges below 0.1.

    python experiments/missing_companions/by_jump.py > experiments/missing_companions/by_jump.txt
"""
import numpy as np, warnings
warnings.simplefilter("ignore")
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch
rec = load_recognizer(device="cpu")
grid = rec.grid
def jump(values, mask, onset):
    # log-intensity step at the onset, against a power law fitted 40-5 eV before it, measured 5-40 eV after it
    pre = (grid >= onset - 40) & (grid <= onset - 5) & mask
    post = (grid >= onset + 5) & (grid <= onset + 40) & mask
    if pre.sum() < 5 or post.sum() < 5: return np.nan
    y = np.log(np.maximum(values, 1e-9))
    a, b = np.polyfit(np.log(grid[pre]), y[pre], 1)
    return float(np.median(y[post] - (a * np.log(grid[post]) + b)))
rng = np.random.default_rng(20261202)
E = rec.elements
rows = []
for start in range(0, 2000, 250):
    b = synthesize_batch(250, SynthesisConfig(), rng)
    t, p, _, raw = predict_batch(rec, b, rec.thresholds, min_psnr=3.0)
    v, m = resample_batch(b, grid)
    pred = rec.predict_resampled(v, m, thresholds=rec.thresholds, edge_support=True)
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
