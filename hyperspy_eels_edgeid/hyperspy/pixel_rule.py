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
so it is off by default.  ``identify_edges`` then reads the detected
elements again on summed spectra of their pixels (:mod:`.pooled_check`).

One edge has one owner (:func:`one_owner_per_edge`, on by default): a line
scan or spectrum image has one energy axis, so an edge at one energy is one
element's edge in every pixel.  The pixel decisions can give it to one
element in most pixels and to another (Ba for Co, Nb for Zr, K for C ...) in
a few; of two detected elements whose edges, their detected onsets averaged
over the pixels that show each, lie closer than :data:`MAP_SAME_EDGE_EV`
(8 eV) or the decoder's same-edge distance where that is larger, only the
one shown in more pixels is detected, and the other is named as its
alternative (unless the pixels showed the two together, where the decoder
judged them two edges).  In 140 synthetic images never used to design it
(8 x 8, 16 x 16, line scans) it wrote 44 false elements instead of 99 and
407 true ones instead of 413 at the decoder's 3 eV
(``experiments/map_owner/``); at 8 eV, in 280 fresh ones, 46 instead of 50
and 730 instead of 731 (``experiments/map_owner_step/``).

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

from ..recognizer.decoder_settings import DecoderSettings

__all__ = [
    "MAP_SAME_EDGE_EV", "ONSET_SPREAD_EV", "WIDESPREAD", "asks_touching", "check_probabilities", "detected_by_pixels",
    "image_elements", "one_owner_per_edge", "pixel_statistics", "pixels_touch", "widespread",
]

#: Share of the valid pixels from which a written element is also checked on the map's mean spectrum read as a
#: single spectrum (:mod:`.mean_check`).
WIDESPREAD = 0.9


def widespread(table) -> list[str]:
    """The elements of a map's table that at least :data:`WIDESPREAD` of its valid pixels show.

    Parameters
    ----------
    table : EdgeTable
        A map's table (rows with pixel fractions; a single spectrum's has none).

    Returns
    -------
    list of str
        Their symbols, in the table's order.
    """
    return [r.element for r in table if r.pixel_fraction is not None and r.pixel_fraction >= WIDESPREAD]

#: An element whose detected onsets spread more than this (eV, standard deviation over the pixels showing it)
#: has no one edge in the map (two principal edges in the window) and shares none: several times the onsets'
#: scatter for one edge (about 1 eV below 1000 eV) and an axis that drifts a few eV over a map.
ONSET_SPREAD_EV = 10.0

#: Two elements shown in different pixels of a map whose mean onsets lie closer than this (eV; or the decoder's
#: same-edge distance, if larger) read one edge: one network step below 1000 eV, closer than which the element head
#: does not tell two edges apart (``experiments/map_owner_step/``: a broad Fe L3 line read as F K 7 eV below Fe).
MAP_SAME_EDGE_EV = 8.0


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


def pixel_statistics(data, thresholds, touching: bool = False, onsets=None):
    """What the pixel rule reads, in one pass over the data (one ``dask.compute`` for dask arrays).

    Parameters
    ----------
    data : ndarray or dask.array.Array, shape (navigation shape + (K,))
        Per-pixel probabilities (NaN: a pixel not analysed).
    thresholds : ndarray, shape (K,)
        A pixel shows an element when its probability reaches the element's threshold.
    touching : bool
        Also tell whether two showing pixels touch (:func:`pixels_touch`).
    onsets : ndarray or dask.array.Array, optional
        Per-pixel detected onsets (eV), of `data`'s shape: then also the
        statistics :func:`one_owner_per_edge` needs.

    Returns
    -------
    fractions : ndarray, shape (K,)
        Share of the valid pixels showing each element.
    means : ndarray, shape (K,)
        Mean probability over the valid pixels.
    n_valid : int
    touch : ndarray of bool, shape (K,), or None
        Without `touching`: None.
    owned : tuple of ndarrays, or None
        With `onsets`: the summed probability, the mean onset and the onsets'
        standard deviation over the pixels showing each element (shape (K,);
        NaN where none does) and, shape (K, K), the number of pixels showing
        both of two elements; else None.  Sums in float64.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import pixel_statistics
    >>> data = np.array([[0.9, 0.1], [0.8, 0.6], [np.nan, np.nan]])   # 3 pixels, 2 elements, one pixel not analysed
    >>> onsets = np.array([[532.0, 780.0], [534.0, 781.0], [np.nan, np.nan]])
    >>> fractions, means, n_valid, touch, owned = pixel_statistics(data, np.array([0.5, 0.5]), onsets=onsets)
    >>> fractions.tolist(), n_valid, owned[1].tolist(), owned[2].tolist(), owned[3].tolist()
    ([1.0, 0.5], 2, [533.0, 781.0], [1.0, 0.0], [[2.0, 1.0], [1.0, 1.0]])
    """
    lazy = not isinstance(data, np.ndarray)
    if lazy:
        import dask.array as da
    k = thresholds.size
    shows = data >= thresholds  # NaN pixels show nothing
    flat = data.reshape((-1, k))
    above = shows.reshape((-1, k)).sum(axis=0)
    touch = pixels_touch(shows) if touching else None
    owned = None
    if onsets is not None:
        flat_shows = shows.reshape((-1, k))
        if lazy:
            owned = _owner_sums(flat_shows, flat, da.asarray(onsets).reshape((-1, k)), da)
        else:  # in blocks of pixels: float64 copies of a whole large map would raise the peak memory
            flat_onsets, step = np.asarray(onsets).reshape((-1, k)), 16384
            parts = [
                _owner_sums(flat_shows[a : a + step], flat[a : a + step], flat_onsets[a : a + step], np)
                for a in range(0, max(flat.shape[0], 1), step)  # one empty block for a map of no pixels
            ]
            owned = tuple(sum(part[i] for part in parts) for i in range(4))
    if lazy:
        valid = (~da.isnan(flat[:, 0])).sum()
        total = da.nansum(flat.astype(np.float64), axis=0)
        n_valid, above, total, touch, owned = da.compute(valid, above, total, touch, owned)
    else:
        n_valid, total = (~np.isnan(flat[:, 0])).sum(), np.nansum(flat.astype(np.float64), axis=0)
    n_valid = int(n_valid)
    above = np.asarray(above)
    touch = None if touch is None else np.asarray(touch)
    if owned is not None:
        count = np.maximum(above, 1)
        with np.errstate(invalid="ignore"):
            mean = np.where(above > 0, np.asarray(owned[1]) / count, np.nan)
            spread = np.sqrt(np.maximum(np.asarray(owned[2]) / count - mean * mean, 0.0))
        owned = (np.asarray(owned[0]), mean, spread, np.asarray(owned[3], dtype=float))
    return above / max(n_valid, 1), np.asarray(total) / max(n_valid, 1), n_valid, touch, owned


def _owner_sums(shows, data, onsets, xp):
    """Per element over the showing pixels of (N, K) arrays: summed probability, onset, onset squared (float64),
    and the (K, K) count of pixels showing both of two elements."""
    shown = xp.where(shows, onsets, 0.0).astype(np.float64)
    together = shows.astype(np.float64)
    return (
        xp.where(shows, data, 0.0).astype(np.float64).sum(axis=0),
        shown.sum(axis=0),
        (shown * shown).sum(axis=0),
        together.T @ together,
    )


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


def one_owner_per_edge(
    detected, counts, owned, same_edge_ev: float, same_edge_rel: float = 0.0, least_ev: float = MAP_SAME_EDGE_EV
):
    """Of detected elements sharing one edge, the one shown in the most pixels.

    The detected elements are taken in order of the number of pixels that
    show them (ties: the larger summed probability); one whose mean onset
    lies closer than `least_ev` (:data:`MAP_SAME_EDGE_EV`), or the decoder's
    same-edge distance (``same_edge_ev + same_edge_rel * E``) where that is
    larger, to that of an element already taken is not detected: that
    element owns its edge.  Two elements shown together in
    at least half the pixels of the one shown in fewer keep both (the
    pixels' decoder judged them two edges, as it may for sure elements
    whose tables put their edges apart: Sb M5 528 eV and O K 532 eV in
    antimony oxides).  An element whose onsets spread over more than
    :data:`ONSET_SPREAD_EV` (two of its principal edges in the window, as Sr
    M4,5 and L3) has no one edge and shares none.

    Parameters
    ----------
    detected : ndarray of bool, shape (K,)
        Elements the pixel rule detects (:func:`detected_by_pixels`).
    counts : ndarray, shape (K,)
        Number of pixels showing each element.
    owned : tuple of ndarrays
        Each element's summed probability, mean onset (eV; NaN: never an
        edge shared) and onset spread over the pixels showing it, and the
        (K, K) count of pixels showing both of two elements
        (:func:`pixel_statistics`).
    same_edge_ev, same_edge_rel : float
        The model decoder's same-edge distance.
    least_ev : float
        The least distance taken (0: the decoder's alone, as results saved before 8 Dec 2026 were decided).

    Returns
    -------
    detected : ndarray of bool, shape (K,)
        The elements still detected.
    owner : ndarray of int, shape (K,)
        For an element no longer detected, the index of the element that
        owns its edge; -1 otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import one_owner_per_edge
    >>> detected, counts = np.array([True, True, True]), np.array([6, 40, 64])    # Ba, Co, O
    >>> together = np.diag(counts) + np.array([[0, 0, 6], [0, 0, 40], [6, 40, 0]])  # Ba never beside Co
    >>> owned = (np.array([3.0, 30.0, 60.0]), np.array([781.5, 780.1, 532.0]), np.zeros(3), together)
    >>> kept, owner = one_owner_per_edge(detected, counts, owned, 3.0)
    >>> kept.tolist(), owner.tolist()
    ([False, True, True], [1, -1, -1])
    """
    detected = np.asarray(detected, dtype=bool)
    counts = np.rint(np.asarray(counts, dtype=float))  # whole pixels (a share times the pixel count may not be)
    sums, onsets, spread, together = (np.asarray(a, dtype=float) for a in owned)
    onsets = np.where(spread <= ONSET_SPREAD_EV, onsets, np.nan)
    distance = np.maximum(same_edge_ev + same_edge_rel * np.nan_to_num(onsets), least_ev)
    kept = detected.copy()
    owner = np.full(detected.shape, -1, dtype=np.intp)
    taken: list[int] = []
    for k in sorted(np.flatnonzero(detected), key=lambda k: (-counts[k], -sums[k], k)):
        # one edge (False for NaN onsets), unless the pixels kept the two apart (together in half of k's or more)
        near = [j for j in taken if abs(onsets[j] - onsets[k]) < distance[k] and together[j, k] < 0.5 * counts[k]]
        if near:
            kept[k] = False
            owner[k] = near[0]
        else:
            taken.append(k)
    return kept, owner


def image_elements(
    data,
    thresholds,
    pixel_fraction: float,
    touching: bool = False,
    onsets=None,
    same_edge=None,
    excluded=None,
    least_ev: float = MAP_SAME_EDGE_EV,
):
    """The pixel rule whole: which elements a line scan or spectrum image holds.

    :func:`pixel_statistics`, then :func:`detected_by_pixels` and, with
    `onsets`, :func:`one_owner_per_edge`: what ``identify_edges`` writes into
    ``Sample.elements`` less what its checks of summed spectra veto (`excluded`),
    and what ``calibrate --maps`` scores.

    Parameters
    ----------
    data, thresholds, touching, onsets
        As in :func:`pixel_statistics` (`touching` only where :func:`asks_touching`).
    pixel_fraction : float
        The share of pixels asked for.
    same_edge : (float, float), optional
        The model decoder's ``same_edge_ev`` and ``same_edge_rel`` (default:
        :class:`~hyperspy_eels_edgeid.recognizer.decoder_settings.DecoderSettings`'s), as
        :func:`one_owner_per_edge` takes them.
    excluded : ndarray of bool, shape (K,), optional
        Elements not detected whatever their pixels (the pooled check's vetoes, :mod:`.pooled_check`), taken out
        before one owner per edge is chosen, so that they own no edge.
    least_ev : float, optional
        The least same-edge distance of :func:`one_owner_per_edge` (default :data:`MAP_SAME_EDGE_EV`; 0 for a
        result decided before it existed).

    Returns
    -------
    detected : ndarray of bool, shape (K,)
    owner : ndarray of int, shape (K,)
        As :func:`one_owner_per_edge` returns it (-1 everywhere without `onsets`).
    fractions, means : ndarray, shape (K,)
    n_valid : int
        As :func:`pixel_statistics` returns them.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import image_elements
    >>> data = np.zeros((64, 2)); data[:40, 0] = 0.9; data[40:46, 1] = 0.9       # Co in 40 pixels, Ba in 6
    >>> onsets = np.tile([780.0, 781.5], (64, 1))                                  # on one edge
    >>> image_elements(data, np.array([0.5, 0.5]), 0.02, onsets=onsets)[0].tolist()
    [True, False]
    """
    fractions, means, n_valid, touch, owned = pixel_statistics(data, thresholds, touching, onsets)
    detected = detected_by_pixels(fractions, n_valid, pixel_fraction, touch)
    if excluded is not None:
        detected &= ~np.asarray(excluded, dtype=bool)
    owner = np.full(detected.shape, -1, dtype=np.intp)
    if owned is not None:
        if same_edge is None:
            same_edge = (DecoderSettings.same_edge_ev, DecoderSettings.same_edge_rel)
        detected, owner = one_owner_per_edge(detected, fractions * n_valid, owned, *same_edge, least_ev=least_ev)
    return detected, owner, fractions, means, n_valid


def check_probabilities(data: np.ndarray) -> None:
    """Refuse values outside 0-1, which a sum or a rebin of a result holds: they are not probabilities.

    Parameters
    ----------
    data : ndarray
        A result's values (NaN where a pixel was not analysed).

    Raises
    ------
    ValueError
        Where a finite value lies outside 0-1.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pixel_rule import check_probabilities
    >>> check_probabilities(np.array([0.2, np.nan, 1.0]))
    >>> check_probabilities(np.array([0.2, 3.5]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: these values run from 0.2 to 3.5, outside 0-1: not probabilities (a sum or rebin of a result?). ...
    """
    finite = data[np.isfinite(data)]
    if finite.size and (finite.max() > 1.0 + 1e-6 or finite.min() < -1e-6):
        raise ValueError(
            f"these values run from {finite.min():.3g} to {finite.max():.3g}, outside 0-1: not probabilities (a sum or "
            "rebin of a result?). Decide on the result itself, or on its mean over pixels (p.mean())."
        )
