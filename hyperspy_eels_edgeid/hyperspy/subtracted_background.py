"""Spectra whose background was already removed: recognised, and given a power law back before the network reads them.

The recognizer was trained on raw core-loss spectra, where every edge stands on a
steep power-law background; its input channels are the log-intensity and its
residual from a power law (:mod:`~hyperspy_eels_edgeid.recognizer.resampling`).
A background-subtracted spectrum (exported after a fit, or from a database)
has edges on a flat baseline near zero, and the network reads it badly: on
2,000 synthetic spectra (seed 20261230) with their true background taken out,
F1 falls from 0.895 to 0.613 with the default ``SynthesisConfig`` and from 0.824
to 0.573 with ``SynthesisConfig.realistic()`` (``experiments/subtracted_background/``).

Such a spectrum is recognised by its first channels: the median of the first
:data:`START_FRACTION` of its finite channels (at least :data:`MIN_START_CHANNELS`)
lies below :data:`NEAR_ZERO` times its 95th percentile.  A raw spectrum starts on
its background, the highest part of a power law that falls across the window:
in 6,000 synthetic raw spectra that ratio was never below 0.13, in the 23 raw
real development spectra never below 0.71; background-subtracted ones mostly
lie near 0 (the development set's one: 0.03).  Exact zeros at the start (an
unread detector region) are left out first.  Those that start on the decaying
tail of an edge below the window are not recognised (a tenth to a third of the
synthetic ones).  ``identify_edges`` decides once per signal, on a typical
spectrum (the signal itself, or the mean of up to 64 pixels of a map's first
row), so that every pixel of a map is read alike; then every spectrum gets
``p95 * (E / E0) ** -3`` added, ``p95`` its own 95th percentile and ``E0`` its
first measured energy (at least the model grid's start, 50 eV): an exponent
typical of real backgrounds, and a background at the window's start as high as
the spectrum's strong features.  On the spectra above F1 comes back to 0.854 and
0.747; no raw spectrum was recognised.  (Exponents 2-4 and scales 0.3-3 were
tried on another seed first; they differ by at most 0.05 in F1.)

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.subtracted_background import looks_background_subtracted, restore_background
>>> e = np.linspace(400.0, 800.0, 801)
>>> edge = 50.0 * (e > 532.0) * (e / 532.0) ** -2.0 + 0.2 * np.cos(e)   # an edge on a baseline near zero
>>> raw = 1e4 * (e / 400.0) ** -3.0 + edge
>>> looks_background_subtracted(np.stack([raw, edge])).tolist()
[False, True]
>>> restored = restore_background(e, edge)
>>> bool(restored[0] > 40.0), bool(np.all(np.diff(restored - edge) < 0))
(True, True)
"""

from __future__ import annotations

import warnings

import numpy as np

from ..recognizer.grid import GRID_SEGMENTS

__all__ = [
    "BackgroundSubtractedWarning",
    "MIN_START_CHANNELS",
    "NEAR_ZERO",
    "RESTORED_EXPONENT",
    "START_FRACTION",
    "background_subtracted",
    "looks_background_subtracted",
    "restore_background",
]

#: Share of a spectrum's finite channels, from its start, whose median is compared with its 95th percentile.
START_FRACTION = 0.05
#: At least this many channels make that start.
MIN_START_CHANNELS = 16
#: A spectrum whose start lies below this fraction of its 95th percentile looks background-subtracted.
NEAR_ZERO = 0.05
#: Exponent r of the power law ``E ** -r`` given back to such a spectrum.
RESTORED_EXPONENT = 3.0
#: The power law's reference energy is at least the model grid's start (eV): below it the network reads nothing.
LAW_START_EV = float(GRID_SEGMENTS[0][0])


class BackgroundSubtractedWarning(UserWarning):
    """The spectrum looks background-subtracted; a power law was added back before the network read it."""


def _nearest_rank(values: np.ndarray, q: float) -> np.ndarray:
    """The `q` quantile (0-1) of each row by nearest rank (``np.partition``: linear time, unlike ``np.percentile``)."""
    rank = int(round(q * (values.shape[-1] - 1)))
    return np.partition(values, rank, axis=-1)[..., rank]


def _start_and_scale(spectra: np.ndarray, with_start: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the median of its start (after leading exact zeros; not computed, NaN, without `with_start`) and its
    95th percentile; NaN for too few."""
    finite = np.isfinite(spectra)
    usual = finite.all(axis=1) & (spectra[:, 0] != 0)
    start = np.full(spectra.shape[0], np.nan)
    scale = np.full(spectra.shape[0], np.nan)
    if spectra.shape[1] >= MIN_START_CHANNELS and usual.any():  # the usual case, all rows at once
        size = max(MIN_START_CHANNELS, int(START_FRACTION * spectra.shape[1]))
        if with_start:
            start[usual] = _nearest_rank(spectra[usual, :size], 0.5)
        scale[usual] = _nearest_rank(spectra[usual], 0.95)
    for i in np.flatnonzero(~usual):  # rows with unmeasured channels or a start of exact zeros
        values = spectra[i, finite[i]]
        read = np.flatnonzero(values != 0)
        values = values[read[0] :] if read.size else values
        if values.size >= MIN_START_CHANNELS:
            size = max(MIN_START_CHANNELS, int(START_FRACTION * values.size))
            start[i] = _nearest_rank(values[:size], 0.5) if with_start else np.nan
            scale[i] = _nearest_rank(values, 0.95)
    return start, scale


def looks_background_subtracted(spectra) -> np.ndarray:
    """Which spectra look background-subtracted (their first channels near zero against their features).

    Parameters
    ----------
    spectra : array_like, shape (N, C) or (C,)
        Spectra on an increasing energy axis; NaN/inf channels are not measured.

    Returns
    -------
    ndarray of bool, shape (N,)
        True where the median of a spectrum's start lies below :data:`NEAR_ZERO` times its 95th percentile.
    """
    start, scale = _start_and_scale(np.atleast_2d(np.asarray(spectra)))
    with np.errstate(invalid="ignore"):
        return (scale > 0) & (start < NEAR_ZERO * scale)


def restore_background(energy, spectra) -> np.ndarray:
    """The spectra with a power law ``p95 * (E / E0) ** -3`` added to each (judged background-subtracted).

    Parameters
    ----------
    energy : array_like, shape (C,)
        Increasing energy axis (eV).
    spectra : array_like, shape (N, C) or (C,)
        Spectra (not modified).  A spectrum whose 95th percentile is not positive is left as it is.

    Returns
    -------
    ndarray of the input's shape
        A float copy (float32 for integer input).
    """
    spectra = np.asarray(spectra)
    dtype = spectra.dtype if np.issubdtype(spectra.dtype, np.floating) else np.float32
    rows = np.atleast_2d(spectra)
    _, scale = _start_and_scale(rows, with_start=False)  # only the scale: this runs on every spectrum of a map
    finite = np.isfinite(rows)
    first = np.argmax(finite, axis=1)
    energy = np.maximum(np.asarray(energy, dtype=np.float64), LAW_START_EV)
    with np.errstate(invalid="ignore"):
        level = np.where(scale > 0, scale, 0.0)
    law = level[:, None] * (energy[None, :] / energy[first][:, None]) ** -RESTORED_EXPONENT
    return (rows + law).astype(dtype).reshape(spectra.shape)


def background_subtracted(spectrum) -> bool:
    """Whether `spectrum` (a typical one of the signal) looks background-subtracted; if so, a warning says so.

    Parameters
    ----------
    spectrum : array_like, shape (C,)
        On an increasing energy axis.

    Returns
    -------
    bool
        True: ``identify_edges`` gives every spectrum of the signal a power law back (:func:`restore_background`),
        after a :class:`BackgroundSubtractedWarning`.
    """
    if not looks_background_subtracted(spectrum)[0]:
        return False
    warnings.warn(
        "the spectrum looks background-subtracted (its first channels lie near zero against its edges); "
        "identify_edges reads raw core-loss spectra and adds a power law back to every spectrum of such a signal "
        "before the network reads it, which recovers most but not all of its accuracy. Pass the raw spectrum if you "
        "have it.",
        BackgroundSubtractedWarning,
        stacklevel=3,
    )
    return True
