"""Spectra that hold nothing but noise: the pixels of a map that show no core-loss signal.

Vacuum pixels of a spectrum image recorded in counting mode hold a few counts per channel, flat in energy. Read
by the network, such noise is now and then taken for an edge, and with a hundred vacuum pixels the pixel rule's
two pixels are soon reached (a La, Ce or Ti in the vacuum around a particle). A core-loss spectrum is never flat: its
background falls with energy and its edges rise. :func:`noise_only` asks whether a spectrum's large-scale shape
stands out of its channel-to-channel noise: the variance of the means of ``N_BINS`` equal runs of channels, times
the run length, against the noise variance: half the variance of neighbouring channels' differences, or, where those
differences are positively correlated (noise correlated over neighbouring channels, as a scintillator/CCD detector's
point-spread function makes it; uncorrelated noise gives about -0.5) and it is larger, the same of neighbouring means
of runs a quarter as long, times their length (:func:`run_noise`; `experiments/correlated_vacuum/`). For white
noise of any level the ratio is about 1 (at most 2.9 in 10,000 flat Poisson spectra of 0.2-100 counts per channel);
the 24 real dev spectra give 508 and more, 3,000 default synthetic spectra 275 and more, 3,000 `realistic()` ones 44
and more (`experiments/flat_noise/`). Below ``NOISE_ONLY_RATIO`` a map's pixel is not analysed (NaN, as a constant
one); the test is made on the spectrum that is read, with neighbour sums the pixel's neighbourhood, so a faint pixel
inside a specimen is judged with its neighbours (alone, a pixel of about one count per channel on a nearly flat
background may be judged noise). Not made on a map that looks background-subtracted (no background to show).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.flat_noise import noise_only
>>> rng = np.random.default_rng(0)
>>> energy = np.linspace(400.0, 900.0, 1024)
>>> vacuum = rng.poisson(2.0, (1, 1024))
>>> specimen = rng.poisson(2.0e3 * (energy / 400.0) ** -3, (1, 1024))
>>> noise_only(np.vstack([vacuum, specimen])).tolist()
[True, False]
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CORRELATED_DIFFERENCES",
    "NOISE_ONLY_RATIO",
    "N_BINS",
    "channel_noise",
    "difference_correlation",
    "noise_only",
    "run_noise",
]

#: A spectrum whose shape-to-noise ratio lies below this shows nothing but noise.
NOISE_ONLY_RATIO = 5.0
#: Runs of channels whose means give the spectrum's large-scale shape.
N_BINS = 16
#: Above this correlation of neighbouring channels' differences (:func:`difference_correlation`; about -0.5 for
#: uncorrelated noise) the noise is taken as correlated over channels and also measured by :func:`run_noise`.
CORRELATED_DIFFERENCES = 0.0


def channel_noise(spectra) -> np.ndarray:
    """The noise variance of spectra: half the variance of neighbouring channels' differences (along the last axis).

    For uncorrelated noise it is the noise's variance whatever the spectrum's slow shape (Poisson counts: their mean).

    Parameters
    ----------
    spectra : ndarray, shape (..., C)

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.flat_noise import channel_noise
    >>> counts = np.random.default_rng(0).poisson(50.0, 20000) + np.linspace(0.0, 500.0, 20000)   # a slow slope
    >>> round(float(channel_noise(counts)) / 10) * 10
    50
    """
    return np.var(np.diff(spectra, axis=-1), axis=-1) / 2.0


def difference_correlation(spectra) -> np.ndarray:
    """The correlation of neighbouring channels' differences with the next ones (along the last axis).

    About -0.5 for uncorrelated noise of any level, whatever the spectrum's slow shape; positive for noise correlated
    over neighbouring channels (+0.4 and +0.7 for white noise smoothed by a Gaussian of sigma 1 and 1.5 channels).

    Parameters
    ----------
    spectra : ndarray, shape (..., C)

    Returns
    -------
    ndarray, shape (...)
        NaN where the differences do not vary.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.ndimage import gaussian_filter1d
    >>> from hyperspy_eels_edgeid.hyperspy.flat_noise import difference_correlation
    >>> white = np.random.default_rng(0).poisson(5.0, 100_000).astype(float)
    >>> smooth = gaussian_filter1d(white, 1.5)
    >>> round(float(difference_correlation(white)), 1), round(float(difference_correlation(smooth)), 1)
    (-0.5, 0.7)
    """
    lag, power = _lag_one_and_power(np.diff(np.asarray(spectra, dtype=float), axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return lag / power


def _lag_one_and_power(differences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean product of neighbouring centred differences, and their variance (along the last axis)."""
    d = differences - differences.mean(axis=-1, keepdims=True)
    return (d[..., 1:] * d[..., :-1]).mean(axis=-1), (d * d).mean(axis=-1)


def run_noise(spectra, run: int) -> np.ndarray:
    """The noise variance seen at the scale of `run` channels: half the variance of the differences between
    neighbouring means of `run` channels, times `run` (along the last axis; trailing channels left out).

    For uncorrelated noise it is the noise's variance, as :func:`channel_noise`; for noise correlated over fewer
    channels than `run`, the whole variance that the means of longer runs show, which neighbouring channels'
    differences miss.

    Parameters
    ----------
    spectra : ndarray, shape (..., C)
    run : int
        Channels per run (at least 1; 1 gives :func:`channel_noise`).

    Returns
    -------
    ndarray, shape (...)
    """
    x = np.asarray(spectra)
    n = x.shape[-1] // run
    means = x[..., : n * run].reshape(*x.shape[:-1], n, run).mean(axis=-1)
    return channel_noise(means) * run


def noise_only(spectra: np.ndarray) -> np.ndarray:
    """Which spectra are flat within their noise (module docstring).

    Parameters
    ----------
    spectra : ndarray, shape (N, C)
        Spectra on a common axis; NaN/inf channels are read as the spectrum's mean (they add no shape).

    Returns
    -------
    ndarray of bool, shape (N,)
        True where the shape-to-noise ratio lies below :data:`NOISE_ONLY_RATIO`; False for spectra with fewer than
        ``2 * N_BINS`` channels or without any channel-to-channel variation (those are judged elsewhere).
    """
    x = np.asarray(spectra, dtype=np.float32)
    n, c = x.shape
    run = c // N_BINS
    if run < 2:
        return np.zeros(n, dtype=bool)
    finite = np.isfinite(x)
    if not finite.all():
        counted = np.maximum(finite.sum(axis=1, keepdims=True), 1)
        fill = np.where(finite, x, 0).sum(axis=1, keepdims=True) / counted  # an all-NaN row: 0, no variation
        x = np.where(finite, x, fill)
    # channel_noise and difference_correlation from one set of differences, without a float64 copy (a map's every
    # pixel passes here): the differences' variance is twice channel_noise
    lag, power = _lag_one_and_power(np.diff(x, axis=1))
    noise = power / 2.0
    correlated = (power > 0) & (lag > CORRELATED_DIFFERENCES * power)
    if correlated.any():
        noise[correlated] = np.maximum(noise[correlated], run_noise(x[correlated], max(1, run // 4)))
    means = x[:, : run * N_BINS].reshape(n, N_BINS, run).mean(axis=2)
    shape = np.var(means, axis=1, ddof=1) * run
    return (noise > 0) & (shape < NOISE_ONLY_RATIO * noise)
