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
lie near 0 (the development set's one: 0.03).  Those that start on the decaying
tail of an edge below the window are not recognised (a tenth to a third of the
synthetic ones).  A recognised spectrum gets ``p95 * (E / E0) ** -3`` added,
``p95`` its 95th percentile and ``E0`` its first measured energy: an exponent
typical of real backgrounds, and a background at the window's start as high as
the spectrum's strong features.  On the spectra above F1 comes back to 0.854 and
0.747; no raw spectrum was recognised.  (Exponents 2-4 and scales 0.3-3 were
tried on another seed first; they differ by at most 0.04 in F1.)

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.subtracted_background import looks_background_subtracted, restore_background
>>> e = np.linspace(400.0, 800.0, 801)
>>> edge = 50.0 * (e > 532.0) * (e / 532.0) ** -2.0
>>> raw = 1e4 * (e / 400.0) ** -3.0 + edge
>>> looks_background_subtracted(np.stack([raw, edge])).tolist()
[False, True]
>>> restored = restore_background(e, np.stack([raw, edge]))
>>> bool(np.array_equal(restored[0], raw)), bool(restored[1, 0] > 40.0)
(True, True)
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = [
    "BackgroundSubtractedWarning",
    "MIN_START_CHANNELS",
    "NEAR_ZERO",
    "RESTORED_EXPONENT",
    "START_FRACTION",
    "looks_background_subtracted",
    "restore_background",
    "warn_if_background_subtracted",
]

#: Share of a spectrum's finite channels, from its start, whose median is compared with its 95th percentile.
START_FRACTION = 0.05
#: At least this many channels make that start.
MIN_START_CHANNELS = 16
#: A spectrum whose start lies below this fraction of its 95th percentile looks background-subtracted.
NEAR_ZERO = 0.05
#: Exponent r of the power law ``E ** -r`` given back to such a spectrum.
RESTORED_EXPONENT = 3.0


class BackgroundSubtractedWarning(UserWarning):
    """The spectrum looks background-subtracted; a power law was added back before the network read it."""


def _nearest_rank(values: np.ndarray, q: float) -> np.ndarray:
    """The `q` quantile (0-1) of each row by nearest rank (``np.partition``: linear time, unlike ``np.percentile``)."""
    rank = int(round(q * (values.shape[-1] - 1)))
    return np.partition(values, rank, axis=-1)[..., rank]


def _start_and_scale(spectra: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the median of its start, its 95th percentile, and the index of its first finite channel."""
    finite = np.isfinite(spectra)
    whole = finite.all(axis=1)
    start = np.full(spectra.shape[0], np.nan)
    scale = np.full(spectra.shape[0], np.nan)
    if spectra.shape[1] >= MIN_START_CHANNELS and whole.any():  # the usual case, all rows at once
        size = max(MIN_START_CHANNELS, int(START_FRACTION * spectra.shape[1]))
        start[whole] = _nearest_rank(spectra[whole, :size], 0.5)
        scale[whole] = _nearest_rank(spectra[whole], 0.95)
    for i in np.flatnonzero(~whole & (finite.sum(axis=1) >= MIN_START_CHANNELS)):  # rows with unmeasured channels
        values = spectra[i, finite[i]]
        size = max(MIN_START_CHANNELS, int(START_FRACTION * values.size))
        start[i], scale[i] = _nearest_rank(values[:size], 0.5), _nearest_rank(values, 0.95)
    return start, scale, np.argmax(finite, axis=1)


def looks_background_subtracted(spectra) -> np.ndarray:
    """Which spectra look background-subtracted (their first channels near zero against their features).

    Parameters
    ----------
    spectra : array_like, shape (N, C) or (C,)
        Spectra on an increasing energy axis; NaN/inf channels are not measured.

    Returns
    -------
    ndarray of bool, shape (N,)
    """
    start, scale, _ = _start_and_scale(np.atleast_2d(np.asarray(spectra)))
    with np.errstate(invalid="ignore"):
        return (scale > 0) & (start < NEAR_ZERO * scale)


def restore_background(energy, spectra) -> np.ndarray:
    """The spectra, with a power law added to those that look background-subtracted (others unchanged).

    Parameters
    ----------
    energy : array_like, shape (C,)
        Increasing energy axis (eV), positive.
    spectra : array_like, shape (N, C)
        Spectra (not modified).

    Returns
    -------
    ndarray, shape (N, C)
        `spectra` itself when none looks background-subtracted, otherwise a copy.
    """
    spectra = np.asarray(spectra)
    start, scale, first = _start_and_scale(spectra)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((scale > 0) & (start < NEAR_ZERO * scale))
    if rows.size == 0:
        return spectra
    energy = np.maximum(np.asarray(energy, dtype=np.float64), 1.0)  # a window may start below 0 eV's neighbourhood
    out = np.array(spectra, copy=True)
    e0 = energy[first[rows]]
    law = scale[rows, None] * (energy[None, :] / e0[:, None]) ** -RESTORED_EXPONENT
    out[rows] = (out[rows] + law).astype(out.dtype)
    return out


def warn_if_background_subtracted(spectrum) -> None:
    """Warn (:class:`BackgroundSubtractedWarning`) when `spectrum` (a typical one of the signal) looks background-subtracted.

    Parameters
    ----------
    spectrum : array_like, shape (C,)
        On an increasing energy axis.
    """
    if looks_background_subtracted(spectrum)[0]:
        warnings.warn(
            "the spectrum looks background-subtracted (its first channels lie near zero against its edges); "
            "identify_edges reads raw core-loss spectra and adds a power law back to such spectra before the "
            "network reads them, which recovers most but not all of its accuracy. Pass the raw spectrum if you "
            "have it.",
            BackgroundSubtractedWarning,
            stacklevel=3,
        )
