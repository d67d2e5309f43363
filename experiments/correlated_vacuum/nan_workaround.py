"""The user guide's workaround for vacuum with correlated noise: vacuum pixels set to NaN, `nonfinite="mask"`; on the
two of `probe.py`'s maps that wrote a false element (seeds 62003 and 62006), the elements written and the pixels not
read.

Usage: ``python experiments/correlated_vacuum/nan_workaround.py > experiments/correlated_vacuum/nan_workaround.txt``
"""
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
for seed in (62003, 62006):
    s = synthetic_eels(["O", "Fe"], navigation_shape=(16, 16), energy_axis=(400.0, 0.5, 1024), random_state=seed)
    yy, xx = np.mgrid[:16, :16]
    vacuum = (xx - 8) ** 2 + (yy - 8) ** 2 > 36
    s.data[vacuum] = np.nan
    p = s.identify_edges(show_progressbar=False, nonfinite="mask")
    print(f"{seed}: written {list(s.metadata.Sample.elements)}; pixels not read {int(np.isnan(p.data[..., 0]).sum())} "
          f"(vacuum {int(vacuum.sum())})")
