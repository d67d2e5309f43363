"""The local check: map elements confirmed on the neighbourhoods of their most probable pixels.

A false element born of noise shows in scattered pixels, each a chance
fluctuation; a particle or a phase shows in pixels next to each other.  So
``identify_edges`` (:func:`~.pooled_check.checked_table`) reads a detected
element of a spectrum image or line scan again on the **summed spectra of
the 3 x 3 neighbourhoods** (three pixels along a line scan; valid pixels
only, clipped at the border) of its :data:`LOCAL_PIXELS` most probable
showing pixels, and keeps it only if one of them reaches the level
(:data:`LOCAL_LEVEL`, 0.2, or the element's threshold if that is lower).
Unlike the sum of all the showing pixels (:mod:`.pooled_check`), a
neighbourhood mixes few phases: reading whole sums of every element lost
true elements with the false ones (``experiments/confirm_any_size/``).
Measured by a rule written before its run
(``experiments/local_confirmation/rule.md``, ``outcome.md``).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.local_check import neighbourhood
>>> neighbourhood(0, (3, 4), np.ones(12, bool)).tolist()   # a corner: four pixels
[0, 1, 4, 5]
>>> neighbourhood(5, (12,), np.ones(12, bool)).tolist()    # a line scan: three pixels
[4, 5, 6]
"""

from __future__ import annotations

import numpy as np

__all__ = ["LOCAL_LEVEL", "LOCAL_PIXELS", "local_sets", "local_vetoes", "neighbourhood"]

#: The most probable showing pixels whose neighbourhoods are read, per element.
LOCAL_PIXELS = 4
#: An element is kept if one neighbourhood reads it at or above this or its threshold, whichever is lower (None: its
#: threshold).  Chosen by ``experiments/local_confirmation/rule.md`` between 0.2 and the bundled threshold, 0.35,
#: which lost more true elements.
LOCAL_LEVEL = 0.2


def neighbourhood(index: int, navigation_shape: tuple, valid: np.ndarray) -> np.ndarray:
    """Flat indices of the valid pixels within one step of a pixel along every navigation axis.

    Parameters
    ----------
    index : int
        Flat index of the pixel (row-major in the array's navigation order).
    navigation_shape : tuple of int
        The data's navigation shape, in array order.
    valid : ndarray of bool, shape (N,)
        Pixels that were analysed.

    Returns
    -------
    ndarray of int
    """
    centre = np.unravel_index(index, navigation_shape)
    ranges = [np.arange(max(c - 1, 0), min(c + 2, n)) for c, n in zip(centre, navigation_shape)]
    grid = np.meshgrid(*ranges, indexing="ij")
    pixels = np.ravel_multi_index([g.ravel() for g in grid], navigation_shape)
    return pixels[valid[pixels]]


def local_sets(probabilities, thresholds, detected, navigation_shape: tuple) -> dict[int, list[np.ndarray]]:
    """The neighbourhoods read for each element: those of its most probable showing pixels.

    Parameters
    ----------
    probabilities : ndarray, shape (N, K)
        Per-pixel probabilities, pixels flattened (NaN: not analysed).
    thresholds : ndarray, shape (K,)
        A pixel shows an element at or above its threshold.
    detected : iterable of int
        Indices of the elements to check.
    navigation_shape : tuple of int
        The data's navigation shape, in array order (``N`` pixels).

    Returns
    -------
    dict of int to list of ndarray of int
        Element index -> flat pixel indices of each neighbourhood (at most :data:`LOCAL_PIXELS`).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.local_check import local_sets
    >>> p = np.zeros((6, 1)); p[[1, 4], 0] = [0.5, 0.9]   # a line scan of six pixels
    >>> [n.tolist() for n in local_sets(p, np.array([0.35]), [0], (6,))[0]]   # the most probable first
    [[3, 4, 5], [0, 1, 2]]
    """
    valid = np.isfinite(probabilities).all(axis=1)
    sets = {}
    for k in detected:
        column = np.where(valid, probabilities[:, k], -np.inf)
        showing = np.flatnonzero(column >= thresholds[k])
        top = showing[np.argsort(-column[showing], kind="stable")[:LOCAL_PIXELS]]
        sets[int(k)] = [neighbourhood(i, navigation_shape, valid) for i in top]
    return sets


def local_vetoes(sums: np.ndarray, sets: dict, elements, read) -> dict[str, float]:
    """The elements none of whose neighbourhoods reaches the level (:data:`LOCAL_LEVEL` or the threshold).

    Parameters
    ----------
    sums : ndarray, shape (M, C)
        The summed spectrum of every neighbourhood of `sets`, in their order.
    sets : dict of int to list of ndarray
        :func:`local_sets`.
    elements : list of str
        The model's elements.
    read : callable
        As in :func:`~hyperspy_eels_edgeid.hyperspy.pooled_check.summed_vetoes`.

    Returns
    -------
    dict of str to float
        Vetoed element -> the largest probability its neighbourhoods read.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.local_check import local_vetoes
    >>> read = lambda x: (np.array([[0.8, 0.1], [0.2, 0.15]])[: len(x)], np.array([0.35, 0.35]))
    >>> local_vetoes(np.ones((2, 5)), {0: [np.array([0])], 1: [np.array([1])]}, ["Fe", "O"], read)
    {'O': 0.15}
    """
    if not sets:
        return {}
    probabilities, thresholds = read(np.asarray(sums, dtype=np.float32))
    vetoes, row = {}, 0
    for k, neighbourhoods in sets.items():
        best = float(probabilities[row : row + len(neighbourhoods), k].max()) if neighbourhoods else 0.0
        row += len(neighbourhoods)
        if best < (thresholds[k] if LOCAL_LEVEL is None else min(LOCAL_LEVEL, thresholds[k])):
            vetoes[elements[k]] = best
    return vetoes
