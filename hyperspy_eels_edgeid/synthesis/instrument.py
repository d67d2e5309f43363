"""Instrument and specimen effects of the forward model, as array functions.

Everything works on batches: the first axis is the spectrum (or edge) index.
"""

from __future__ import annotations

import numpy as np

from ._kernels import shot_noise, smooth_reflect

__all__ = [
    "broadening_transfer",
    "plural_scattering_transfer",
    "fixed_pattern_noise",
    "add_shot_noise",
    "standard_normal",
    "voigt_fwhm",
]

_FWHM_PER_SIGMA = 2.0 * np.sqrt(2.0 * np.log(2.0))


def broadening_transfer(
    frequency: np.ndarray, gaussian_fwhm: np.ndarray, lorentzian_hwhm: np.ndarray, channel_width: np.ndarray
) -> np.ndarray:
    """Fourier transform of the point-spread function and the channel box.

    PSF = Gaussian (FWHM ``gaussian_fwhm``) ⊗ Lorentzian (HWHM
    ``lorentzian_hwhm``), as in the paper, further convolved with a box of
    the channel width (a detector channel integrates over its width, which
    also keeps sharp features from aliasing when the dispersion is coarse).

    Parameters
    ----------
    frequency : ndarray, shape (n_rows, n_freq)
        Frequencies (1/eV).
    gaussian_fwhm, lorentzian_hwhm, channel_width : ndarray, shape (n_rows,)
        Widths (eV).

    Returns
    -------
    ndarray, shape (n_rows, n_freq)
        Real transfer function, 1 at zero frequency (area preserving).
    """
    dtype = frequency.dtype
    sigma = np.asarray(np.asarray(gaussian_fwhm) / _FWHM_PER_SIGMA, dtype=dtype)[:, None]
    gamma = np.asarray(lorentzian_hwhm, dtype=dtype)[:, None]
    width = np.asarray(channel_width, dtype=dtype)[:, None]
    f = np.abs(frequency)
    transfer = np.exp(-2.0 * np.pi**2 * sigma**2 * f**2 - 2.0 * np.pi * gamma * f)
    # box of the channel width: sinc(w f) = sin(pi w f) / (pi w f)
    x = np.pi * width * f
    with np.errstate(invalid="ignore", divide="ignore"):
        box = np.where(x > 0, np.sin(x) / x, 1.0)
    return transfer * box


def plural_scattering_transfer(
    size: int, step: np.ndarray, thickness: np.ndarray, plasmon_energy: np.ndarray, plasmon_fwhm: np.ndarray
) -> np.ndarray:
    """Fourier transform of the low-loss distribution (zero loss + plasmons).

    With Poisson statistics of plasmon scattering the low-loss distribution
    is ``exp(-t/λ) Σ (t/λ)^n / n! P^{⊗n}``, whose transform is
    ``exp(t/λ (P̂ - 1))`` where ``P̂`` is the transform of one normalised
    plasmon peak (Egerton, *EELS in the TEM*, §3.7).  The peak is the Drude
    loss function ``E Γ Ep² / ((E² - Ep²)² + (E Γ)²)``, which vanishes at
    zero loss: no intensity is moved below an edge's onset (a Lorentzian
    peak would leak some there).

    Parameters
    ----------
    size : int
        FFT length (samples).
    step : ndarray, shape (n_rows,)
        Sample spacing (eV) of each row.
    thickness, plasmon_energy, plasmon_fwhm : ndarray, shape (n_rows,)
        t/λ, plasmon energy Ep and width Γ (eV).

    Returns
    -------
    ndarray of complex64, shape (n_rows, size // 2 + 1)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.synthesis.instrument import plural_scattering_transfer
    >>> t = plural_scattering_transfer(1024, np.array([0.1]), np.array([0.5]), np.array([20.0]), np.array([4.0]))
    >>> float(round(abs(t[0, 0]), 6))  # area preserving
    1.0
    """
    from scipy import fft

    f32 = np.float32
    energy = np.arange(size, dtype=f32)[None, :] * np.asarray(step, dtype=f32)[:, None]
    e_p = np.asarray(plasmon_energy, dtype=f32)[:, None]
    gamma = np.asarray(plasmon_fwhm, dtype=f32)[:, None]
    drude = energy * (gamma * e_p**2) / ((energy**2 - e_p**2) ** 2 + (energy * gamma) ** 2)
    drude /= drude.sum(axis=1, keepdims=True)
    exponent = fft.rfft(drude, axis=1)  # complex64, 1 at zero frequency
    exponent -= f32(1.0)
    exponent *= np.asarray(thickness, dtype=f32)[:, None]
    # exp(a + ib) = exp(a) (cos b + i sin b), in float32 passes: numpy's complex exp is ~5x slower
    magnitude = np.exp(exponent.real)
    transfer = np.empty_like(exponent)
    np.multiply(magnitude, np.cos(exponent.imag), out=transfer.real)
    np.multiply(magnitude, np.sin(exponent.imag), out=transfer.imag)
    return transfer


def voigt_fwhm(gaussian_fwhm: float, lorentzian_hwhm: float) -> float:
    """FWHM of a Voigt profile (Olivero & Longbothum 1977, 0.02 % accuracy).

    Parameters
    ----------
    gaussian_fwhm : float
        FWHM of the Gaussian part.
    lorentzian_hwhm : float
        Half width at half maximum of the Lorentzian part.

    Returns
    -------
    float
    """
    fl = 2.0 * lorentzian_hwhm
    return 0.5346 * fl + np.sqrt(0.2166 * fl**2 + gaussian_fwhm**2)


def fixed_pattern_noise(
    rng: np.random.Generator,
    shape: tuple[int, int],
    sigma: float,
    frame: np.ndarray,
    coefficient: np.ndarray,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Gaussian noise smoothed by an order-1 Savitzky-Golay filter, times C.

    An order-1 Savitzky-Golay filter evaluated at the centre of its frame is
    the centred moving average of that frame, computed here as in
    ``scipy.ndimage.uniform_filter1d`` (the noise is reflected at the ends).

    Parameters
    ----------
    rng : numpy.random.Generator
    shape : (n_spectra, n_channels)
    sigma : float
        Standard deviation of the white noise before smoothing.
    frame : ndarray of int, shape (n_spectra,)
        Frame length per spectrum.
    coefficient : ndarray, shape (n_spectra,)
        Multiplier C per spectrum.
    out : ndarray of float32, shape `shape`, optional
        Add the noise to this array (in place) instead of returning a new one.

    Returns
    -------
    ndarray of float32, shape `shape`
        Noise whose standard deviation is ``sigma * C / sqrt(frame)`` (`out`
        with it added, if given).
    """
    frame = np.broadcast_to(np.asarray(frame), shape[:1]).astype(np.int64)
    scale = np.broadcast_to(sigma * np.asarray(coefficient, dtype=float), shape[:1]).copy()
    # Uniform white noise of the same variance, 3x cheaper to draw: averaged
    # over a frame of >= 9 channels it is Gaussian for every practical purpose.
    # Shorter frames (white noise in the sensitivity protocol) get Gaussian noise.
    # sqrt(12) (u - 1/2) has unit variance: the smoothing applies the factor and the offset.
    white = rng.random(shape, dtype=np.float32)
    offset = 0.5 * np.sqrt(12.0) * scale
    short = np.flatnonzero(frame < 9)
    if short.size:
        white[short] = standard_normal(rng, (short.size, shape[1]))
        offset[short] = 0.0
    scale[frame >= 9] *= np.sqrt(12.0)
    out = np.zeros(shape, dtype=np.float32) if out is None else out
    smooth_reflect(out, white, frame, scale, offset)
    return out


def standard_normal(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal float32 deviates by the Box-Muller transform.

    Twice as fast as ``rng.standard_normal(shape, dtype=np.float32)`` here,
    because uniform deviates are cheap; from float32 uniforms the largest
    deviate is 5.8 (a tail probability of 1e-8 is cut off, nothing a noise
    model notices).

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream.
    shape : tuple of int
        Shape of the result.

    Returns
    -------
    ndarray of float32

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.synthesis.instrument import standard_normal
    >>> z = standard_normal(np.random.default_rng(0), (1000, 100))
    >>> z.dtype, abs(float(z.mean())) < 0.01, abs(float(z.std()) - 1) < 0.01
    (dtype('float32'), True, True)
    """
    n = int(np.prod(shape))
    half = (n + 1) // 2
    u = rng.random((2, half), dtype=np.float32)
    radius = np.log1p(-u[0])  # 1 - u lies in (0, 1]
    radius *= np.float32(-2.0)
    np.sqrt(radius, out=radius)
    angle = u[1]
    angle *= np.float32(2.0 * np.pi)
    out = np.empty(2 * half, dtype=np.float32)
    np.cos(angle, out=out[:half])
    np.sin(angle, out=out[half:])
    out[:half] *= radius
    out[half:] *= radius
    return out[:n].reshape(shape)


def add_shot_noise(rng: np.random.Generator, expected_counts: np.ndarray, exact_below: float = 25.0) -> np.ndarray:
    """Poisson counts with the given expectation.

    Channels expecting at least `exact_below` counts use the normal
    approximation (mean λ, variance λ), whose error there is negligible next
    to the other noise sources and which is ten times faster; channels below
    it are drawn exactly from the Poisson distribution.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream.
    expected_counts : ndarray
        Expected counts per channel.
    exact_below : float
        Expectation below which counts are drawn exactly.

    Returns
    -------
    ndarray
    """
    expected_counts = np.asarray(expected_counts, dtype=np.float32)
    rows = np.ascontiguousarray(expected_counts.reshape(-1, expected_counts.shape[-1] if expected_counts.ndim else 1))
    out, low = shot_noise(rows, standard_normal(rng, rows.shape), exact_below)
    if low.any():
        out[low] = rng.poisson(np.maximum(rows[low], np.float32(0.0)))
    return out.reshape(expected_counts.shape)
