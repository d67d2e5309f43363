"""How far a spectrum's axis puts its edges from the table: read from the edges of the elements already reported.

An error of the energy axis (a miscalibrated offset, or one the axis shift search left) moves every edge alike, so
the onsets of the reported elements, each less its nearest tabulated principal onset, say how far the table's
energies lie from where this spectrum shows them.  :func:`axis_errors` is the median of those differences; the
white-edge rule (:mod:`.white_edges`) and the white-line ratio check
(:mod:`hyperspy_eels_edgeid.hyperspy.line_ratio_check`) compare onsets with the table after taking it off.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.axis_error import axis_errors
>>> table = np.array([[284.0, np.nan], [532.0, np.nan]])        # C K, O K (principal onsets, NaN-padded)
>>> onsets = np.array([[298.0, 547.0], [285.0, 700.0]])
>>> axis_errors(onsets, np.array([[True, True], [True, True]]), table).tolist()  # 700 eV is no O edge: not counted
[14.5, 1.0]
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["REACH_EV", "axis_errors"]

#: A reported element's onset counts only within this of one of its tabulated principal onsets (eV).
REACH_EV = 30.0


def axis_errors(onsets, reported, principal_table) -> np.ndarray:
    """Per spectrum, the median over the reported elements of their onset less the nearest tabulated principal onset.

    Parameters
    ----------
    onsets : array_like, shape (N, K)
        Detected onsets (eV) of the K elements, on the axis they were decided on.
    reported : array_like of bool, shape (N, K)
        The elements whose onsets count.
    principal_table : array_like, shape (K, M)
        Each element's tabulated principal onsets, NaN-padded.

    Returns
    -------
    ndarray, shape (N,)
        0 where no reported element's onset lies within :data:`REACH_EV` of its table.
    """
    onsets = np.asarray(onsets, dtype=float)
    table = np.asarray(principal_table, dtype=float)
    difference = onsets[:, :, None] - table[None, :, :]  # (N, K, M)
    distance = np.where(np.isnan(difference), np.inf, np.abs(difference))
    nearest = np.take_along_axis(difference, distance.argmin(axis=2)[:, :, None], axis=2)[:, :, 0]
    counted = np.asarray(reported, dtype=bool) & (np.abs(np.nan_to_num(nearest, nan=np.inf)) <= REACH_EV)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows with nothing counted: all NaN
        median = np.nanmedian(np.where(counted, nearest, np.nan), axis=1)
    return np.where(counted.any(axis=1), median, 0.0)
