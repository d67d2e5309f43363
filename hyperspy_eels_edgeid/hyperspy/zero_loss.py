"""Measures of low-loss spectra as arrays: the zero-loss peak's position and the relative thickness t/λ.

The zero-loss peak position of each spectrum is the vertex of a parabola
fitted to the logarithm of the channels above :data:`FIT_FRACTION` of its
maximum within :data:`CENTROID_HALF_WIDTH_EV` of it (sub-channel, exact for
a Gaussian however coarsely sampled, insensitive to the plasmons).  The
relative thickness is the log-ratio of all counts to those of the zero-loss
peak.  :mod:`.low_loss` applies them to the DualEELS partner of
``identify_edges``.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.zero_loss import zero_loss_peak_centres
>>> e = np.arange(-50.0, 450.0, 0.5)
>>> y = 1e6 * np.exp(-0.5 * ((e - 5.0) / 0.6) ** 2) + 1e4 * np.exp(-0.5 * ((e - 27.0) / 6.0) ** 2)
>>> round(float(zero_loss_peak_centres(e, y[None])[0]), 2)
5.0
"""

from __future__ import annotations

import numpy as np

from ._validation import ZLP_HALF_WIDTH_EV

__all__ = [
    "CENTROID_HALF_WIDTH_EV",
    "ELASTIC_SEARCH_EV",
    "ELASTIC_SMOOTHING_EV",
    "FIT_FRACTION",
    "low_loss_measures_of",
    "relative_thickness",
    "zero_loss_peak_centres",
]

#: Half width (eV) of the window around the maximum in which the zero-loss peak's position is fitted.
CENTROID_HALF_WIDTH_EV = 5.0
#: Channels at or above this fraction of the maximum (and the maximum's neighbours) enter the fit.
FIT_FRACTION = 0.3
#: Width (eV) of the moving average before the end of the zero-loss peak is sought (:func:`relative_thickness`).
ELASTIC_SMOOTHING_EV = 1.0
#: The end of the zero-loss peak is sought this far (eV) above its centre (:func:`relative_thickness`).
ELASTIC_SEARCH_EV = 10.0
#: Spectra per step of :func:`zero_loss_peak_centres` (bounds its memory).
_ROWS = 4096


def _centres(energy: np.ndarray, spectra: np.ndarray) -> np.ndarray:
    """Vertex of a parabola fitted to the log-intensity of the peak's top (exact for a Gaussian, any sampling)."""
    y = np.where(np.isfinite(spectra), spectra, -np.inf).astype(np.float64)
    n = y.shape[0]
    i = np.argmax(y, axis=1)
    top = y[np.arange(n), i]
    good = np.isfinite(top) & (top > 0)
    channel = np.arange(y.shape[1])[None, :]
    x = energy[None, :] - energy[i][:, None]
    near_top = (y >= FIT_FRACTION * top[:, None]) | (np.abs(channel - i[:, None]) <= 1)
    use = (np.abs(x) <= CENTROID_HALF_WIDTH_EV) & near_top
    use &= y > 0
    w = np.where(use, y / np.where(good, top, 1.0)[:, None], 0.0)  # Poisson: var(log y) ~ 1 / y
    log_y = np.log(np.where(use, y, 1.0))
    s = np.stack([(w * x**k).sum(axis=1) for k in range(5)], axis=1)
    t = np.stack([(w * x**k * log_y).sum(axis=1) for k in range(3)], axis=1)
    normal = np.stack([s[:, 0:3], s[:, 1:4], s[:, 2:5]], axis=1)
    solvable = good & (use.sum(axis=1) >= 3) & (np.abs(np.linalg.det(normal)) > 1e-300)
    out = np.full(n, np.nan)
    if solvable.any():
        coef = np.linalg.solve(normal[solvable], t[solvable][..., None])[..., 0]
        b, c = coef[:, 1], coef[:, 2]
        vertex = np.where(c < 0, -b / (2.0 * np.where(c < 0, c, -1.0)), 0.0)
        # a flat top or a fit that leaves the window: keep the maximum's channel
        vertex = np.where(np.abs(vertex) <= CENTROID_HALF_WIDTH_EV, vertex, 0.0)
        out[solvable] = energy[i[solvable]] + vertex
    out[good & ~solvable] = energy[i[good & ~solvable]]
    return out


def zero_loss_peak_centres(energy: np.ndarray, spectra: np.ndarray) -> np.ndarray:
    """Zero-loss peak position of each spectrum: vertex of a log-parabola fitted to its top.

    Parameters
    ----------
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    spectra : ndarray, shape (N, C)
        Low-loss spectra; NaN/inf channels are ignored.

    Returns
    -------
    ndarray of float64, shape (N,)
        Positions (eV); NaN for a spectrum without a positive finite maximum.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(-10.0, 40.0, 501)
    >>> y = np.exp(-0.5 * ((e[None] - np.array([[0.3], [-1.2]])) / 0.4) ** 2)
    >>> zero_loss_peak_centres(e, y).round(2).tolist()
    [0.3, -1.2]
    """
    energy = np.asarray(energy, dtype=np.float64)
    spectra = np.asarray(spectra)
    parts = [_centres(energy, spectra[start : start + _ROWS]) for start in range(0, spectra.shape[0], _ROWS)]
    return np.concatenate(parts) if parts else np.zeros(0)


def low_loss_measures_of(block: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """Zero-loss peak position and relative thickness of each low-loss spectrum (the per-block function for dask).

    Parameters
    ----------
    block : ndarray, shape (N, C)
        Low-loss spectra.
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).

    Returns
    -------
    ndarray of float64, shape (N, 2)
        :func:`zero_loss_peak_centres` and :func:`relative_thickness`.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(-10.0, 40.0, 501)
    >>> low_loss_measures_of(np.exp(-0.5 * ((e[None] - 2.0) / 0.4) ** 2), e).round(2).tolist()
    [[2.0, 0.0]]
    """
    centres = zero_loss_peak_centres(energy, block)
    return np.stack([centres, relative_thickness(energy, block, centres)], axis=1)


def relative_thickness(energy: np.ndarray, spectra: np.ndarray, centres: np.ndarray | None = None) -> np.ndarray:
    """Relative thickness t/λ of each low-loss spectrum by the log-ratio method.

    t/λ = ln(I_t / I_0), with I_t the counts of the whole window and I_0 those
    up to the end of the zero-loss peak: the first minimum of the spectrum
    (smoothed over :data:`ELASTIC_SMOOTHING_EV`) from half that width to
    :data:`ELASTIC_SEARCH_EV` above the peak's centre, or the lowest point
    there if it falls throughout (as HyperSpy's
    ``estimate_elastic_scattering_threshold``).  Where the counts past the
    peak sum below 0 (vacuum with read noise or a dark offset) t/λ is 0.  A
    window that stops before the plural scattering has faded (a few hundred
    eV) gives too small a value; beyond t/λ of about 3 the plasmons can
    outgrow the zero-loss peak, which is then not found.

    Parameters
    ----------
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    spectra : ndarray, shape (N, C)
        Low-loss spectra; NaN/inf channels count as 0.
    centres : ndarray, shape (N,), optional
        Zero-loss peak positions (default :func:`zero_loss_peak_centres`).

    Returns
    -------
    ndarray of float64, shape (N,)
        NaN where there is no zero-loss peak within 15 eV of 0 eV.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.arange(-10.0, 300.0, 0.1)
    >>> zlp = np.exp(-0.5 * (e / 0.4) ** 2)
    >>> plasmon = np.exp(-0.5 * ((e - 25.0) / 4.0) ** 2)
    >>> y = zlp / zlp.sum() + (np.e - 1.0) * plasmon / plasmon.sum()   # I_t / I_0 = e
    >>> round(float(relative_thickness(e, y[None])[0]), 3)
    1.0
    """
    energy = np.asarray(energy, dtype=np.float64)
    spectra = np.asarray(spectra)
    centres = zero_loss_peak_centres(energy, spectra) if centres is None else np.asarray(centres, dtype=np.float64)
    parts = [
        _thickness(energy, spectra[start : start + _ROWS], centres[start : start + _ROWS])
        for start in range(0, spectra.shape[0], _ROWS)
    ]
    return np.concatenate(parts) if parts else np.zeros(0)


def _thickness(energy: np.ndarray, spectra: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """:func:`relative_thickness` of at most ``_ROWS`` spectra."""
    from scipy.ndimage import uniform_filter1d

    y = np.nan_to_num(np.asarray(spectra, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    width = np.gradient(energy)
    step = float(np.median(width))
    k = max(1, int(round(ELASTIC_SMOOTHING_EV / step)))
    smooth = uniform_filter1d(y, k, axis=1, mode="nearest")
    peak = np.isfinite(centres) & (np.abs(centres) <= ZLP_HALF_WIDTH_EV)
    above = energy[None, :] - np.where(peak, centres, np.inf)[:, None]
    # from half the smoothing width on: nearer, a peak narrower than the average leaves a flat top, not a minimum
    search = (above > 0.5 * k * step) & (above <= ELASTIC_SEARCH_EV)
    # the first channel after which the smoothed spectrum stops falling; the lowest one if it falls throughout
    rising = np.zeros_like(search)
    rising[:, :-1] = smooth[:, 1:] >= smooth[:, :-1]
    first = search & rising
    end = np.where(first.any(axis=1), np.argmax(first, axis=1), np.argmin(np.where(search, smooth, np.inf), axis=1))
    cumulative = np.cumsum(y * width[None, :], axis=1)
    elastic = cumulative[np.arange(y.shape[0]), end]
    total = cumulative[:, -1]
    good = search.any(axis=1) & (elastic > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # over vacuum the counts past the peak can sum below 0 (read noise, dark offset): t/λ 0 there
        return np.where(good, np.log(np.maximum(total, elastic) / np.where(good, elastic, 1.0)), np.nan)
