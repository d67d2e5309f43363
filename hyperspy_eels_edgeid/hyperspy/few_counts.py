"""The few-counts check of a map's minority elements: read on the sum of all their pixels where those hold few counts.

The local check (:mod:`.local_check`) reads an element on the neighbourhoods
of its most probable pixels.  Where the pixels hold few counts, noise shows
an element in a few pixels and in their neighbourhoods alike, but not in the
sum of all the pixels that show it; where they hold many, what shows an
element in a few pixels is structure, and that sum, which mixes the phases
of those pixels, would lose true elements (``experiments/confirm_any_size/``,
``experiments/whole_sum_check/outcome.md``).  So an element that fewer than
:data:`MINORITY_SHARE` of the valid pixels show (:func:`minority_elements`),
whose showing pixels hold fewer than :data:`LOW_COUNTS` counts per channel
before its edge (:func:`pixel_counts`), is read on the sum of those pixels as
well (:func:`low_count_elements`; the sums are made with the other checks' in
:func:`~.pooled_check.image_vetoes`) and stays detected only if that sum
reaches its threshold.  The pixels are the spectra as read: by default each
pixel's 3 x 3 neighbourhood summed (:mod:`.neighbour_sum`), so that 100
counts there are about 10-35 counts per channel in each recorded pixel.  The
estimate assumes counts without an offset (a dark offset raises it, and the
check then does not apply); background-subtracted maps are not checked.
Measured by a rule written before its run
(``experiments/whole_sum_check/rule_low.md``, ``outcome_low.md``).
"""

from __future__ import annotations

import numpy as np

from ..edges import major_subshell_onsets
from .flat_noise import channel_noise

__all__ = ["LOW_COUNTS", "MINORITY_SHARE", "low_count_elements", "minority_elements", "pixel_counts"]

#: An element that fewer than this share of the valid pixels show may be read on the sum of all of them.
MINORITY_SHARE = 0.5

#: ... where its showing pixels hold fewer counts per channel than this before its edge (:func:`pixel_counts`).
LOW_COUNTS = 100.0


def minority_elements(probabilities, thresholds, detected) -> dict[int, np.ndarray]:
    """The detected elements that fewer than :data:`MINORITY_SHARE` of the valid pixels show, with those pixels.

    Parameters
    ----------
    probabilities : ndarray, shape (N, K)
        Per-pixel probabilities, pixels flattened (NaN: not analysed).
    thresholds : ndarray, shape (K,)
        A pixel shows an element at or above its threshold.
    detected : iterable of int
        Indices of the detected elements.

    Returns
    -------
    dict of int to ndarray of int
        Element index -> flat indices of the pixels showing it.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.few_counts import minority_elements
    >>> p = np.array([[0.9, 0.5], [0.8, 0.1], [0.7, 0.1], [np.nan, np.nan]])   # 3 valid pixels
    >>> {k: v.tolist() for k, v in minority_elements(p, np.array([0.35, 0.35]), [0, 1]).items()}
    {1: [0]}
    """
    n_valid = int(np.isfinite(probabilities).all(axis=1).sum())
    minority = {}
    for k in detected:
        pixels = np.flatnonzero(probabilities[:, k] >= thresholds[k])
        if 0 < pixels.size < MINORITY_SHARE * n_valid:
            minority[int(k)] = pixels
    return minority


def pixel_counts(energy, total, element: str, n_pixels: int) -> float:
    """Counts per channel per pixel before an element's edge, from the noise of the pixels' summed spectrum.

    Over the 35 eV that end 5 eV before the element's first principal onset at least 40 eV inside the window, the
    sum's mean squared over its noise variance (:func:`~.flat_noise.channel_noise`), divided by
    the number of pixels: for counted data without an offset the counts per channel per pixel (Poisson: variance =
    mean); data scaled by a gain give the same number.

    Parameters
    ----------
    energy : ndarray
        The energy axis (eV), increasing.
    total : ndarray
        The summed spectrum of the pixels, on `energy`.
    element : str
        The element whose edge it is read for.
    n_pixels : int
        How many pixels were summed.

    Returns
    -------
    float
        NaN where the element has no such onset or fewer than 8 channels lie before it.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.few_counts import pixel_counts
    >>> energy = np.arange(400.0, 700.0, 0.5)
    >>> total = np.random.default_rng(0).poisson(4 * 50.0, energy.size).astype(float)   # 4 pixels of 50 counts
    >>> round(pixel_counts(energy, total, "O", 4) / 10) * 10, round(pixel_counts(energy, 20 * total, "O", 4) / 10) * 10
    (50, 50)
    """
    onsets = [o for o in major_subshell_onsets(element) if energy[0] + 40.0 <= o <= energy[-1]]
    if not onsets:
        return float("nan")
    window = np.asarray(total, dtype=float)[(energy >= min(onsets) - 40.0) & (energy <= min(onsets) - 5.0)]
    if window.size < 8:
        return float("nan")
    noise = channel_noise(window)
    return float(np.mean(window) ** 2 / noise / n_pixels) if noise > 0 else float("inf")


def low_count_elements(minority: dict, totals, energy, elements) -> tuple[dict, list[int]]:
    """The minority elements whose showing pixels hold fewer than :data:`LOW_COUNTS` counts per channel.

    Parameters
    ----------
    minority : dict of int to ndarray of int
        :func:`minority_elements`.
    totals : ndarray, shape (len(minority), C)
        The summed spectrum of each element's showing pixels, in the order of `minority`.
    energy : ndarray
        Their energy axis (eV), increasing.
    elements : list of str
        The model's elements.

    Returns
    -------
    few : dict of int to ndarray of int
        The elements (and pixels) to read on their sums.
    rows : list of int
        Their rows in `totals`.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.few_counts import low_count_elements
    >>> energy = np.arange(400.0, 700.0, 0.5)
    >>> rng = np.random.default_rng(0)
    >>> totals = np.stack([rng.poisson(3 * 20.0, energy.size), rng.poisson(3 * 5000.0, energy.size)]).astype(float)
    >>> few, rows = low_count_elements({0: np.arange(3), 1: np.arange(3)}, totals, energy, ["O", "Ti"])
    >>> list(few), rows    # O's pixels hold about 20 counts per channel, Ti's about 5,000
    ([0], [0])
    """
    items = list(minority.items())
    rows = [i for i, (k, pixels) in enumerate(items)
            if pixel_counts(energy, totals[i], elements[k], pixels.size) < LOW_COUNTS]  # fmt: skip
    return dict(items[i] for i in rows), rows
