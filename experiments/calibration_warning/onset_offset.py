"""An energy-axis offset read from the detected onsets of the reported elements (rule.md; not adopted).

When several reported elements have detected onsets that all lie the same
distance from the tabulated ones, the axis is probably offset by about that
much: :func:`onset_offset` returns that distance, or None where the onsets do
not say so (fewer than `min_elements`, a median within `min_offset_ev` of 0, or
residuals that disagree by more than `max_spread_ev`).  The rule and its
figures: ``experiments/calibration_warning/``; it never changes an answer.

Examples
--------
>>> from onset_offset import onset_offset
>>> onset_offset([-9.8, -11.5, -10.2])
-10.2
>>> onset_offset([-9.8]) is None, onset_offset([0.5, -1.0]) is None, onset_offset([-9.0, 6.0]) is None
(True, True, True)
"""

from __future__ import annotations

import numpy as np

__all__ = ["OFFSET_MAX_SPREAD_EV", "OFFSET_MIN_ELEMENTS", "OFFSET_MIN_EV", "onset_offset"]

#: Fewest reported elements with a detected onset from which an offset is read.
OFFSET_MIN_ELEMENTS = 2
#: Smallest |median residual| (eV) reported as an offset.
OFFSET_MIN_EV = 5.0
#: Largest distance (eV) of any residual from the median.
OFFSET_MAX_SPREAD_EV = 5.0


def onset_offset(
    residuals,
    min_elements: int = OFFSET_MIN_ELEMENTS,
    min_offset_ev: float = OFFSET_MIN_EV,
    max_spread_ev: float = OFFSET_MAX_SPREAD_EV,
) -> float | None:
    """The axis offset (eV) the residuals agree on, or None.

    Parameters
    ----------
    residuals : array_like of float
        Detected minus tabulated onset (eV) of each reported element; non-finite
        values are ignored.
    min_elements, min_offset_ev, max_spread_ev
        The rule (module docstring).

    Returns
    -------
    float or None
        The median residual, rounded to 0.1 eV, when the rule holds.
    """
    r = np.asarray(residuals, dtype=float).ravel()
    r = r[np.isfinite(r)]
    if r.size < min_elements:
        return None
    median = float(np.median(r))
    if abs(median) < min_offset_ev or np.any(np.abs(r - median) > max_spread_ev):
        return None
    return round(median, 1)
