"""For reported heavy elements whose edge may be a light K edge: would the position test give it to the light one?"""
import warnings, collections, sys
warnings.simplefilter("ignore")
import logging; logging.disable(logging.WARNING)
import numpy as np
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.line_ratio_check import axis_error
from hyperspy_eels_edgeid.edges import onset_energy
PAIRS = [("As", "Mg", "As_L3", "Mg_K"), ("Ga", "Na", "Ga_L3", "Na_K"), ("Rb", "Si", "Rb_L3", "Si_K"), ("W", "Si", "W_M5", "Si_K"), ("Br", "Al", "Br_L3", "Al_K"), ("Se","Mg","Se_L3","Mg_K")]
cases = {
 "MgO t.3-1.6": dict(elements=["Mg","O"], energy_axis=(450., 0.5, 2048), thickness=(0.3, 1.6)),
 "MgAl2O4 t.3-1.6": dict(elements=["Mg","Al","O"], energy_axis=(450., 0.75, 2048), thickness=(0.3, 1.6)),
 "SiO2 t.3-1.6": dict(elements=["Si","O"], energy_axis=(450., 0.75, 2048), thickness=(0.3, 1.6)),
 "NaCl-ish Na+O": dict(elements=["Na","O"], energy_axis=(450., 0.5, 2048), thickness=(0.3, 1.6)),
 "As2O3": dict(elements=["As","O"], energy_axis=(450., 0.5, 2048), thickness=(0.0, 1.0)),
 "GaAs": dict(elements=["Ga","As"], energy_axis=(1000., 0.5, 2048), thickness=(0.0, 1.0)),
 "InAs": dict(elements=["In","As"], energy_axis=(400., 0.5, 2048), thickness=(0.0, 1.0)),
 "WSi2": dict(elements=["W","Si"], energy_axis=(1500., 0.5, 2048), thickness=(0.0, 1.0)),
 "RbCl?": dict(elements=["Rb","O"], energy_axis=(450., 0.75, 2048), thickness=(0.0, 1.0)),
 "default": dict(),
}
n = int(sys.argv[1])
for name, kw in cases.items():
    stats = collections.Counter()
    for seed in range(n):
        kw2 = dict(kw)
        th = kw2.pop("thickness", None)
        rng = np.random.default_rng(seed)
        if th is not None:
            kw2["thickness"] = float(rng.uniform(*th))
        try:
            s = synthetic_eels(random_state=9000 + seed, **kw2)
        except ValueError:
            continue
        truth = set(s.metadata.Truth.elements)
        t = s.identify_edges(show_progressbar=False)
        rows = {r.element: r.onset for r in t}
        got = set(rows)
        stats["exact"] += got == truth; stats["n"] += 1
        for heavy, light, he, le in PAIRS:
            if heavy in got and light not in got and light in set(t.probabilities.axes_manager[0].axis if False else []) | {light}:
                others = {e: o for e, o in rows.items() if e != heavy}
                corr = rows[heavy] - axis_error(others)
                to_light = abs(corr - onset_energy(le)) < abs(corr - onset_energy(he))
                if to_light:
                    right = light in truth and heavy not in truth
                    wrong = heavy in truth
                    stats[f"{heavy}->{light} " + ("right" if right else "WRONG" if wrong else "neither")] += 1
                else:
                    stats[f"{heavy} kept, " + ("light true" if light in truth else "ok")] += 1
    print(name, dict(stats), flush=True)
