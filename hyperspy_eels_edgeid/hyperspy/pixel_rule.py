"""When an element counts as detected in a line scan or spectrum image: the pixel rule.

A pixel *shows* an element when the element's probability there reaches
its threshold.  An element is detected when it shows in at least
``pixel_fraction`` of the valid pixels and in at least two of them (one
with ``pixel_fraction=0``; :func:`detected_by_pixels`).  Asked for
(``touching_pixels=True``; :func:`asks_touching`), an element of a spectrum
image must besides show in two pixels that *touch*:
neighbours along one navigation axis (left/right or up/down).  Elements of a
specimen fill patches (a matrix, particles, layers), so the pixels showing a
real one touch; a false element read into the noise or the fine structure of
a few pixels mostly shows in scattered ones.  Line scans are not asked for
it: a line crosses a patch in a short segment, where detection can skip
every other pixel.  In synthetic 8 x 8 maps the touching rule wrote fewer
false elements and missed more true ones (``experiments/spectrum_images/``),
so it is off by default.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import pixels_touch
>>> shows = np.zeros((4, 4, 2), bool)
>>> shows[0, 0, 0] = shows[2, 2, 0] = True      # element 0: two scattered pixels
>>> shows[1, 1, 1] = shows[1, 2, 1] = True      # element 1: two neighbours
>>> pixels_touch(shows).tolist()
[False, True]
"""

from __future__ import annotations

import numpy as np

__all__ = ["asks_touching", "detected_by_pixels", "pixels_touch"]


def pixels_touch(shows):
    """Whether at least two of the pixels showing each element are neighbours along a navigation axis.

    Parameters
    ----------
    shows : array_like of bool, shape (navigation shape + (K,))
        Which pixels show which element (numpy or dask; NaN pixels must be
        False).

    Returns
    -------
    ndarray or dask array of bool, shape (K,)
        Of the same kind as `shows` (compute a dask result).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import pixels_touch
    >>> pixels_touch(np.array([[True], [False], [True]])).tolist()   # a line scan: pixels 0 and 2
    [False]
    """
    nav = shows.ndim - 1
    if nav < 1:
        raise ValueError(f"shows: expected navigation axes before the element axis, got shape {shows.shape}.")
    pixels = tuple(range(nav))
    touch = None
    for axis in pixels:
        if shows.shape[axis] < 2:
            continue
        first = (slice(None),) * axis + (slice(None, -1),)
        second = (slice(None),) * axis + (slice(1, None),)
        pair = (shows[first] & shows[second]).any(axis=pixels)
        touch = pair if touch is None else touch | pair
    if touch is None:  # every navigation axis has one pixel
        return np.zeros(shows.shape[-1], dtype=bool)
    return touch



def asks_touching(touching_pixels, pixel_fraction, navigation_shape) -> bool:
    """Whether the touching part of the rule applies: asked for, in a spectrum image, with ``pixel_fraction > 0``.

    Parameters
    ----------
    touching_pixels : bool
        Asked for.
    pixel_fraction : float
        The share of pixels asked for (0: one pixel is enough, nothing more is asked).
    navigation_shape : tuple of int
        HyperSpy's navigation shape: a spectrum image has at least two axes longer than one pixel.

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import asks_touching
    >>> asks_touching(True, 0.02, (8, 8)), asks_touching(True, 0.02, (32,)), asks_touching(True, 0.02, (32, 1))
    (True, False, False)
    """
    return bool(touching_pixels) and pixel_fraction > 0 and sum(n > 1 for n in navigation_shape) >= 2


def detected_by_pixels(fractions, n_valid, pixel_fraction, touch=None):
    """Which elements the pixel rule detects.

    Parameters
    ----------
    fractions : ndarray, shape (K,)
        Share of the valid pixels showing each element.
    n_valid : int
        Number of valid pixels.
    pixel_fraction : float
        The share asked for.
    touch : ndarray of bool, shape (K,), optional
        :func:`pixels_touch` of the showing pixels, where :func:`asks_touching` (None: not asked).

    Returns
    -------
    ndarray of bool, shape (K,)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import detected_by_pixels
    >>> fractions, touch = np.array([1 / 64, 2 / 64, 2 / 64]), np.array([False, False, True])
    >>> detected_by_pixels(fractions, 64, 0.02).tolist()          # one pixel is not enough
    [False, True, True]
    >>> detected_by_pixels(fractions, 64, 0.02, touch).tolist()
    [False, False, True]
    """
    # at least two pixels (one pixel of a small map is already above a few per cent, and is most often a
    # false alarm), one with pixel_fraction 0 or in a one-pixel map
    fewest = 1 if pixel_fraction == 0 else min(2, max(n_valid, 1))
    minimum = max(pixel_fraction, fewest / max(n_valid, 1))
    detected = (np.asarray(fractions) >= minimum - 1e-12) & (n_valid > 0)
    if touch is not None and fewest == 2:
        detected &= np.asarray(touch, dtype=bool)
    return detected
