"""The 6 x 6 twins of issue 14's real maps with `sum_neighbours=True` (diagnostic).

`scripts/measure_narrow_windows.py`'s spectrum images, read with (on) or without (off) every pixel's neighbourhood
summed (the method wrapped for this process). Usage: python twins.py 40 [on|off]
"""

import functools
import sys

from exspy.signals import EELSSpectrum

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "scripts"))
import measure_narrow_windows  # noqa: E402

plain = EELSSpectrum.identify_edges
summed = len(sys.argv) < 3 or sys.argv[2] == "on"
EELSSpectrum.identify_edges = functools.wraps(plain)(lambda self, **kw: plain(self, sum_neighbours=summed, **kw))
for name, r in measure_narrow_windows.spectrum_images(None, int(sys.argv[1])).items():
    print(f"{name}: exact {r['exact']}/{r['n']} (skipped {r['skipped']}); missed {r['missed']}; false {r['false']}")
