"""The pooled check of weak elements in small spectrum images and line scans.

In a small map the pixel rule (:mod:`.pixel_rule`) asks an element to show
in two pixels, and two noisy pixels just above the threshold are as often a
false alarm as a small particle.  Where the share asks for fewer than three
pixels (:func:`needs_check`: maps up to about 12 x 12 and line scans up to
149 pixels at the default 2 %), an element whose showing pixels are worth
less than :data:`POOLED_WORTH` in probability is read again on the **sum of
those pixels' spectra**, which has more counts than any of them, by the same
model on the same axis; it stays detected only if the pooled spectrum's
probability reaches its threshold (:func:`pooled_vetoes`).  Vetoed elements
are recorded in ``metadata.EdgeID.pooled_veto`` and left out by
``summary()`` and ``detected_elements()`` at the run's threshold and pixel
share (:func:`applicable_vetoes`).  Measured by a rule written before its run
(``experiments/two_pixels_worth/rule4.md``, ``outcome4.md``).

Examples
--------
>>> from hyperspy_eels_edgeid.hyperspy.pooled_check import needs_check
>>> needs_check(0.02, 64), needs_check(0.02, 150), needs_check(0.0, 64)
(True, False, False)
"""

from __future__ import annotations

import numpy as np

from .blocks import prepare_spectra

__all__ = [
    "POOLED_WORTH", "applicable_vetoes", "checked_table", "image_vetoes", "needs_check", "pooled_vetoes",
    "weak_elements",
]

#: An element whose showing pixels' probabilities add up to at least this (two nearly sure pixels) is not checked.
POOLED_WORTH = 1.9


def needs_check(pixel_fraction: float, n_valid: int) -> bool:
    """Whether the pixel share asks for fewer than three pixels (and two are asked for at all).

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
    return pixel_fraction > 0 and n_valid >= 2 and pixel_fraction * n_valid < 3


def weak_elements(probabilities, thresholds, detected) -> dict[int, np.ndarray]:
    """The detected elements whose showing pixels are worth less than :data:`POOLED_WORTH`, with those pixels.

    Parameters
    ----------
    probabilities : ndarray, shape (N, K)
        Per-pixel probabilities, pixels flattened (NaN: not analysed).
    thresholds : ndarray, shape (K,)
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
    >>> p = np.array([[0.95, 0.5], [0.96, 0.6], [0.1, 0.2]])    # element 0: 1.91 in two pixels; 1: 1.1
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


def pooled_vetoes(spectra, weak: dict, elements, read) -> dict[str, float]:
    """The weak elements that their pixels' summed spectrum does not confirm.

    Parameters
    ----------
    spectra : ndarray or dask array, shape (N, C)
        The map's spectra, pixels flattened in the order of the probabilities, on an increasing axis.
    weak : dict of int to ndarray of int
        :func:`weak_elements`.
    elements : list of str
        The model's elements.
    read : callable
        ``read(spectrum) -> (probabilities, thresholds)`` of the pooled spectrum (shape (C,)): the model's
        decoded probabilities and thresholds, each shape (K,).

    Returns
    -------
    dict of str to float
        Vetoed element -> its probability in the pooled spectrum.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.pooled_check import pooled_vetoes
    >>> read = lambda spectrum: (np.array([0.8, 0.1]), np.array([0.35, 0.35]))   # a model that sees only Fe
    >>> pooled_vetoes(np.ones((4, 10)), {0: np.array([1, 2]), 1: np.array([3])}, ["Fe", "O"], read)
    {'O': 0.1}
    """
    vetoes = {}
    for k, pixels in weak.items():
        pooled = spectra[np.asarray(pixels)].sum(axis=0)
        pooled = np.asarray(pooled.compute() if hasattr(pooled, "compute") else pooled, dtype=np.float32)
        probabilities, thresholds = read(pooled)
        if probabilities[k] < thresholds[k]:
            vetoes[elements[k]] = round(float(probabilities[k]), 3)
    return vetoes


def image_vetoes(signal, probabilities, detected, thresholds, reverse: bool, read) -> dict[str, float]:
    """The pooled check of a map's detected elements (call only where :func:`needs_check`).

    Parameters
    ----------
    signal : EELSSpectrum
        The spectrum image or line scan (eager or lazy; not modified).
    probabilities : EELSEdgeProbabilities
        Its result, in the same pixel order.
    detected : list of str
        The elements the pixel rule detects.
    thresholds : ndarray, shape (K,)
    reverse : bool
        The signal's energy axis decreases: its channels are read in reverse.
    read : callable
        As in :func:`pooled_vetoes`.

    Returns
    -------
    dict of str to float
        As :func:`pooled_vetoes`.
    """
    data = probabilities.data
    data = np.asarray(data.compute() if hasattr(data, "compute") else data).reshape(-1, data.shape[-1])
    weak = weak_elements(data, thresholds, [probabilities.elements.index(e) for e in detected])
    if not weak:
        return {}
    spectra = signal.data.reshape((-1, signal.data.shape[-1]))
    return pooled_vetoes(spectra[:, ::-1] if reverse else spectra, weak, probabilities.elements, read)


def checked_table(signal, result, table, energy, reverse, settings, recognizer, candidates):
    """`identify_edges`' pooled check of a small map: the table, decided again if an element was vetoed.

    Parameters
    ----------
    signal : EELSSpectrum
        The spectrum image or line scan.
    result : EELSEdgeProbabilities
        Its result; the vetoes go into ``metadata.EdgeID.pooled_veto``.
    table : EdgeTable
        ``result.summary()`` before the check.
    energy : ndarray
        The axis the map was read on (increasing; moved by the searched shift).
    reverse : bool
        The signal's own axis decreases.
    settings : IdentifySettings
        The run's (how spectra are prepared for the network).
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

    def read(spectrum):
        x = prepare_spectra(energy, spectrum[None], settings.nonfinite, settings.despike, restore)
        return recognizer.predict(energy, x, candidates=candidates, thresholds=thresholds).probabilities[0], thresholds

    vetoes = image_vetoes(signal, result, table.elements, thresholds, reverse, read)
    if not vetoes:
        return table
    result.metadata.set_item("EdgeID.pooled_veto", vetoes)
    return result.summary()


def applicable_vetoes(edgeid, threshold, pixel_fraction) -> dict[str, float]:
    """The recorded vetoes, where a decision uses the run's threshold and pixel share (else none).

    Parameters
    ----------
    edgeid : hyperspy DictionaryTreeBrowser or None
        ``metadata.EdgeID`` of a result.
    threshold : float or None
        The one threshold asked for (None: the run's thresholds).
    pixel_fraction : float
        The share asked for.

    Returns
    -------
    dict of str to float
    """
    if edgeid is None or not edgeid.has_item("pooled_veto"):
        return {}
    same_share = float(pixel_fraction) == float(edgeid.get_item("pixel_fraction", 0.02))
    stored = np.asarray(edgeid.get_item("thresholds", []), dtype=float)
    same_threshold = threshold is None or bool(stored.size and np.all(stored == float(threshold)))
    return dict(edgeid.pooled_veto.as_dictionary()) if same_share and same_threshold else {}
