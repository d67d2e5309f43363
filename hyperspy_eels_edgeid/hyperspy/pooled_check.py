"""The checks of a map's detected elements on summed spectra: pooled (weak elements of small maps) and local.

The pixel rule (:mod:`.pixel_rule`) detects an element that a share of the
valid pixels shows (2 % and at least two pixels by default), and noisy
pixels just above the threshold can be a false alarm.  ``identify_edges``
reads every detected element again on summed spectra, which have more counts
than any pixel, with the same model on the same axis (:func:`checked_table`):

* **pooled check**: in a small map, where the share asks for fewer than three
  pixels (:func:`small_map`: maps up to about 12 x 12 and line scans up to 149
  pixels at the default 2 %), an element whose showing pixels are worth less than
  :data:`POOLED_WORTH` in probability is read on the **sum of those pixels'
  spectra** and stays detected only if that reaches its threshold;
* **local check** (:mod:`.local_check`): every other element is read on the
  summed spectra of the **3 x 3 neighbourhoods of its most probable showing
  pixels** and stays detected only if one of them reaches the level;
* **few-counts check** (:mod:`.few_counts`): an element of those that fewer
  than half of the valid pixels show, whose showing pixels hold fewer than
  100 counts per channel before its edge (in the spectra as read), is also
  read on the **sum of all its showing pixels** and stays detected only if
  that reaches its threshold (not on background-subtracted maps).

All sums are made in one pass over the data, block by block for a lazy map
(:func:`pooled_spectra`).  A vetoed element owns no edge: an element it held
back is decided (and checked) in its place.  Nothing is checked where one
pixel is enough (``pixel_fraction=0``) or in a map read by two models (the
thick-specimen reader beside the main model).

Vetoes are recorded in ``metadata.EdgeID.pooled_veto`` (element ->
probability read), named under the table ("Held back"), and left out by
``summary()`` and ``detected_elements()`` on the same pixels at the run's
threshold and as many pixels asked for (:func:`applicable_vetoes`); other
settings decide by the pixel rule alone.  Measured by rules written before
their runs (``experiments/two_pixels_worth/rule4.md``, ``outcome4.md``;
``experiments/local_confirmation/rule.md``, ``outcome.md``; ``experiments/whole_sum_check/rule_low.md``,
``outcome_low.md``).

Examples
--------
>>> from hyperspy_eels_edgeid.hyperspy.pooled_check import needs_check, pixels_asked
>>> needs_check(0.02, 64), needs_check(0.02, 150), needs_check(0.0, 64)
(True, True, False)
>>> pixels_asked(0.02, 64), pixels_asked(0.03, 64), pixels_asked(0.05, 64)
(2, 2, 4)
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import energy_axis_ev
from .blocks import prepare_spectra
from .few_counts import low_count_elements, minority_elements
from .local_check import local_sets, local_vetoes
from .onset_maps import pixels_signature
from .pixel_rule import MAP_SAME_EDGE_EV, check_probabilities, image_elements

__all__ = [
    "POOLED_WORTH", "ROWS_PER_BLOCK", "applicable_vetoes", "checked_table", "decide_image", "image_vetoes",
    "needs_check", "pixels_asked", "pooled_spectra", "small_map", "summed_vetoes", "weak_elements",
]

#: An element whose showing pixels' probabilities add up to at least this (two nearly sure pixels) is not checked.
POOLED_WORTH = 1.9


def pixels_asked(pixel_fraction: float, n_valid: int) -> int:
    """How many pixels the pixel rule asks an element to show in (at least two; one with ``pixel_fraction=0``).

    Parameters
    ----------
    pixel_fraction : float
        The share of valid pixels asked for.
    n_valid : int
        Valid pixels of the map.

    Returns
    -------
    int
    """
    if pixel_fraction == 0 or n_valid < 2:
        return 1
    return max(2, math.ceil(pixel_fraction * n_valid - 1e-9))


def needs_check(pixel_fraction: float, n_valid: int) -> bool:
    """Whether a map's elements are checked: the pixel share asks for two pixels or more.

    Parameters
    ----------
    pixel_fraction : float
        The share of valid pixels asked for (0: one pixel is enough; nothing is checked).
    n_valid : int
        Valid pixels of the map.

    Returns
    -------
    bool
    """
    return pixel_fraction > 0 and n_valid >= 2


def small_map(pixel_fraction: float, n_valid: int) -> bool:
    """Whether the pixel share asks for fewer than three pixels (where weak elements are read on their whole sums).

    Parameters
    ----------
    pixel_fraction : float
        The share of valid pixels asked for.
    n_valid : int
        Valid pixels of the map.

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import small_map
    >>> small_map(0.02, 149), small_map(0.02, 150)
    (True, False)
    """
    return pixel_fraction * n_valid < 3


def weak_elements(probabilities, thresholds, detected) -> dict[int, np.ndarray]:
    """The detected elements whose showing pixels are worth less than :data:`POOLED_WORTH`, with those pixels.

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
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import weak_elements
    >>> p = np.array([[0.95, 0.5], [0.96, 0.6], [0.1, np.nan]])    # element 0: 1.91 in two pixels; 1: 1.1
    >>> {k: v.tolist() for k, v in weak_elements(p, np.array([0.35, 0.35]), [0, 1]).items()}
    {1: [0, 1]}
    """
    weak = {}
    for k in detected:
        column = probabilities[:, k]
        pixels = np.flatnonzero(column >= thresholds[k])
        if column[pixels].astype(np.float64).sum() < POOLED_WORTH - 1e-6:  # two float32 0.95s are worth 1.9
            weak[int(k)] = pixels
    return weak


#: Rows of an in-memory map summed at a time (bounded memory: 4,096 spectra of 2,048 channels are 64 MiB in float64).
ROWS_PER_BLOCK = 4096


def _block_sums(block, masks) -> np.ndarray:
    """Each mask's pixels of `block` (flattened row-major), summed in float64 (shape (len(masks), C))."""
    block = np.asarray(block).reshape(-1, block.shape[-1])
    return np.stack([np.asarray(block[m], dtype=np.float64).sum(axis=0) for m in masks])


def pooled_spectra(data, pixel_sets) -> np.ndarray:
    """The summed spectrum of each set of pixels, in one pass over the data.

    Parameters
    ----------
    data : ndarray or dask array, shape (navigation..., C)
        The map's spectra, navigation axes first (or already flattened to (N, C)).
    pixel_sets : list of ndarray of int
        Flat (row-major) pixel indices, one array per summed spectrum.

    Returns
    -------
    ndarray, shape (len(pixel_sets), C), float64
        A lazy map is read once in its own blocks (summed in parallel; never reshaped, which would merge its
        blocks into bands); an in-memory one :data:`ROWS_PER_BLOCK` pixels at a time.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import pooled_spectra
    >>> pooled_spectra(np.arange(12.0).reshape(2, 2, 3), [np.array([1, 3]), np.array([0])])
    array([[12., 14., 16.],
           [ 0.,  1.,  2.]])
    """
    navigation = data.shape[:-1]
    masks = np.zeros((len(pixel_sets), int(np.prod(navigation))), dtype=bool)
    for i, pixels in enumerate(pixel_sets):
        masks[i, np.asarray(pixels, dtype=int)] = True
    if hasattr(data, "to_delayed"):  # a lazy map: every block summed once, where it lies
        import dask

        data = data.rechunk({data.ndim - 1: -1})
        starts = [np.cumsum((0,) + c) for c in data.chunks[:-1]]
        blocks = data.to_delayed()
        parts = []
        for index in np.ndindex(*blocks.shape[:-1]):
            ranges = [np.arange(st[i], st[i + 1]) for st, i in zip(starts, index)]
            flat = np.ravel_multi_index(np.meshgrid(*ranges, indexing="ij"), navigation).ravel()
            parts.append(dask.delayed(_block_sums)(blocks[index + (0,)], masks[:, flat]))
        return np.sum(dask.compute(*parts), axis=0)
    spectra = np.asarray(data).reshape(-1, data.shape[-1])  # a view of an in-memory map
    total = np.zeros((len(pixel_sets), spectra.shape[1]))
    for a in range(0, spectra.shape[0], ROWS_PER_BLOCK):
        total += _block_sums(spectra[a:a + ROWS_PER_BLOCK], masks[:, a:a + ROWS_PER_BLOCK])
    return total


def summed_vetoes(sums, weak: dict, elements, read) -> dict[str, float]:
    """The weak elements that their pixels' summed spectrum does not confirm.

    Parameters
    ----------
    sums : ndarray, shape (len(weak), C)
        The summed spectrum of each element's showing pixels (:func:`pooled_spectra`), in the order of `weak`.
    weak : dict of int to ndarray of int
        :func:`weak_elements`.
    elements : list of str
        The model's elements.
    read : callable
        ``read(spectra) -> (probabilities, thresholds)``: the model's decoded probabilities (shape (M, K)) of
        spectra of shape (M, C) (float32), and its thresholds (shape (K,)).

    Returns
    -------
    dict of str to float
        Vetoed element -> its probability in the summed spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import pooled_spectra, summed_vetoes
    >>> read = lambda x: (np.tile([0.8, 0.1], (len(x), 1)), np.array([0.35, 0.35]))   # a model that sees only Fe
    >>> weak = {0: np.array([1, 2]), 1: np.array([3])}
    >>> summed_vetoes(pooled_spectra(np.ones((4, 10)), list(weak.values())), weak, ["Fe", "O"], read)
    {'O': 0.1}
    """
    if not weak:
        return {}
    probabilities, thresholds = read(np.asarray(sums, dtype=np.float32))
    return {
        elements[k]: float(probabilities[i, k]) for i, k in enumerate(weak) if probabilities[i, k] < thresholds[k]
    }


def image_vetoes(
    signal, probabilities, elements, detected, thresholds, reverse: bool, read, small: bool, few_counts: bool = True
) -> dict:
    """The pooled, local and few-counts checks of some of a map's detected elements.

    Weak elements of a small map are read on the sum of their showing pixels (:func:`weak_elements`), every other
    one on the neighbourhoods of its most probable pixels (:mod:`.local_check`) and, if fewer than
    :data:`~.few_counts.MINORITY_SHARE` of the valid pixels show it and they hold fewer than
    :data:`~.few_counts.LOW_COUNTS` counts per channel before its edge, on the sum of its showing pixels too
    (:mod:`.few_counts`); all sums are made in one pass.

    Parameters
    ----------
    signal : EELSSpectrum
        The spectrum image or line scan (eager or lazy; not modified).
    probabilities : ndarray, shape (N, K)
        Its per-pixel probabilities, pixels flattened in the signal's order.
    elements : list of str
        The model's elements (K).
    detected : list of str
        The detected elements to check.
    thresholds : ndarray, shape (K,)
        The run's thresholds.
    reverse : bool
        The signal's energy axis decreases: its channels are read in reverse.
    read : callable
        As in :func:`summed_vetoes`.
    small : bool
        :func:`small_map`: weak elements are read on their whole sums.
    few_counts : bool
        Make the few-counts check (not on background-subtracted spectra, whose counts before an edge are not counts).

    Returns
    -------
    dict of str to float
        Vetoed element -> the probability its sum, or the largest its neighbourhoods, read.
    """
    indices = [elements.index(e) for e in detected]
    weak = weak_elements(probabilities, thresholds, indices) if small else {}
    others = [k for k in indices if k not in weak]
    minority = minority_elements(probabilities, thresholds, others) if few_counts else {}
    local = local_sets(probabilities, thresholds, others, signal.data.shape[:-1])
    pixel_sets = [*weak.values(), *minority.values()] + [n for neighbourhoods in local.values() for n in neighbourhoods]
    if not pixel_sets:  # nothing to sum: the data are not read
        return {}
    sums = pooled_spectra(signal.data[..., ::-1] if reverse else signal.data, pixel_sets)
    whole, totals, neighbourhoods = np.split(sums, [len(weak), len(weak) + len(minority)])
    vetoes = summed_vetoes(whole, weak, elements, read) | local_vetoes(neighbourhoods, local, elements, read)
    few, rows = low_count_elements(minority, totals, energy_axis_ev(signal)[0], elements)  # eV, increasing
    return vetoes | summed_vetoes(totals[rows], few, elements, read)


def checked_table(signal, result, table, energy, reverse, settings, recognizer, candidates):
    """``identify_edges``' pooled and local checks of a map: its table, decided again while elements are vetoed.

    Parameters
    ----------
    signal : EELSSpectrum
        The spectrum image or line scan.
    result : EELSEdgeProbabilities
        Its result; the vetoes go into its ``metadata.EdgeID``.
    table : EdgeTable
        ``result.summary()`` before the check.
    energy : ndarray
        The axis the map was read on (increasing; moved by the searched shift).
    reverse : bool
        The signal's own axis decreases.
    settings : IdentifySettings
        The run's (how spectra are prepared for the network, the pixel share).
    recognizer : EdgeRecognizer
        The model that read the map.
    candidates : ndarray of bool or None
        The run's candidate elements.

    Returns
    -------
    EdgeTable
    """
    thresholds = np.asarray(result.metadata.EdgeID.thresholds, dtype=float)
    restore = settings.background_subtracted

    def read(spectra):
        x = prepare_spectra(energy, spectra, settings.nonfinite, settings.despike, restore)
        return recognizer.predict(energy, x, candidates=candidates, thresholds=thresholds).probabilities, thresholds

    data = result.data  # computed once (a lazy result's network pass), read by every round below
    data = np.asarray(data.compute() if hasattr(data, "compute") else data).reshape(-1, data.shape[-1])
    vetoes, checked = {}, set()
    small = small_map(settings.pixel_fraction, table.n_valid)
    while True:  # a vetoed element's edge may go to an element it held back: that one is checked in turn
        looking = sorted(set(table.elements) - checked)
        new = image_vetoes(signal, data, result.elements, looking, thresholds, reverse, read, small, not restore)
        checked |= set(looking)
        if not new:
            return table
        vetoes.update(new)
        asked = pixels_asked(settings.pixel_fraction, table.n_valid)
        result.metadata.EdgeID.add_dictionary(
            {"pooled_veto": dict(vetoes), "pooled_veto_pixels": pixels_signature(result), "pooled_veto_asked": asked}
        )
        table = result.summary()


def applicable_vetoes(probabilities, threshold, pixel_fraction: float, n_valid: int) -> dict[str, float]:
    """The recorded vetoes, where a decision is made on the same pixels, at the run's threshold and (those of the
    pooled and local checks) as many pixels asked for; else none. The mean spectrum's (:mod:`.mean_check`) too.

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        A result of ``identify_edges`` (or a part of one).
    threshold : float or None
        The one threshold asked for (None: the run's thresholds).
    pixel_fraction : float
        The share asked for.
    n_valid : int
        Valid pixels of `probabilities`.

    Returns
    -------
    dict of str to float
        Each vetoed element and the probability its check read.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.signals import EELSEdgeProbabilities
    >>> from hyperspy_eels_edgeid.hyperspy.onset_maps import pixels_signature
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import applicable_vetoes
    >>> p = EELSEdgeProbabilities(np.zeros((8, 8, 2)))
    >>> p.metadata.set_item("EdgeID", {"thresholds": [0.35, 0.35], "pooled_veto": {"O": 0.2},
    ...                                "pooled_veto_pixels": pixels_signature(p), "pooled_veto_asked": 2})
    >>> applicable_vetoes(p, None, 0.02, 64), applicable_vetoes(p, None, 0.03, 64), applicable_vetoes(p, 0.5, 0.02, 64)
    ({'O': 0.2}, {'O': 0.2}, {})
    >>> applicable_vetoes(p.inav[:4], None, 0.02, 32)   # another set of pixels
    {}
    """
    edgeid = probabilities.metadata.get_item("EdgeID")
    if edgeid is None or not (edgeid.has_item("pooled_veto") or edgeid.has_item("mean_veto")):
        return {}
    signature = pixels_signature(probabilities)
    stored = np.asarray(edgeid.get_item("thresholds", []), dtype=float)
    if not (threshold is None or bool(stored.size and np.all(stored == float(threshold)))):
        return {}
    vetoes = {}
    same_asked = needs_check(pixel_fraction, n_valid) and pixels_asked(pixel_fraction, n_valid) == edgeid.get_item(
        "pooled_veto_asked"
    )
    if edgeid.has_item("pooled_veto") and edgeid.get_item("pooled_veto_pixels") == signature and same_asked:
        vetoes.update(edgeid.pooled_veto.as_dictionary())
    if edgeid.has_item("mean_veto") and edgeid.get_item("mean_veto_pixels") == signature:  # mean_check.py's
        vetoes.update(edgeid.mean_veto.as_dictionary())
    return vetoes


def decide_image(
    probabilities, data, thresholds, pixel_fraction, touching, onsets, same_edge, threshold, least_ev=MAP_SAME_EDGE_EV
):
    """The pixel rule (:func:`~.pixel_rule.image_elements`) less the applicable vetoes, which own no edge.

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        The result decided.
    data, thresholds, pixel_fraction, touching, onsets, same_edge
        As in :func:`~.pixel_rule.image_elements`.
    threshold : float or None
        The threshold asked for (None: the run's), as in :func:`applicable_vetoes`.
    least_ev : float, optional
        As in :func:`~.pixel_rule.image_elements`.

    Returns
    -------
    detected, owner, fractions, means, n_valid
        As :func:`~.pixel_rule.image_elements` returns them.
    vetoed : dict of str to float
        The vetoes applied.
    """
    if isinstance(data, np.ndarray):
        check_probabilities(data)
    decided = image_elements(data, thresholds, pixel_fraction, touching, onsets, same_edge, least_ev=least_ev)
    vetoed = applicable_vetoes(probabilities, threshold, pixel_fraction, decided[4])
    if vetoed:  # decided again without them, so that an element they held back can be detected
        excluded = np.isin(probabilities.elements, list(vetoed))
        decided = image_elements(data, thresholds, pixel_fraction, touching, onsets, same_edge, excluded, least_ev)
    return (*decided, vetoed)
