"""exspy's EELS_MnFe() through identify_edges, with the defaults and with elements=["Mn", "Fe", "O"] (the bundled model).

Usage: python experiments/stage20/eels_mnfe.py
"""

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

s = exspy.data.EELS_MnFe()
p = s.identify_edges(elements=["Mn", "Fe", "O"], show_progressbar=False)
data = np.asarray(p.data)
largest = {e: round(float(np.nanmax(data[..., p.elements.index(e)])), 2) for e in ("Mn", "Fe")}
print('elements=["Mn", "Fe", "O"]: Sample.elements', s.metadata.Sample.elements, "largest probability", largest)
