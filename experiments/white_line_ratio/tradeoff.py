"""Co/Ba and Cu/Pr only: the peak-height ratio (diagnose.line_ratio) on probe spectra and the swaps a ratio threshold
would make on 3,000 default and realistic() spectra (one pass, no search). Output: tradeoff.txt."""
import sys, collections, warnings
warnings.filterwarnings("ignore")
import numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from diagnose import line_ratio, splitting
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

PAIRS = {"Ba": "Co", "Pr": "Cu"}
RS = (2.0, 2.5, 3.0)
# (a) probes: ratio at the lanthanide's table M5 onset on Co/Cu + O spectra, physical ratios
for metal, lan in (("Co", "Ba"), ("Cu", "Pr")):
    l3 = min(o for o in major_subshell_onsets(metal) if o > 300.0)
    for strength in ((3.0, 5.0), (5.0, 8.0), (8.0, 30.0), None):
        rs = []
        for seed in range(900, 940):
            kw = dict(tall_white_line_probability=1.0, tall_white_line_strength=strength) if strength else {}
            s = synthetic_eels([metal, "O"], energy_axis=(min(l3, 532.0) - 60.0, 0.25, 2000), random_state=seed,
                               l23_branching="3d", m45_branching="4f", **kw)
            e = s.axes_manager[-1].axis
            rs.append(line_ratio(e, s.data, l3 + float(s.metadata.Truth.parameters.shift), splitting(lan)))
        rs = np.array(rs)
        print(f"{metal} strength {strength}: ratio p10/p50/p90 {np.nanpercentile(rs, [10, 50, 90]).round(2)}; "
              + " ".join(f">= {r}: {np.mean(rs >= r):.2f}" for r in RS), flush=True)
for lan in ("Ba", "Pr"):
    for phys in (False, True):
        rs = []
        m5 = min(o for o in major_subshell_onsets(lan) if o > 700.0)
        for seed in range(900, 940):
            kw = dict(l23_branching="3d", m45_branching="4f") if phys else {}
            s = synthetic_eels([lan, "O"], energy_axis=(532.0 - 60.0, 0.25, 2000), random_state=seed, **kw)
            e = s.axes_manager[-1].axis
            rs.append(line_ratio(e, s.data, m5 + float(s.metadata.Truth.parameters.shift), splitting(lan)))
        rs = np.array(rs)
        print(f"{lan} physical={phys}: ratio p10/p50/p90 {np.nanpercentile(rs, [10, 50, 90]).round(2)}; "
              + " ".join(f">= {r}: {np.mean(rs >= r):.2f}" for r in RS), flush=True)
# (b) the default benchmark: reported Ba / Pr whose partner is not reported, by ratio (one pass, no search)
rec = load_recognizer(device="cpu")
index = {e: k for k, e in enumerate(rec.elements)}
for label, config in (("default", SynthesisConfig()), ("realistic", SynthesisConfig.realistic())):
    rng = np.random.default_rng(20261606)
    counts = collections.Counter()
    for start in range(0, 3000, 500):
        batch = synthesize_batch(500, config, rng)
        values, mask = resample_batch(batch, rec.grid)
        t, p, _, pred = predict_batch(rec, batch, rec.thresholds, resampled=(values, mask), min_psnr=3.0)
        for i in range(len(t)):
            for m, d in PAIRS.items():
                if m in p[i] and d not in p[i]:
                    ok = mask[i].astype(bool)
                    r = line_ratio(rec.grid[ok], values[i][ok], float(pred.onsets[i, index[m]]), splitting(m))
                    for R in RS:
                        if np.isfinite(r) and r >= R:
                            counts[(R, m, "from true" if m in t[i] else "from false", "to true" if d in t[i] else "to false")] += 1
    print(label, dict(sorted(counts.items())), flush=True)
