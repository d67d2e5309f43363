"""The energy axis's miscalibration at each element's edge, as the spectrum's other edges show it.

A miscalibrated spectrometer moves every edge of a spectrum alike (an
offset, and a small change of dispersion that grows with energy).  When
the decoder is sure of some elements, their detected onsets less their
tabulated ones measure that shift; the window-end rule can then judge where
an element's edge lies on *this* axis instead of where the table puts it,
as a microscopist does ("O K is at 537 eV, so that edge 25 eV before the end
is Cu L3 at 931 eV moved by 5 eV").  An element never vouches for itself:
its shift comes from other sure elements' edges only.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.axis_shift import shift_from_other_edges
>>> tabulated = np.array([[532.0, 931.0, 284.0]])     # O K, Cu L3, C K
>>> detected = np.array([[537.0, 936.5, 289.0]])
>>> anchors = np.array([[True, False, True]])        # sure of O and C, not of Cu
>>> shift_from_other_edges(tabulated, detected, anchors).round(1).tolist()
[[5.0, 5.0, 5.0]]
"""

from __future__ import annotations

import numpy as np

__all__ = ["shift_from_other_edges"]


def shift_from_other_edges(tabulated, detected, anchors, same_edge_ev: float = 3.0) -> np.ndarray:
    """(N, K) axis shift (eV) at each element's tabulated onset, from the nearest other sure element's edge.

    Parameters
    ----------
    tabulated : ndarray, shape (N, K)
        Each element's tabulated principal onset nearest its detected one (eV).
    detected : ndarray, shape (N, K)
        Detected onsets (eV).
    anchors : ndarray of bool, shape (N, K)
        Elements sure enough to measure the axis by.
    same_edge_ev : float
        An anchor whose detected onset lies closer than this to the element's
        own is the same edge (another name for it) and is not used.

    Returns
    -------
    ndarray, shape (N, K)
        Detected minus tabulated onset of the anchor nearest in tabulated
        energy (the element itself and anchors on its edge excluded); NaN
        where there is none.
    """
    tabulated = np.asarray(tabulated, dtype=float)
    detected = np.asarray(detected, dtype=float)
    anchors = np.asarray(anchors, dtype=bool) & np.isfinite(tabulated) & np.isfinite(detected)
    out = np.full(tabulated.shape, np.nan)
    for i in np.flatnonzero(anchors.any(axis=1)):
        a = np.flatnonzero(anchors[i])
        shift = detected[i, a] - tabulated[i, a]
        distance = np.abs(tabulated[i, :, None] - tabulated[i, a][None, :])  # (K, m)
        other = np.abs(detected[i, :, None] - detected[i, a][None, :]) >= same_edge_ev
        distance = np.where(other & np.isfinite(distance), distance, np.inf)
        nearest = distance.argmin(axis=1)
        found = np.isfinite(distance[np.arange(distance.shape[0]), nearest])
        out[i] = np.where(found, shift[nearest], np.nan)
    return out
