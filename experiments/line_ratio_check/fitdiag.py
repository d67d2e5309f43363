"""The fitted line ratio (hyperspy/line_ratio_check.fitted_line_ratio) on probe spectra: Co, Cu beside O with physical
ratios at several line heights, Ba and Pr beside O with physical and random ratios; at the true line position."""
import sys, warnings; warnings.filterwarnings("ignore")
import numpy as np, time
from hyperspy_eels_edgeid.hyperspy.line_ratio_check import fitted_line_ratio as fitted_ratio
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets
RS = (1.6, 2.0, 2.5)
def onsets(el, lo):
    return sorted(o for o in major_subshell_onsets(el) if o > lo)
t0 = time.time()
for metal, lan in (("Co", "Ba"), ("Cu", "Pr")):
    l3 = onsets(metal, 300)[0]; sp = onsets(lan, 700)[1] - onsets(lan, 700)[0]
    for strength in ((3.0, 5.0), (5.0, 8.0), (8.0, 30.0), None):
        rs = []
        for seed in range(900, 940):
            kw = dict(tall_white_line_probability=1.0, tall_white_line_strength=strength) if strength else {}
            s = synthetic_eels([metal, "O"], energy_axis=(min(l3, 532.0) - 60.0, 0.25, 2000), random_state=seed,
                               l23_branching="3d", m45_branching="4f", **kw)
            par = s.metadata.Truth.parameters
            e = s.axes_manager[-1].axis
            true_onset = l3 * (1 + par.expansion) + par.shift
            rs.append(fitted_ratio(e, s.data, true_onset, sp * (1 + par.expansion)))
        rs = np.array(rs)
        print(f"{metal} strength {strength}: p10/p50/p90 {np.nanpercentile(rs, [10, 50, 90]).round(2)} nan {np.isnan(rs).sum()}; "
              + " ".join(f">= {r}: {np.mean(rs >= r):.2f}" for r in RS), flush=True)
for lan in ("Ba", "Pr"):
    m5 = onsets(lan, 700)[0]; sp = onsets(lan, 700)[1] - m5
    for phys in (True, False):
        rs = []
        for seed in range(900, 940):
            kw = dict(l23_branching="3d", m45_branching="4f") if phys else {}
            s = synthetic_eels([lan, "O"], energy_axis=(472.0, 0.25, 2000), random_state=seed, **kw)
            e = s.axes_manager[-1].axis
            par = s.metadata.Truth.parameters; rs.append(fitted_ratio(e, s.data, m5 * (1 + par.expansion) + par.shift, sp * (1 + par.expansion)))
        rs = np.array(rs)
        print(f"{lan} physical={phys}: p10/p50/p90 {np.nanpercentile(rs, [10, 50, 90]).round(2)} nan {np.isnan(rs).sum()}; "
              + " ".join(f">= {r}: {np.mean(rs >= r):.2f}" for r in RS), flush=True)
print(f"{time.time()-t0:.0f} s")
