"""The axis shift ``identify_edges`` identifies on: searched on the spectrum, or on the mean of an image's pixels.

A single spectrum is decided at the shift of
:func:`~hyperspy_eels_edgeid.recognizer.shift_search.search_shifts` directly
(:func:`spectrum_prediction`).
A line scan or spectrum image gets one shift for all its pixels, searched on
the mean spectrum of its pixels (every edge of the specimen, with the noise of
one pixel divided by the square root of their number, :func:`prepared_mean`): :func:`image_shift`.
For a lazy signal the mean costs one more pass over the data.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..recognizer.shift_search import search_shifts
from . import _validation as checks
from .blocks import compute, prepare_spectra

__all__ = ["image_shift", "mean_spectrum", "prepared_mean", "spectrum_prediction"]

#: Pixels summed at a time for the mean of an eager signal (bounds the float64 copy to about 64 MiB at 2048 channels).
_ROWS = 4096


def mean_spectrum(data, nav_dim: int, show_progressbar: bool = False) -> np.ndarray:
    """Mean over the pixels of a line scan or spectrum image that are finite in every channel.

    Pixels with a NaN or infinite channel are left out whole (averaging each
    channel over its own finite pixels would put steps into the mean where
    the set of pixels changes); where no pixel is finite throughout, each
    channel is averaged over its finite values.

    Parameters
    ----------
    data : ndarray or dask.array.Array
        The signal's data, navigation axes first.
    nav_dim : int
        Number of navigation axes (at least 1).
    show_progressbar : bool
        Progress bar for a lazy signal's pass.

    Returns
    -------
    ndarray of float64, shape (C,)
        NaN where no pixel has a finite value.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.axis_search import mean_spectrum
    >>> data = np.arange(12.0).reshape(2, 2, 3)
    >>> data[0, 0, 0] = np.nan                  # that pixel is left out
    >>> mean_spectrum(data, 2).tolist()
    [6.0, 7.0, 8.0]
    """
    if hasattr(data, "compute"):
        import dask.array as da

        values = data.astype(np.float64)  # summed over the navigation axes as they are chunked: no reshape
        pixels = tuple(range(nav_dim))
        finite = da.isfinite(values)
        whole = finite.all(axis=-1, keepdims=True)
        kept = finite & whole
        sums = [da.where(kept, values, 0.0).sum(axis=pixels), kept.sum(axis=pixels).astype(np.float64),
                da.where(finite, values, 0.0).sum(axis=pixels), finite.sum(axis=pixels).astype(np.float64)]  # fmt: skip
        stacked = da.stack(sums)
        total, count, any_total, any_count = compute(stacked, show_progressbar, desc="Mean spectrum (axis shift)")
    else:
        flat = np.asarray(data).reshape(-1, data.shape[-1])
        total, count, any_total, any_count = (np.zeros(flat.shape[1]) for _ in range(4))
        for start in range(0, flat.shape[0], _ROWS):
            rows = flat[start : start + _ROWS].astype(np.float64)
            finite = np.isfinite(rows)
            values = np.where(finite, rows, 0.0)
            whole = finite.all(axis=1)
            total += values[whole].sum(axis=0)
            count += whole.sum()
            any_total += values.sum(axis=0)
            any_count += finite.sum(axis=0)
    if not count.any():
        total, count = any_total, any_count
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def prepared_mean(signal, energy, reverse: bool, settings) -> np.ndarray | None:
    """The mean spectrum of a line scan or spectrum image, prepared as its pixels are, shape (1, C).

    Parameters
    ----------
    signal : EELSSpectrum
        With at least one navigation axis.
    energy : ndarray
        Increasing energy axis (eV) identification uses.
    reverse : bool
        Whether the signal's axis decreases (its channels are then read backwards).
    settings : IdentifySettings

    Returns
    -------
    ndarray of float32 or None
        None when the mean cannot be analysed (constant, mostly negative ...).
    """
    nav_dim = signal.axes_manager.navigation_dimension
    mean = mean_spectrum(signal.data, nav_dim, settings.show_progressbar).astype(np.float32)[None, :]
    if reverse:
        mean = mean[:, ::-1]
    if int(checks.pixel_problems(mean, "mask")[0]) != checks.OK:
        return None
    return prepare_spectra(energy, mean, "mask", settings.despike, settings.background_subtracted)


def image_shift(mean, recognizer, energy, candidates, thresholds) -> float:
    """The axis shift (eV) searched on the mean spectrum of a line scan or spectrum image.

    Parameters
    ----------
    mean : ndarray or None
        :func:`prepared_mean`'s.
    recognizer : EdgeRecognizer
    energy : ndarray
        Increasing energy axis (eV) identification uses.
    candidates, thresholds
        As the pixels are decided with.

    Returns
    -------
    float
        0 when the mean spectrum cannot be analysed.
    """
    if mean is None:
        return 0.0
    shift, _ = search_shifts(
        recognizer, lambda c: recognizer.predict(energy + c, mean, candidates=candidates, thresholds=thresholds),
        thresholds,
    )  # fmt: skip
    return float(shift[0])


def spectrum_prediction(recognizer, energy, spectrum, settings, candidates, thresholds):
    """A single spectrum's prediction, at the searched axis shift when ``settings.shift_search``.

    Parameters
    ----------
    recognizer : EdgeRecognizer
    energy : ndarray
        Increasing energy axis (eV).
    spectrum : ndarray, shape (1, C)
        The prepared spectrum (:func:`~.blocks.prepare_spectra`).
    settings : IdentifySettings
    candidates, thresholds
        As it is decided with.

    Returns
    -------
    shift : float
        The shift kept (0 without the search).
    prediction : EdgePrediction
        With the edge head's support of every edge group; onsets on the spectrum's own axis.
    """

    def predict_at(shift: float):
        return recognizer.predict(
            energy + shift, spectrum, batch_size=settings.batch_size, candidates=candidates, thresholds=thresholds,
            edge_support=True,
        )  # fmt: skip

    if not settings.shift_search:
        return 0.0, predict_at(0.0)
    shift, prediction = search_shifts(recognizer, predict_at, thresholds)
    return float(shift[0]), prediction
