"""A lead for a later rule (diagnostic after outcome.md; decides nothing): how tall are the fitted lines where the ratio
is at most 1.0, for Co with ordinary lines and for Ba beside Ti and O?

The ratio check's fit (`line_ratio_check.fitted_line_ratio`: two Gaussian lines, a straight background and a 2:1 arctan
step, grid search of positions and width, linear amplitudes) repeated here to return the lines' summed area over the
step's height as well as their ratio, at the table's onset (Co L3 779 eV, Ba M5 781 eV), on the spectra as made
(`synthetic_eels`, physical ratios, the measurement's axes), fresh seeds.

Usage: python experiments/reverse_ratio/tallness.py > experiments/reverse_ratio/tallness.txt
"""

import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import line_ratio_check as lrc

warnings.filterwarnings("ignore")
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")


def fit(energy, counts, onset, spacing):
    """(ratio, lines' area / step height) of the best fit, as `fitted_line_ratio` fits."""
    inside = (energy >= onset - 12.0) & (energy <= onset + spacing + 20.0)
    x, y = energy[inside] - onset, counts[inside]
    y = y / (np.median(np.abs(y)) or 1.0)
    best, out = np.inf, (np.nan, np.nan)
    for d in spacing + np.asarray(lrc._SPACING_EV):
        for p in lrc._PEAK_EV:
            for w in lrc._WIDTH_EV:
                step = (2.0 * np.arctan((x - p) / w) + np.arctan((x - p - d) / w)) / (3.0 * np.pi) + 0.5
                design = np.stack([np.ones_like(x), x, np.exp(-0.5 * ((x - p) / w) ** 2),
                                   np.exp(-0.5 * ((x - p - d) / w) ** 2), step], axis=1)  # fmt: skip
                coef = np.linalg.lstsq(design, y, rcond=None)[0]
                residual = float(np.sum((design @ coef - y) ** 2))
                if residual < best:
                    best = residual
                    first, second, height = coef[2], coef[3], coef[4]
                    ratio = first / second if second > 0 else (np.inf if first > 0 else np.nan)
                    area = (first + second) * w * np.sqrt(2 * np.pi)
                    out = (ratio, area / height if height > 0 else np.inf)
    return out


for label, elements, first, onset in (("Co+O ordinary", ["Co", "O"], 472.0, 779.0),
                                      ("Ba+Ti+O", ["Ba", "Ti", "O"], 400.0, 781.0)):  # fmt: skip
    rows = []
    for seed in range(49200, 49240):
        s = synthetic_eels(elements, energy_axis=(first, 0.25, 2000), random_state=seed, **PHYSICAL)
        rows.append(fit(s.axes_manager[-1].axis, s.data.astype(float), onset, 15.0))
    rows = np.array(rows)
    low = rows[rows[:, 0] <= 1.0]
    print(f"{label}: ratio <= 1.0 in {len(low)} of 40; their lines' area over the step: "
          f"{np.round(np.sort(low[:, 1]), 1).tolist()}; all: median {np.median(rows[:, 1]):.1f}", flush=True)
