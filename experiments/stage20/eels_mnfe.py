"""exspy's EELS_MnFe() through identify_edges with the defaults (the bundled model): python experiments/stage20/eels_mnfe.py"""

import warnings

import exspy
import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)

warnings.filterwarnings("ignore")
s = exspy.data.EELS_MnFe()
p = s.identify_edges(show_progressbar=False)
fractions = p.pixel_fractions()
data = np.asarray(p.data)
for element in ("F", "I", "Mn", "Fe"):
    k = p.elements.index(element)
    print(f"{element}: pixels {fractions[element]:.1f}, largest probability {np.nanmax(data[..., k]):.2f}")
print("Sample.elements", s.metadata.Sample.elements)
