"""Masked channels inside a spectrum: bridged, so that a dead pixel does not look like an edge.

With ``nonfinite="mask"``, NaN or infinite channels are not measured.  At
the ends of a spectrum that is what the network knows from training (a
window ends there).  Inside a spectrum, a hole is something it never saw, and
a single dead channel can change its answer.  :func:`bridge_gaps` fills
short interior runs of non-finite channels by linear interpolation between
their finite neighbours; runs at the ends, and interior runs longer than
``max_gap`` channels, stay NaN (not measured).
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_BRIDGED_GAP", "bridge_gaps"]

#: Longest interior run of non-finite channels that is bridged (channels).
MAX_BRIDGED_GAP = 16


def bridge_gaps(spectra: np.ndarray, max_gap: int = MAX_BRIDGED_GAP) -> np.ndarray:
    """Spectra with short interior runs of non-finite channels interpolated, other non-finite channels NaN.

    Parameters
    ----------
    spectra : ndarray, shape (N, C)
        Spectra on one energy axis (channels in increasing energy or not:
        the interpolation is in channel index).
    max_gap : int
        Longest interior run that is bridged.

    Returns
    -------
    ndarray of float32, shape (N, C)
        A new array; the input is not modified.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.gaps import bridge_gaps
    >>> bridge_gaps(np.array([[np.nan, 1.0, np.inf, 3.0, np.nan]])).tolist()
    [[nan, 1.0, 2.0, 3.0, nan]]
    """
    out = np.where(np.isfinite(spectra), spectra, np.nan).astype(np.float32)
    channel = np.arange(out.shape[1])
    for row in np.flatnonzero(np.isnan(out).any(axis=1)):
        finite = np.isfinite(out[row])
        if finite.sum() < 2:
            continue
        first, last = np.flatnonzero(finite)[[0, -1]]
        hole = ~finite
        hole[:first] = False
        hole[last + 1 :] = False
        if not hole.any():
            continue
        # length of the run each interior hole channel belongs to
        edges = np.diff(np.r_[0, hole.astype(np.int8), 0])
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        short = np.zeros_like(hole)
        for a, b in zip(starts, stops):
            if b - a <= max_gap:
                short[a:b] = True
        if short.any():
            out[row, short] = np.interp(channel[short], channel[finite], out[row, finite])
    return out
