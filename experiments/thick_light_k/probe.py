"""MgO, Al2O3, SiO2, MgAl2O4 at t/lambda 0.6-1.0 and 1.0-1.6: identify_edges, without and with the low-loss partner."""
import warnings, collections, sys
warnings.simplefilter("ignore")
import logging; logging.disable(logging.WARNING)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.data import synthetic_low_loss
cases = {"MgO": (["Mg","O"], (450., 0.5, 2048)), "Al2O3": (["Al","O"], (450., 0.75, 2048)),
         "SiO2": (["Si","O"], (450., 0.75, 2048)), "MgAl2O4": (["Mg","Al","O"], (450., 0.75, 2048))}
for t in [(0.6, 1.0), (1.0, 1.6)]:
  for name, (els, ax) in cases.items():
    r = {}
    for arm in ["no partner", "partner"]:
        c = collections.Counter(); exact = 0; n = 20
        for seed in range(n):
            s = synthetic_eels(els, energy_axis=ax, random_state=8000+seed, thickness=t)
            kw = {"low_loss": synthetic_low_loss(s)} if arm == "partner" else {}
            s.identify_edges(show_progressbar=False, **kw)
            got = set(s.metadata.Sample.elements)
            exact += got == set(els)
            for e in got ^ set(els): c[("+" if e in got else "-")+e] += 1
        r[arm] = (exact, dict(c.most_common(4)))
    print(t, name, r, flush=True)
