"""exspy's `EELS_MnFe()` (a 10-pixel line scan, Mn and Fe L2,3 with lines about 15 times their step) read by
`identify_edges` as a user would: `Sample.elements` of the line scan and of its sum spectrum, for random_state seeds.

Usage: python mnfe.py FIRST LAST (one past the last)
"""
import logging
import sys
import warnings

import exspy

import hyperspy_eels_edgeid  # noqa: F401 (registers identify_edges)

warnings.filterwarnings("ignore")
logging.getLogger("hyperspy").setLevel(logging.ERROR)
exact = 0
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    s = exspy.data.EELS_MnFe(random_state=seed)
    s.identify_edges(show_progressbar=False)
    total = s.sum()
    total.identify_edges(show_progressbar=False)
    line, summed = sorted(s.metadata.Sample.elements), sorted(total.metadata.Sample.elements)
    exact += (line == ["Fe", "Mn"]) + (summed == ["Fe", "Mn"])
    print(f"random_state {seed}: line scan {line}, sum spectrum {summed}", flush=True)
print(f"exactly Fe and Mn: {exact} of {2 * (int(sys.argv[2]) - int(sys.argv[1]))}")
