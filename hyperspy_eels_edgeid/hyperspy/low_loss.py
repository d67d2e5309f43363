"""Low-loss awareness of ``identify_edges``: refuse a low-loss signal, use the DualEELS partner.

* :func:`check_core_loss` refuses a signal whose zero-loss peak is in range
  (the axis spans 0 eV and the spectrum's dominant peak lies near it),
  whatever its length: the low-loss half of a DualEELS pair runs past 80 eV
  and would otherwise get Be and C from its plasmon tail.  The error says
  how to fix it (pass the core-loss half, or crop: ``s.isig[50.:]``).
* :func:`energy_calibration` reads the zero-loss peak of the low-loss
  partner (``identify_edges(s, low_loss=ll)``), warns with an
  :class:`EnergyCalibrationWarning` when it is more than
  :data:`CALIBRATION_TOLERANCE_EV` from 0 eV, and on request
  (``calibrate_energy=True``) gives the core-loss energies shifted by the
  measured offset.  Only the energies used for identification are shifted:
  the user's signals are never modified.

The zero-loss peak position of each spectrum is the vertex of a parabola
fitted to the logarithm of the channels above :data:`FIT_FRACTION` of its
maximum within :data:`CENTROID_HALF_WIDTH_EV` of it (sub-channel, exact for
a Gaussian however coarsely sampled, insensitive to the plasmons); for a
line scan or spectrum image the median over pixels is used (one axis serves
every pixel).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.low_loss import zero_loss_peak_centres
>>> e = np.arange(-50.0, 450.0, 0.5)
>>> y = 1e6 * np.exp(-0.5 * ((e - 5.0) / 0.6) ** 2) + 1e4 * np.exp(-0.5 * ((e - 27.0) / 6.0) ** 2)
>>> round(float(zero_loss_peak_centres(e, y[None])[0]), 2)
5.0
"""

from __future__ import annotations

import warnings

import numpy as np

from . import _validation as checks
from ._validation import EdgeIdentificationError, LowLossSpectrumError

__all__ = [
    "CALIBRATION_TOLERANCE_EV",
    "CENTROID_HALF_WIDTH_EV",
    "FIT_FRACTION",
    "EnergyCalibrationWarning",
    "LowLossPartnerError",
    "check_core_loss",
    "energy_calibration",
    "zero_loss_peak_centres",
    "zero_loss_peak_in_range",
]

#: Largest |zero-loss peak position| (eV) accepted without an :class:`EnergyCalibrationWarning`.
CALIBRATION_TOLERANCE_EV = 1.0
#: Half width (eV) of the window around the maximum in which the zero-loss peak's position is fitted.
CENTROID_HALF_WIDTH_EV = 5.0
#: Channels at or above this fraction of the maximum (and the maximum's neighbours) enter the fit.
FIT_FRACTION = 0.3
#: Spectra per step of :func:`zero_loss_peak_centres` (bounds its memory).
_ROWS = 4096


class LowLossPartnerError(EdgeIdentificationError):
    """The ``low_loss`` signal given to ``identify_edges`` cannot serve as its DualEELS partner."""


class EnergyCalibrationWarning(UserWarning):
    """The zero-loss peak of the low-loss partner is not at 0 eV: the energy axis is miscalibrated."""


def zero_loss_peak_in_range(energy: np.ndarray, spectrum: np.ndarray) -> float | None:
    """Position (eV) of a dominant zero-loss peak in the window, or None.

    The spectrum's maximum must lie within ``ZLP_HALF_WIDTH_EV`` (15 eV) of
    0 eV and be a peak: within 15 eV on each side the intensity falls to
    half of it.  (A core-loss spectrum starting near 0 eV has its maximum at
    its first channel, on the rising background, and is not taken for one.)

    Parameters
    ----------
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    spectrum : ndarray, shape (C,)
        A typical spectrum on that axis (e.g. the mean of a few pixels).

    Returns
    -------
    float or None

    Examples
    --------
    >>> import numpy as np
    >>> e = np.arange(-50.0, 450.0, 0.5)
    >>> zero_loss_peak_in_range(e, np.exp(-0.5 * (e / 0.5) ** 2) + 1e-3)
    0.0
    >>> e = np.arange(5.0, 500.0, 0.5)
    >>> zero_loss_peak_in_range(e, (e / 5.0) ** -3.0) is None
    True
    """
    energy = np.asarray(energy, dtype=float)
    y = np.where(np.isfinite(spectrum), np.asarray(spectrum, dtype=float), -np.inf)
    if not np.isfinite(y).any():
        return None
    i = int(np.argmax(y))
    peak, top = float(energy[i]), y[i]
    half_width = checks.ZLP_HALF_WIDTH_EV
    if abs(peak) > half_width or top <= 0:
        return None
    left = y[(energy >= peak - half_width) & (energy < peak)]
    right = y[(energy > peak) & (energy <= peak + half_width)]
    left, right = left[np.isfinite(left)], right[np.isfinite(right)]
    if not (left.size and right.size and left.min() <= 0.5 * top and right.min() <= 0.5 * top):
        return None
    return peak


def check_core_loss(energy: np.ndarray, spectrum: np.ndarray, grid: np.ndarray) -> None:
    """Refuse a signal whose zero-loss peak is in range, whatever its length.

    Parameters
    ----------
    energy : ndarray
        Increasing energy axis (eV).
    spectrum : ndarray
        A typical spectrum on that axis (a mean of a few pixels).
    grid : ndarray
        The model grid (eV); its start is where the suggested crop begins.

    Raises
    ------
    LowLossSpectrumError
        Saying what to pass instead.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.arange(-50.0, 450.0, 0.5)
    >>> try:
    ...     check_core_loss(e, np.exp(-0.5 * (e / 0.5) ** 2) + 1e-3, np.array([50.0, 4000.0]))
    ... except LowLossSpectrumError as err:
    ...     "s.isig[50.0:]" in str(err)
    True
    """
    peak = zero_loss_peak_in_range(energy, spectrum)
    if peak is None:
        return
    start = float(grid[0])
    raise LowLossSpectrumError(
        f"this looks like a low-loss spectrum: its zero-loss peak is at {peak:.1f} eV (window "
        f"{energy[0]:.1f}-{energy[-1]:.1f} eV), and identify_edges reads core-loss spectra ({start:.0f}-"
        f"{float(grid[-1]):.0f} eV), where the zero-loss peak and plasmons would pass for edges. Pass the core-loss "
        "spectrum instead (for DualEELS data, the high-loss half; give this low-loss half as low_loss=... to check "
        f"the energy calibration), or crop the low-loss region away, e.g. s.isig[{start:.1f}:]."
    )


def _centres(energy: np.ndarray, spectra: np.ndarray) -> np.ndarray:
    """Vertex of a parabola fitted to the log-intensity of the peak's top (exact for a Gaussian, any sampling)."""
    y = np.where(np.isfinite(spectra), spectra, -np.inf).astype(np.float64)
    n = y.shape[0]
    i = np.argmax(y, axis=1)
    top = y[np.arange(n), i]
    good = np.isfinite(top) & (top > 0)
    channel = np.arange(y.shape[1])[None, :]
    x = energy[None, :] - energy[i][:, None]
    use = (np.abs(x) <= CENTROID_HALF_WIDTH_EV) & ((y >= FIT_FRACTION * top[:, None]) | (np.abs(channel - i[:, None]) <= 1))
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


def _partner_centres(low_loss, energy: np.ndarray, reverse: bool) -> np.ndarray:
    """Per-pixel zero-loss peak positions of the partner, block by block when it is lazy."""
    data = low_loss.data
    if reverse:
        data = data[..., ::-1]
    if hasattr(data, "map_blocks"):
        data = data.rechunk({data.ndim - 1: -1})
        flat = data.reshape(-1, data.shape[-1])
        return np.asarray(flat.map_blocks(zero_loss_peak_centres_of, energy, drop_axis=1, dtype=float).compute())
    return zero_loss_peak_centres(energy, np.asarray(data).reshape(-1, data.shape[-1]))


def zero_loss_peak_centres_of(block: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """:func:`zero_loss_peak_centres` with the block first (the per-block function for dask).

    Parameters
    ----------
    block : ndarray, shape (N, C)
        Low-loss spectra.
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).

    Returns
    -------
    ndarray of float64, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(-10.0, 40.0, 501)
    >>> zero_loss_peak_centres_of(np.exp(-0.5 * ((e[None] - 2.0) / 0.4) ** 2), e).round(2).tolist()
    [2.0]
    """
    return zero_loss_peak_centres(energy, block)


def energy_calibration(signal, low_loss, energy: np.ndarray, calibrate_energy: bool) -> tuple[np.ndarray, dict]:
    """Check (and on request correct) the core-loss energies by the partner's zero-loss peak.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The core-loss signal (not modified).
    low_loss : hyperspy signal or None
        Its DualEELS low-loss partner: one signal axis holding the zero-loss
        peak, and the same navigation shape as `signal` or none (one
        spectrum for all pixels).  None: nothing is checked.
    energy : ndarray
        The core-loss energies (eV, increasing) identification will use.
    calibrate_energy : bool
        Shift `energy` by minus the measured zero-loss peak position.

    Returns
    -------
    energy : ndarray
        `energy`, shifted when `calibrate_energy` (a new array; `energy` is untouched).
    metadata : dict
        ``{"energy_calibration": {...}}`` for ``metadata.EdgeID`` of the
        result (zero-loss peak position and its spread over pixels, the
        shift applied, the partner's title); empty without `low_loss`.

    Raises
    ------
    LowLossPartnerError
        If `low_loss` is not a signal with one energy axis, its navigation
        shape fits neither `signal`'s nor a single spectrum, or it has no
        zero-loss peak within 15 eV of 0 eV.
    ValueError
        For ``calibrate_energy=True`` without `low_loss`.

    Warns
    -----
    EnergyCalibrationWarning
        When the zero-loss peak is more than :data:`CALIBRATION_TOLERANCE_EV`
        from 0 eV and `calibrate_energy` is False.

    Examples
    --------
    >>> import numpy as np, exspy
    >>> e = np.arange(-50.0, 450.0, 0.5)
    >>> ll = exspy.signals.EELSSpectrum(np.exp(-0.5 * ((e - 0.2) / 0.5) ** 2) + 1e-3)
    >>> ax = ll.axes_manager[0]; ax.offset, ax.scale, ax.units = -50.0, 0.5, "eV"
    >>> energy, meta = energy_calibration(None, ll, np.arange(400.0, 800.0), calibrate_energy=True)
    >>> round(float(energy[0]), 2), round(meta["energy_calibration"]["zero_loss_peak"], 2)
    (399.8, 0.2)
    """
    if not isinstance(calibrate_energy, (bool, np.bool_)):
        raise ValueError(f"calibrate_energy: give True or False, got {calibrate_energy!r}.")
    if low_loss is None:
        if calibrate_energy:
            raise ValueError(
                "calibrate_energy=True needs the low-loss partner: identify_edges(s, low_loss=ll, calibrate_energy=True)."
            )
        return energy, {}
    axes = getattr(low_loss, "axes_manager", None)
    if axes is None or axes.signal_dimension != 1:
        raise LowLossPartnerError(
            f"low_loss: give the low-loss spectrum of the DualEELS pair as a HyperSpy signal with one energy axis, "
            f"got {type(low_loss).__name__}."
        )
    nav = tuple(axes.navigation_shape)
    own = () if signal is None else tuple(signal.axes_manager.navigation_shape)
    if nav not in ((), own):
        raise LowLossPartnerError(
            f"low_loss: its navigation shape {nav} is neither that of the core-loss signal {own} nor a single "
            "spectrum; pass the partner recorded with it (or one spectrum, e.g. ll.sum() or ll.inav[0, 0])."
        )
    try:
        ll_energy, reverse = checks.energy_axis_ev(low_loss)
    except EdgeIdentificationError as err:
        raise LowLossPartnerError(f"low_loss: {err}") from None
    centres = _partner_centres(low_loss, ll_energy, reverse)
    centres = centres[np.isfinite(centres)]
    zlp = float(np.median(centres)) if centres.size else float("nan")
    if not (np.isfinite(zlp) and abs(zlp) <= checks.ZLP_HALF_WIDTH_EV):
        raise LowLossPartnerError(
            f"low_loss: no zero-loss peak within {checks.ZLP_HALF_WIDTH_EV:.0f} eV of 0 eV in its window "
            f"{ll_energy[0]:.1f}-{ll_energy[-1]:.1f} eV (median maximum at {zlp:.1f} eV); is it the low-loss half "
            "of the pair, and are its axis' offset and units right?"
        )
    spread = float(np.percentile(centres, 95) - np.percentile(centres, 5))
    if not calibrate_energy and abs(zlp) > CALIBRATION_TOLERANCE_EV:
        warnings.warn(
            f"the zero-loss peak of low_loss is at {zlp:+.2f} eV, not 0 eV: if the core-loss spectrum was recorded "
            f"with it, its edges appear {zlp:+.2f} eV from their true energies. Pass calibrate_energy=True to "
            "identify on a corrected copy of the axis, or align both: ll.align_zero_loss_peak(also_align=[s]).",
            EnergyCalibrationWarning,
            stacklevel=3,
        )
    shift = -zlp if calibrate_energy else 0.0
    record = {
        "zero_loss_peak": zlp,
        "zero_loss_peak_spread": spread,
        "shift_applied": shift,
        "low_loss_title": str(low_loss.metadata.General.title),
    }
    return np.asarray(energy, dtype=float) + shift, {"energy_calibration": record}
