"""Spectra that hold nothing but noise: the pixels of a map that show no core-loss signal.

Vacuum pixels of a spectrum image recorded in counting mode hold a few counts per channel, flat in energy. Read
by the network, such noise is now and then taken for an edge, and with a hundred vacuum pixels the pixel rule's
two pixels are soon reached (a La, Ce or Ti in the vacuum around a particle). A core-loss spectrum is never flat: its
background falls with energy and its edges rise. :func:`noise_only` asks whether a spectrum's large-scale shape
stands out of its channel-to-channel noise: the variance of the means of ``N_BINS`` equal runs of channels, times
the run length, against the noise variance (half the variance of neighbouring channels' differences). For white
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

__all__ = ["NOISE_ONLY_RATIO", "N_BINS", "channel_noise", "noise_only"]

#: A spectrum whose shape-to-noise ratio lies below this shows nothing but noise.
NOISE_ONLY_RATIO = 5.0
#: Runs of channels whose means give the spectrum's large-scale shape.
N_BINS = 16


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
    noise = channel_noise(x)
    means = x[:, : run * N_BINS].reshape(n, N_BINS, run).mean(axis=2)
    shape = np.var(means, axis=1, ddof=1) * run
    return (noise > 0) & (shape < NOISE_ONLY_RATIO * noise)
