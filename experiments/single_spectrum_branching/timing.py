"""Seconds per `identify_edges` call on one synthetic spectrum (Fe, O; 2048 channels at 0.5 eV), the median of
seven calls after one warm-up, with the defaults (shift search on), two torch threads.

    PYTHONPATH=ROOT python experiments/single_spectrum_branching/timing.py NAME
"""

import statistics
import sys
import time
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
s = synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(400.0, 0.5, 2048))
times = []
for i in range(8):
    t0 = time.perf_counter()
    table = s.deepcopy().identify_edges(show_progressbar=False)
    times.append(time.perf_counter() - t0)
print(f"{sys.argv[1]} | {table.probabilities.metadata.EdgeID.weights} | {table.elements} | median "
      f"{statistics.median(times[1:]):.3f} s (calls {', '.join(f'{t:.3f}' for t in times[1:])})")
