# Peak jump ratios of the white-line edges of the real development spectra, in the synthesizer's sense:
# (highest intensity from 2 eV before to 25 eV after the tabulated onset - background) / background at the onset, the
# background a power law fitted over 40 eV ending 5 eV before the onset. A measurement for calibrating
# the synthesizer's jump-ratio range (the spectra are not used for training or as templates).
# Run: python experiments/strong_edges/real_peak_jump_ratios.py
import csv, numpy as np
from hyperspy_eels_edgeid.edges import edge_groups_of
DEV = "../shared/real_spectra_dev/"
CASES = [("exspy_coreloss_MnO", "Mn"), ("atlas_CuO_0_1930eV", "Cu"), ("pytemlib_EELS_STO", "Ti"),
         ("mlem2023_SrTiO3_TiL_OK", "Ti"), ("atlas_La2O3_0_0950eV", "La"), ("atlas_La2O3_0700_1710eV", "La"),
         ("atlas_Gd2O3_0940_1950eV", "Gd"), ("atlas_KCl_0_0450eV", "K"), ("atlas_KCl_0_0450eV", "Cl"),
         ("pytemlib_EELS_STO", "O"), ("atlas_MgO_0360_2390eV", "O"), ("eelsdb_hBN_Bertoni", "B"), ("eelsdb_hBN_Bertoni", "N")]
for sid, el in CASES:
    e, y = np.loadtxt(DEV + f"spectra/{sid}.csv", delimiter=",", skiprows=1).T
    onset = min(g.onsets[0] for g in edge_groups_of(el) if g.principal and e[0] + 45 < g.onsets[0] < e[-1] - 30)
    pre = (e > onset - 45) & (e < onset - 5) & (y > 0)
    a, b = np.polyfit(np.log(e[pre]), np.log(y[pre]), 1)
    bg = lambda x: np.exp(b) * x**a
    post = (e >= onset - 2) & (e <= onset + 25)
    peak = np.max(y[post] - bg(e[post]))
    print(f"{sid:28s} {el:2s} onset {onset:7.1f}  r={-a:4.2f}  peak jump ratio {peak / bg(onset):5.2f}")
