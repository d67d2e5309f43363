"""exspy's EELS_MnFe() through identify_edges (the bundled model), with the defaults and with named candidates.

Both runs read the same spectrum image (the example's noise differs per call).

Usage: python experiments/stage20/eels_mnfe.py
"""

import warnings

import exspy
import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)

warnings.filterwarnings("ignore")
s = exspy.data.EELS_MnFe()
for options in ({}, {"elements": ["Mn", "Fe", "O"]}):
    p = s.identify_edges(show_progressbar=False, **options)
    fractions = p.pixel_fractions()
    data = np.asarray(p.data)
    print(f"identify_edges({options or ''}): Sample.elements {s.metadata.Sample.elements}")
    for element in ("F", "I", "Mn", "Fe"):
        k = p.elements.index(element)
        print(f"  {element}: pixels {fractions[element]:.1f}, largest probability {np.nanmax(data[..., k]):.2f}")
