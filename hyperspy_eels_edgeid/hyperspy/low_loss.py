"""Low-loss awareness of ``identify_edges``: refuse a low-loss signal, use the DualEELS partner (axis, thickness).

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
* :func:`partner_measures` checks the partner and measures, in each pixel,
  its zero-loss peak and t/λ (log-ratio method); the t/λ chooses the model
  that reads each pixel (:mod:`.training_conditions`), and
  :func:`check_thickness` warns with a :class:`ThickSpecimenWarning` when
  more than :data:`THICK_PIXEL_FRACTION` of the pixels are thicker than the
  spectra the reading models were trained on (:func:`trained_thickness`).

The zero-loss peak position and t/λ of each spectrum come from
:mod:`.zero_loss`; for a line scan or spectrum image the median over pixels
is used (one axis serves every pixel).

Examples
--------
>>> import numpy as np, exspy
>>> from hyperspy_eels_edgeid.hyperspy.low_loss import energy_calibration
>>> e = np.arange(-50.0, 450.0, 0.5)
>>> ll = exspy.signals.EELSSpectrum(np.exp(-0.5 * ((e - 2.0) / 0.5) ** 2) + 1e-4)
>>> ax = ll.axes_manager[0]; ax.offset, ax.scale, ax.units = -50.0, 0.5, "eV"
>>> _, meta = energy_calibration(None, ll, np.arange(400.0, 800.0), calibrate_energy=True)
>>> round(meta["energy_calibration"]["zero_loss_peak"], 2)
2.0
"""

from __future__ import annotations

import warnings

import numpy as np

from . import _validation as checks
from ._validation import EdgeIdentificationError, LowLossSpectrumError
from .zero_loss import low_loss_measures_of
from .signal_metadata import title_of
from .training_conditions import trained_thickness  # kept importable from here, where it was first

__all__ = [
    "CALIBRATION_TOLERANCE_EV",
    "PLASMON_REACH_EV",
    "SPREAD_TOLERANCE_EV",
    "THICK_PIXEL_FRACTION",
    "EnergyCalibrationWarning",
    "LowLossPartnerError",
    "PartnerWindowWarning",
    "ThickSpecimenWarning",
    "check_core_loss",
    "check_thickness",
    "energy_calibration",
    "partner_measures",
    "trained_thickness",
    "zero_loss_peak_in_range",
]

#: Largest |zero-loss peak position| (eV) accepted without an :class:`EnergyCalibrationWarning`.
CALIBRATION_TOLERANCE_EV = 1.0
#: Least end (eV) of a low-loss partner's window whose t/λ is taken: one ending before it misses the plasmons.
PLASMON_REACH_EV = 50.0
#: Largest spread (eV, 5th to 95th percentile) of the zero-loss peak over a map's pixels accepted without one: one
#: correction, or one axis, then fits every pixel within about a network step's tenth.
SPREAD_TOLERANCE_EV = 2.0
#: Share of the partner's pixels thicker than the trained t/λ above which a :class:`ThickSpecimenWarning` is given.
THICK_PIXEL_FRACTION = 0.05


class LowLossPartnerError(EdgeIdentificationError):
    """The ``low_loss`` signal given to ``identify_edges`` cannot serve as its DualEELS partner."""


class EnergyCalibrationWarning(UserWarning):
    """The zero-loss peak of the low-loss partner is not at 0 eV: the energy axis is miscalibrated."""


class ThickSpecimenWarning(UserWarning):
    """The low-loss partner shows a specimen thicker (t/λ) than the recognizer was trained on."""


class PartnerWindowWarning(UserWarning):
    """The low-loss partner's window ends before its plasmons: its t/λ comes out too small."""


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
        f"this looks like a low-loss spectrum: its zero-loss peak is at {round(peak, 1) + 0.0:.1f} eV (window "
        f"{energy[0]:.1f}-{energy[-1]:.1f} eV), and identify_edges reads core-loss spectra ({start:.0f}-"
        f"{float(grid[-1]):.0f} eV), where the zero-loss peak and plasmons would pass for edges. Pass the core-loss "
        "spectrum instead (for DualEELS data, the high-loss half; give this low-loss half as low_loss=... to check "
        f"the energy calibration), or crop the low-loss region away, e.g. s.isig[{start:.1f}:]."
    )


def _measure_pixels(low_loss, energy: np.ndarray, reverse: bool) -> np.ndarray:
    """Per-pixel (zero-loss peak position, t/λ) of the partner, block by block when it is lazy; shape (N, 2)."""
    data = low_loss.data
    if reverse:
        data = data[..., ::-1]
    if hasattr(data, "map_blocks"):
        data = data.rechunk({data.ndim - 1: -1})
        flat = data.reshape(-1, data.shape[-1])
        measures = flat.map_blocks(low_loss_measures_of, energy, chunks=(flat.chunks[0], (2,)), dtype=float)
        return np.asarray(measures.compute())
    return low_loss_measures_of(np.asarray(data).reshape(-1, data.shape[-1]), energy)


def partner_measures(signal, low_loss) -> np.ndarray | None:
    """Check the low-loss partner and measure, per pixel, its zero-loss peak position and t/λ.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum or None
        The core-loss signal (not modified); None: any navigation shape.
    low_loss : hyperspy signal or None
        Its DualEELS low-loss partner: one signal axis holding the zero-loss
        peak, and the same navigation shape as `signal` or none (one
        spectrum for all pixels).

    Returns
    -------
    ndarray or None
        Shape (pixels, 2): the zero-loss peak position (eV) and t/λ
        (log-ratio) of each of the partner's spectra, NaN where one cannot
        be measured (:mod:`.zero_loss`); None without `low_loss`.

    Raises
    ------
    LowLossPartnerError
        If `low_loss` is not a signal with one energy axis or its navigation
        shape fits neither `signal`'s nor a single spectrum.

    Examples
    --------
    >>> import numpy as np, exspy
    >>> e = np.arange(-50.0, 450.0, 0.5)
    >>> ll = exspy.signals.EELSSpectrum(np.stack([np.exp(-0.5 * ((e - c) / 0.5) ** 2) + 1e-3 for c in (0.2, 0.4)]))
    >>> ax = ll.axes_manager[-1]; ax.offset, ax.scale, ax.units = -50.0, 0.5, "eV"
    >>> partner_measures(None, ll)[:, 0].round(1).tolist()      # two pixels' zero-loss peak positions (eV)
    [0.2, 0.4]
    """
    if low_loss is None:
        return None
    axes = getattr(low_loss, "axes_manager", None)
    if axes is None or axes.signal_dimension != 1:
        raise LowLossPartnerError(
            f"low_loss: give the low-loss spectrum of the DualEELS pair as a HyperSpy signal with one energy axis, "
            f"got {type(low_loss).__name__}."
        )
    nav = tuple(axes.navigation_shape)
    own = nav if signal is None else tuple(signal.axes_manager.navigation_shape)
    if nav not in ((), own):
        raise LowLossPartnerError(
            f"low_loss: its navigation shape {nav} is neither that of the core-loss signal {own} nor a single "
            "spectrum; pass the partner recorded with it (or one spectrum, e.g. ll.sum() or ll.inav[0, 0])."
        )
    try:
        ll_energy, reverse = checks.energy_axis_ev(low_loss)
    except EdgeIdentificationError as err:
        raise LowLossPartnerError(f"low_loss: {err}") from None
    if np.ma.is_masked(low_loss.data):  # masked values would be read as counts
        raise LowLossPartnerError("low_loss: a masked array; give masked channels the value NaN instead "
                                  "(ll.data = ll.data.filled(np.nan)).")
    measures = _measure_pixels(low_loss, ll_energy, reverse)
    centres = measures[:, 0][np.isfinite(measures[:, 0])]
    zlp = float(np.median(centres)) if centres.size else float("nan")
    if not (np.isfinite(zlp) and abs(zlp) <= checks.ZLP_HALF_WIDTH_EV):
        raise LowLossPartnerError(
            f"low_loss: no zero-loss peak within {checks.ZLP_HALF_WIDTH_EV:.0f} eV of 0 eV in its window "
            f"{ll_energy[0]:.1f}-{ll_energy[-1]:.1f} eV (median maximum at {zlp:.1f} eV); is it the low-loss half "
            "of the pair, and are its axis' offset and units right?"
        )
    if ll_energy[-1] < PLASMON_REACH_EV:
        warnings.warn(
            f"low_loss ends at {ll_energy[-1]:.1f} eV: its t/λ (log-ratio), which chooses the model of each pixel, "
            f"misses the plasmons and comes out too small. Give the low-loss spectrum up to {PLASMON_REACH_EV:.0f} eV "
            "or more (a few hundred eV for thick specimens).",
            PartnerWindowWarning,
            stacklevel=3,
        )
    return measures


def energy_calibration(
    signal,
    low_loss,
    energy: np.ndarray,
    calibrate_energy: bool,
    trained: float | None = None,
    measures: np.ndarray | None = None,
) -> tuple[np.ndarray, dict]:
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
    trained : float, optional
        The largest t/λ the recognizer was trained on (:func:`trained_thickness`);
        None: the thickness is measured but not checked.
    measures : ndarray, optional
        :func:`partner_measures` of `low_loss`, where already measured.

    Returns
    -------
    energy : ndarray
        `energy`, shifted when `calibrate_energy` (a new array; `energy` is untouched).
    metadata : dict
        ``{"energy_calibration": {...}}`` for ``metadata.EdgeID`` of the
        result (zero-loss peak position and its spread over pixels, the
        shift applied, the partner's title, its t/λ: the median and 95th
        percentile over pixels, and with `trained` the share of pixels
        thicker than that, :func:`check_thickness`); empty without `low_loss`.

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
    ThickSpecimenWarning
        See :func:`check_thickness`.

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
                "calibrate_energy=True needs the low-loss partner: "
                "identify_edges(s, low_loss=ll, calibrate_energy=True)."
            )
        return energy, {}
    if measures is None:
        measures = partner_measures(signal, low_loss)
    centres = measures[:, 0][np.isfinite(measures[:, 0])]
    thickness = measures[:, 1][np.isfinite(measures[:, 1])]
    zlp = float(np.median(centres))
    spread = float(np.percentile(centres, 95) - np.percentile(centres, 5))
    if not calibrate_energy and abs(zlp) > CALIBRATION_TOLERANCE_EV:
        warnings.warn(
            f"the zero-loss peak of low_loss is at {zlp:+.2f} eV, not 0 eV: if the core-loss spectrum was recorded "
            f"with it, its edges appear {zlp:+.2f} eV from their true energies. Pass calibrate_energy=True to "
            "identify on a corrected copy of the axis, or align both: ll.align_zero_loss_peak(also_align=[s]).",
            EnergyCalibrationWarning,
            stacklevel=3,
        )
    if spread > SPREAD_TOLERANCE_EV:
        warnings.warn(
            f"the zero-loss peak of low_loss moves by {spread:.1f} eV over its pixels (5th to 95th percentile): one "
            f"axis{' and one correction (the median, ' + format(-zlp, '+.2f') + ' eV)' if calibrate_energy else ''} "
            "cannot fit them all. Align the pixels first: ll.align_zero_loss_peak(also_align=[s]).",
            EnergyCalibrationWarning,
            stacklevel=3,
        )
    shift = -zlp + 0.0 if calibrate_energy else 0.0  # + 0.0: never -0.0
    record = {
        "zero_loss_peak": zlp,
        "zero_loss_peak_spread": spread,
        "shift_applied": shift,
        "low_loss_title": title_of(low_loss),
        "relative_thickness": float(np.median(thickness)) if thickness.size else float("nan"),
        "relative_thickness_p95": float(np.percentile(thickness, 95)) if thickness.size else float("nan"),
        "relative_thickness_pixels": int(thickness.size),
    }
    if trained is not None:
        record.update(check_thickness(thickness, trained))
    return np.asarray(energy, dtype=float) + shift, {"energy_calibration": record}


def check_thickness(thickness: np.ndarray, trained: float) -> dict:
    """Warn when more than :data:`THICK_PIXEL_FRACTION` of the pixels are thicker than the reading models' training.

    Plural scattering puts a replica of every edge and white line one plasmon
    energy (12-30 eV) above it, where other elements' edges lie; beyond the
    thicknesses of its training spectra the recognizer reports more elements
    that are not there (docs/recognizer.md, "Thick specimens").  Every pixel
    is recognized on its own, so the share of thick pixels decides, not the
    median (vacuum and thick pixels side by side).

    Parameters
    ----------
    thickness : ndarray
        The measured t/λ of the partner's pixels (finite values).
    trained : float
        The largest t/λ the models that read the pixels were trained on
        (:func:`.training_conditions.reading_thickness`).

    Returns
    -------
    dict
        ``relative_thickness_trained`` and ``thick_pixel_fraction``.

    Warns
    -----
    ThickSpecimenWarning

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     check_thickness(np.array([0.0, 0.1, 1.6]), trained=1.0)["thick_pixel_fraction"]
    0.3333333333333333
    >>> caught[0].category.__name__
    'ThickSpecimenWarning'
    """
    thickness = np.asarray(thickness, dtype=float)
    thick = thickness > trained
    fraction = float(thick.mean()) if thickness.size else 0.0
    if fraction > THICK_PIXEL_FRACTION:
        if thickness.size == 1:
            measured = f"t/λ = {thickness[0]:.2f}"
        else:
            median = float(np.median(thickness[thick]))
            measured = f"t/λ above {trained:g} in {100 * fraction:.0f} % of the pixels (median there {median:.2f})"
        warnings.warn(
            f"low_loss: the specimen is thick, {measured} (log-ratio), thicker than the t/λ {trained:g} of the "
            "spectra the reading models were trained on. Plural scattering repeats every edge one plasmon energy "
            "above it, where it can be read as another element: expect more false elements (docs/recognizer.md, "
            "'Thick specimens'). A thinner region, or elements= / exclude= from what the specimen can hold, helps.",
            ThickSpecimenWarning,
            stacklevel=4,
        )
    return {"relative_thickness_trained": float(trained), "thick_pixel_fraction": fraction}
