"""Per-pixel onset maps of a spectrum image or line scan (issue 15, Display).

The recognizer estimates, with each element's probability, the energy of
the element's principal edge in every pixel
(:attr:`~hyperspy_eels_edgeid.recognizer.prediction.EdgePrediction.onsets`).
:func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges` computes both
from the same dask blocks (:func:`~.blocks.identify_block` with
``with_onsets=True``), keeps the probabilities as the result's data and the
onsets, as a signal of the same shape (navigation axes, then the element
axis), in ``metadata.EdgeID.pixel_onsets`` of the result, where they are
saved and loaded with it (``.hspy``/``.zspy``).  They are the network's
estimate wherever the element is observable, whatever its probability
(NaN where it is not observable or the pixel was not analysed);
:func:`onset_maps` (``EELSEdgeProbabilities.get_onset_maps``) blanks the
pixels that do not show the element.

The stored onsets are not sliced with the result: a result cut, flipped or
transposed with ``inav``/``isig``/``swap_axes`` has no onset maps, and its
``metadata.EdgeID.detected`` (the unsliced result's) is not shown as its own
(:func:`same_pixels`; compute them from the unsliced result).
A lazy result's ``compute()`` computes probabilities and onsets in one pass
over the blocks; saving a lazy result without computing it first writes
them one after the other (the network runs twice).
"""

from __future__ import annotations

import json

import numpy as np

from .maps import map_axes, map_signal
from .signal_metadata import titled

__all__ = [
    "ONSETS_KEY", "split_onsets", "onset_signal", "same_pixels", "pixels_signature", "record_detected", "detected_of",
    "onset_maps",
]

#: Where the per-pixel onsets are kept in the result's metadata.
ONSETS_KEY = "EdgeID.pixel_onsets"


def split_onsets(values, k: int):
    """Split the (..., 2K) output of :func:`~.blocks.identify_block` into probabilities and onsets.

    Parameters
    ----------
    values : ndarray or dask.array.Array, shape (..., 2K)
        Probabilities, then onsets (eV).
    k : int
        Number of elements.

    Returns
    -------
    probabilities, onsets : arrays of shape (..., K)
        Contiguous copies for a NumPy input, slices of the same graph for a dask array.
    """
    if isinstance(values, np.ndarray):
        return np.ascontiguousarray(values[..., :k]), np.ascontiguousarray(values[..., k:])
    return values[..., :k], values[..., k:]


def onset_signal(onsets, axes: list[dict], source: str):
    """The onsets as a signal with the axes of the probability signal (lazy for a dask array).

    Parameters
    ----------
    onsets : ndarray or dask.array.Array, shape (navigation..., K)
        Onsets in eV.
    axes : list of dict
        Axes of the probability signal (navigation axes, then the element axis).
    source : str
        Title of the analysed signal.

    Returns
    -------
    Signal1D or LazySignal1D
    """
    from hyperspy.signals import LazySignal1D, Signal1D

    cls = Signal1D if isinstance(onsets, np.ndarray) else LazySignal1D
    signal = cls(onsets, axes=[dict(ax) for ax in axes])
    signal.metadata.General.title = titled("Edge onsets", source)
    signal.metadata.set_item("Signal.quantity", "Onset (eV)")
    return signal


def same_pixels(stored, probabilities) -> bool:
    """Whether the kept onsets `stored` hold `probabilities`' pixels in their order (not after a slice or flip).

    Parameters
    ----------
    stored : Signal1D
        ``metadata.EdgeID.pixel_onsets`` of `probabilities`.
    probabilities : EELSEdgeProbabilities
        The result (perhaps sliced, flipped or transposed since identify_edges made it).

    Returns
    -------
    bool
        Same shape, and every navigation axis with the same name, size and end values.  A square result whose two
        axes are unnamed and calibrated alike cannot be told from its transpose: name the axes (``x``,
        ``y``, as loaded files have them) where that matters.
    """
    same_shape = tuple(stored.data.shape) == tuple(probabilities.data.shape)
    return same_shape and pixels_signature(stored) == pixels_signature(probabilities)


def pixels_signature(signal) -> str:
    """The navigation axes' names, sizes and end values: what a slice, flip or transposition changes.

    Parameters
    ----------
    signal : BaseSignal

    Returns
    -------
    str
        JSON text, compared for equality.
    """
    axes = signal.axes_manager.navigation_axes
    return json.dumps([[str(a.name), int(a.size), float(a.axis[0]), float(a.axis[-1])] for a in axes])


def record_detected(probabilities, elements: list[str], n_invalid: int) -> None:
    """Keep the detected elements in ``metadata.EdgeID`` with the pixels they were decided on.

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        The result (computed).
    elements : list of str
        Its detected elements.
    n_invalid : int
        Its pixels that could not be analysed.
    """
    probabilities.metadata.EdgeID.add_dictionary(
        {"detected": list(elements), "n_invalid": int(n_invalid), "detected_pixels": pixels_signature(probabilities)}
    )


def detected_of(probabilities):
    """``metadata.EdgeID.detected`` of `probabilities`, or None where it is that of the result this one was cut from.

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        A result of identify_edges.

    Returns
    -------
    list of str or None
    """
    decided_on = probabilities.metadata.get_item("EdgeID.detected_pixels")
    if decided_on is not None:  # recorded with the list
        same = decided_on == pixels_signature(probabilities)
    else:  # results saved before it was: compare the kept onsets
        stored = probabilities.metadata.get_item(ONSETS_KEY)
        same = stored is None or same_pixels(stored, probabilities)
    return probabilities.metadata.get_item("EdgeID.detected") if same else None


def _stored(probabilities):
    onsets = probabilities.metadata.get_item(ONSETS_KEY)
    if onsets is None:
        raise ValueError(
            "this result holds no per-pixel onsets (metadata.EdgeID.pixel_onsets): it was not made by "
            "identify_edges of this version, or was built by hand. Run identify_edges again."
        )
    if not same_pixels(onsets, probabilities):
        raise ValueError(
            f"the stored onsets (shape {onsets.data.shape}) are not those of these probabilities (shape "
            f"{probabilities.data.shape}): this result was sliced, flipped, transposed or reshaped. Use the unsliced "
            "result of identify_edges for onset maps."
        )
    return onsets


def onset_maps(probabilities, elements: list[str], thresholds: np.ndarray) -> list:
    """Onset map (eV) of each element: NaN where the pixel does not show the element.

    A pixel shows an element when its probability reaches the element's
    threshold (pixels that could not be analysed never do).

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        A line scan's or spectrum image's result, with ``metadata.EdgeID.pixel_onsets``.
    elements : list of str
        Elements to map.
    thresholds : ndarray, shape (K,)
        Probability threshold of every element of the signal.

    Returns
    -------
    list of Signal2D (spectrum images), Signal1D (line scans)
        Lazy if `probabilities` is lazy.

    Raises
    ------
    ValueError
        If the result holds no onsets or was sliced.
    """
    import dask.array as da

    onsets = _stored(probabilities)
    lazy = bool(probabilities._lazy)
    all_elements = probabilities.elements
    index = [all_elements.index(e) for e in elements]
    values, columns = onsets.data, index
    if lazy:
        values = da.asarray(values)
    elif not isinstance(values, np.ndarray):  # onsets left lazy (e.g. loaded lazily, then the result computed)
        values, columns = np.asarray(values[..., index].compute()), range(len(index))
    edges = probabilities.metadata.get_item("EdgeID.edges") or [""] * len(all_elements)
    source = probabilities.metadata.get_item("EdgeID.source_title", probabilities.metadata.General.title)
    nav_axes = map_axes(probabilities)
    where = da.where if lazy else np.where
    maps = []
    for element, i, j in zip(elements, index, columns):
        p = probabilities.data[..., i]
        onset = values[..., j]
        shown = (p >= float(thresholds[i])) & (onset == onset)  # NaN probabilities and onsets: not shown
        data = where(shown, onset, np.float32(np.nan)).astype(np.float32)
        edge = str(edges[i])
        title = f"{titled('Edge onset', source)}: {edge or element}"
        maps.append(map_signal(data, nav_axes, lazy, title, element, edge, "Onset (eV)"))
    return maps
