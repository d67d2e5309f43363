"""Checks of the input of :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`.

Every check raises an exception that says what is wrong and what to do, so
that bad input never ends in a traceback from deep inside torch or dask.
The rules are documented in the user guide (``docs/user_guide.md``).
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = [
    "MIN_CHANNELS",
    "MIN_OVERLAP_EV",
    "EdgeIdentificationError",
    "EnergyAxisError",
    "InvalidSpectrumError",
    "LowLossSpectrumError",
    "NoOverlapError",
    "NonFiniteDataError",
    "NotEELSError",
    "NothingObservableWarning",
    "check_overlap",
    "check_flag",
    "check_pixel_fraction",
    "check_signal",
    "check_threshold",
    "energy_axis_ev",
    "is_real_number",
    "unit_factor",
    "pixel_problems",
    "probe_spectrum",
    "raise_for",
    "warn_if_nothing_observable",
]

#: Fewest channels a spectrum must have.
MIN_CHANNELS = 16
#: Least overlap (eV) of the measured window with the model's grid.
MIN_OVERLAP_EV = 30.0
#: A zero-loss peak is "in range" when the spectrum's maximum lies within this distance (eV) of 0 eV.
ZLP_HALF_WIDTH_EV = 15.0

#: Codes returned by :func:`pixel_problems`.
OK, NONFINITE, NO_DATA, CONSTANT, NEGATIVE = 0, 1, 2, 3, 4
PROBLEM_NAMES = {
    NONFINITE: "NaN or infinite values",
    NO_DATA: f"fewer than {MIN_CHANNELS} finite channels",
    CONSTANT: "constant (for instance all-zero) intensity",
    NEGATIVE: "mostly negative intensity (at least half of the channels below 0)",
}

_UNIT_FACTORS = {"eV": 1.0, "ev": 1.0, "EV": 1.0, "keV": 1e3, "kev": 1e3, "KeV": 1e3, "meV": 1e-3}


class EdgeIdentificationError(ValueError):
    """Base class of the input errors of ``identify_edges``."""


class NotEELSError(TypeError):
    """The input is not an EELS spectrum (``exspy.signals.EELSSpectrum``)."""


class EnergyAxisError(EdgeIdentificationError):
    """The signal axis cannot be read as an energy-loss axis."""


class NoOverlapError(EdgeIdentificationError):
    """The measured window does not overlap the model's energy grid enough."""


class LowLossSpectrumError(EdgeIdentificationError):
    """The spectrum is a low-loss spectrum (zero-loss peak, no core-loss region)."""


class NonFiniteDataError(EdgeIdentificationError):
    """The data holds NaN or infinite values (pass ``nonfinite="mask"`` to ignore them)."""


class InvalidSpectrumError(EdgeIdentificationError):
    """A spectrum is constant, all zero, mostly negative or has too few finite channels."""


class NothingObservableWarning(UserWarning):
    """No supported element has a principal edge the model can see in the measured window."""


def is_real_number(value) -> bool:
    """Whether `value` is one real number (Python or numpy scalar, or 0-d array; not bool or str).

    Parameters
    ----------
    value : object
        Any value.

    Examples
    --------
    >>> import numpy as np
    >>> [is_real_number(v) for v in (0.5, np.float32(0.5), np.array(0.5), 1, True, "0.5", None, [0.5])]
    [True, True, True, True, False, False, False, False]
    """
    if isinstance(value, (str, bytes)) or value is None:
        return False
    try:
        array = np.asarray(value)
    except Exception:
        return False
    return array.ndim == 0 and (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating))


def check_threshold(threshold) -> None:
    """A decision threshold: a number in (0, 1], or None (the model's own thresholds).

    Parameters
    ----------
    threshold : float or None
        The value to check.

    Raises
    ------
    ValueError
        If it is neither None nor a number in (0, 1].
    """
    if threshold is not None and not (is_real_number(threshold) and 0.0 < float(threshold) <= 1.0):
        raise ValueError(
            f"threshold must be a number in (0, 1] or None (the model's own thresholds), got {threshold!r}."
        )


def check_pixel_fraction(pixel_fraction) -> None:
    """The fraction of valid pixels that must show an element: a number in [0, 1].

    Parameters
    ----------
    pixel_fraction : float
        The value to check.

    Raises
    ------
    ValueError
        If it is not a number in [0, 1].
    """
    if not (is_real_number(pixel_fraction) and 0.0 <= float(pixel_fraction) <= 1.0):
        raise ValueError(f"pixel_fraction must be a number in [0, 1], got {pixel_fraction!r}.")


def check_flag(value, name: str) -> None:
    """An on/off option: True or False (numpy booleans too).

    Parameters
    ----------
    value : bool
        The value to check.
    name : str
        The option's name, for the message.

    Raises
    ------
    ValueError
        If it is not a boolean.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}.")


def check_signal(signal) -> None:
    """Check that `signal` is an EELS spectrum with one signal dimension and real data.

    Parameters
    ----------
    signal : object
        What ``identify_edges`` was given.

    Raises
    ------
    NotEELSError
    """
    from exspy.signals import EELSSpectrum

    if not isinstance(signal, EELSSpectrum):
        kind = type(signal).__name__
        hint = (
            " Set its signal type first: s.set_signal_type('EELS')."
            if hasattr(signal, "set_signal_type") and getattr(signal.axes_manager, "signal_dimension", 0) == 1
            else " Load the data as an EELS spectrum (hs.load(..., signal_type='EELS')) or build an"
            " exspy.signals.EELSSpectrum."
        )
        raise NotEELSError(f"identify_edges needs an exspy EELSSpectrum (signal_type 'EELS'), got a {kind}.{hint}")
    if signal.axes_manager.signal_dimension == 0:
        raise EnergyAxisError(
            f"the signal has no energy axis (a single channel or none); identify_edges needs at least "
            f"{MIN_CHANNELS}. Pass the whole core-loss spectrum, not a single channel of it."
        )
    if signal.axes_manager.signal_dimension != 1:
        raise NotEELSError(
            f"identify_edges needs one signal (energy-loss) axis, this signal has "
            f"{signal.axes_manager.signal_dimension}. Use s.transpose(signal_axes=[...]) to make the energy axis "
            "the only signal axis."
        )
    dtype = np.dtype(signal.data.dtype)
    if dtype.kind not in "biuf":
        raise EdgeIdentificationError(
            f"identify_edges needs real numbers (integer or float), the data are of dtype {dtype}. "
            "For complex data use s.real or s.amplitude; for object arrays convert with s.change_dtype('float32')."
        )
    if np.ma.is_masked(signal.data):  # the values under a mask would be read as counts
        raise EdgeIdentificationError(
            "the data are a masked array: identify_edges reads values, not masks. Give masked channels the value NaN "
            "and say what they are: s.data = s.data.filled(np.nan), then identify_edges(nonfinite='mask')."
        )


def unit_factor(axis) -> float | None:
    """eV per unit of an energy axis in eV, keV or meV; None for other or missing units.

    Parameters
    ----------
    axis : DataAxis
        An axis with a ``units`` attribute.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> [unit_factor(SimpleNamespace(units=u)) for u in ("eV", " keV", "meV", "nm", None)]
    [1.0, 1000.0, 0.001, None, None]
    """
    units = axis.units.strip() if isinstance(axis.units, str) else None
    return _UNIT_FACTORS.get(units)


def energy_axis_ev(signal) -> tuple[np.ndarray, bool]:
    """The signal axis in eV, increasing, and whether the data must be reversed.

    Uniform and non-uniform axes are accepted, in eV, keV or meV (``units``
    ``"eV"``/``"keV"``/``"meV"``); an axis without units is taken to be in eV unless it
    is the uncalibrated default (offset 0, scale 1).

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The signal whose energy axis is read.

    Returns
    -------
    energy : ndarray of float64, shape (C,)
        Strictly increasing energies (eV).
    reverse : bool
        True if the axis decreases, so that the data must be read backwards.

    Raises
    ------
    EnergyAxisError
    """
    axis = signal.axes_manager.signal_axes[0]
    if axis.index_in_array != np.ndim(signal.data) - 1:  # after rollaxis or swap_axes: spectra are read along the last
        raise EnergyAxisError(
            "the energy axis is not the last axis of the data (after rollaxis or swap_axes?); identify_edges reads "
            "spectra along it. s.transpose(signal_axes=[s.axes_manager.signal_axes[0]]) puts it last."
        )
    size = int(axis.size)
    if size < MIN_CHANNELS:
        raise EnergyAxisError(
            f"the energy axis has {size} channel{'s' if size != 1 else ''}; identify_edges needs at least "
            f"{MIN_CHANNELS} (a core-loss spectrum spanning tens to hundreds of eV). Pass the whole spectrum, "
            "not a slice of it."
        )
    units = axis.units.strip() if isinstance(axis.units, str) else None
    values = np.asarray(axis.axis, dtype=np.float64)
    factor = unit_factor(axis)
    if factor is None and units in (None, "", "<undefined>"):
        if getattr(axis, "is_uniform", False) and axis.offset == 0 and axis.scale == 1:
            raise EnergyAxisError(
                "the energy axis is not calibrated (no units, offset 0, scale 1). Calibrate it, e.g. "
                "ax = s.axes_manager.signal_axes[0]; ax.offset, ax.scale, ax.units = 100.0, 0.5, 'eV'."
            )
        factor = 1.0
    elif factor is None:
        raise EnergyAxisError(
            f"the signal axis has units {units!r}; identify_edges needs an energy-loss axis in eV, keV or meV. "
            "Set s.axes_manager.signal_axes[0].units (and convert its values) if this is an energy axis."
        )
    energy = values * factor
    if not np.all(np.isfinite(energy)):
        raise EnergyAxisError("the energy axis holds NaN or infinite values; recalibrate it.")
    steps = np.diff(energy)
    if np.all(steps > 0):
        return energy, False
    if np.all(steps < 0):
        return energy[::-1].copy(), True
    raise EnergyAxisError(
        "the energy axis is not strictly monotonic (some channels repeat or go backwards); sort the channels "
        "by energy and remove duplicates."
    )


def check_overlap(energy: np.ndarray, grid: np.ndarray) -> None:
    """Check that the window overlaps the model's grid by at least ``MIN_OVERLAP_EV``.

    Parameters
    ----------
    energy : ndarray
        Increasing energy axis (eV).
    grid : ndarray
        The model grid (eV).

    Raises
    ------
    NoOverlapError
    """
    lo, hi = max(energy[0], grid[0]), min(energy[-1], grid[-1])
    if hi - lo >= MIN_OVERLAP_EV:
        return
    where = (
        f"ends at {energy[-1]:.1f} eV, below"
        if energy[-1] < grid[0] + MIN_OVERLAP_EV
        else f"starts at {energy[0]:.1f} eV, above"
        if energy[0] > grid[-1] - MIN_OVERLAP_EV
        else "is too narrow for"
    )
    raise NoOverlapError(
        f"the measured window ({energy[0]:.1f}-{energy[-1]:.1f} eV) {where} the model's energy range "
        f"({grid[0]:.0f}-{grid[-1]:.0f} eV); at least {MIN_OVERLAP_EV:.0f} eV must overlap. Check the energy "
        "calibration (offset, scale, units) or record a core-loss spectrum inside that range."
    )


def pixel_problems(spectra: np.ndarray, nonfinite: str = "raise") -> np.ndarray:
    """Classify each spectrum of a (N, C) float array.

    A spectrum is refused when it has NaN/inf values and ``nonfinite`` is
    ``"raise"`` (``NONFINITE``), fewer than ``MIN_CHANNELS`` finite channels
    (``NO_DATA``), a constant intensity such as all zeros (``CONSTANT``), or
    when at least half of its finite channels are negative (``NEGATIVE``).
    A few negative channels, as in the tails of dark-subtracted spectra, are
    accepted and passed on unchanged.

    Parameters
    ----------
    spectra : ndarray, shape (N, C)
    nonfinite : {"raise", "mask"}
        With ``"mask"``, NaN/inf channels are not a problem by themselves.

    Returns
    -------
    ndarray of int8, shape (N,)
        ``OK`` (0) or the problem found, checked in the order above.
    """
    x = np.asarray(spectra)
    finite = np.isfinite(x)
    n_finite = finite.sum(axis=1)
    codes = np.zeros(x.shape[0], dtype=np.int8)
    with np.errstate(invalid="ignore"):
        hi = np.where(finite, x, -np.inf).max(axis=1, initial=-np.inf)
        lo = np.where(finite, x, np.inf).min(axis=1, initial=np.inf)
        negative = (finite & (x < 0)).sum(axis=1)
    codes[negative * 2 >= np.maximum(n_finite, 1)] = NEGATIVE
    codes[hi <= lo] = CONSTANT
    codes[n_finite < MIN_CHANNELS] = NO_DATA
    if nonfinite == "raise":
        codes[n_finite < x.shape[1]] = NONFINITE
    return codes


def problem_message(code: int, count: int, total: int, *, where: str = "") -> str:
    """Human-readable description of refused spectra, with what to do.

    Parameters
    ----------
    code : int
        The problem (``NONFINITE``, ``CONSTANT`` ... of :func:`pixel_problems`).
    count : int
        Number of spectra with the problem.
    total : int
        Number of spectra.
    where : str
        Where they are, appended to the message (e.g. ``" in a block"``).

    Returns
    -------
    str
    """
    what = PROBLEM_NAMES[code]
    subject = "the spectrum has" if total == 1 else f"{count} of {total} spectra{where} have"
    if code == NONFINITE:
        advice = (
            "Remove them, or pass nonfinite='mask' to treat NaN/inf channels as not measured "
            "(spectra with no finite channel then get NaN probabilities)."
        )
    elif code == NEGATIVE:
        advice = (
            "identify_edges needs raw core-loss counts (with their background, not background-subtracted, "
            "not inverted); check the dark reference and the gain."
        )
    elif code == CONSTANT:
        advice = "There is nothing to identify in a flat spectrum; check the acquisition or crop out empty pixels."
    else:
        advice = "Too few channels are finite; check the data or crop the empty region."
    return f"{subject} {what}. {advice}"


def probe_spectrum(data, nav_dim: int) -> np.ndarray:
    """Mean of up to 64 spectra from the first row of pixels (for the low-loss and background checks).

    Parameters
    ----------
    data : ndarray or dask array
        The signal's data, navigation axes first.
    nav_dim : int
        Its navigation dimension.

    Returns
    -------
    ndarray of float64, shape (C,)
    """
    index = (0,) * max(nav_dim - 1, 0)
    sample = data[index] if nav_dim else data
    if nav_dim:
        sample = sample[:64]
    if hasattr(sample, "compute"):
        sample = sample.compute()
    sample = np.asarray(sample, dtype=np.float64)
    if sample.ndim == 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            sample = np.nanmean(np.where(np.isfinite(sample), sample, np.nan), axis=0)
    return sample


def raise_for(code: int, count: int, total: int) -> None:
    """Raise the error of a refused spectrum's problem (:func:`pixel_problems`), with :func:`problem_message`.

    Parameters
    ----------
    code : int
        The problem (not ``OK``).
    count, total : int
        Spectra with the problem, and all spectra.

    Raises
    ------
    NonFiniteDataError
        For ``NONFINITE``.
    InvalidSpectrumError
        Otherwise.
    """
    message = problem_message(code, count, total)
    if code == NONFINITE:
        raise NonFiniteDataError(message)
    raise InvalidSpectrumError(message)


def warn_if_nothing_observable(observable: np.ndarray, energy: np.ndarray, recognizer) -> None:
    """A :class:`NothingObservableWarning` where no element is observable in the window.

    Parameters
    ----------
    observable : ndarray of bool
        Which elements the decoder can judge in the window.
    energy : ndarray
        The measured energy axis (eV), increasing.
    recognizer : EdgeRecognizer
        The model, whose steps' spacing the message names (``step_energy``, read only when warning).
    """
    if not np.any(observable):
        spacing = np.diff(recognizer.step_energy)
        warnings.warn(
            f"No supported element has a principal edge the model can see in {energy[0]:.1f}-{energy[-1]:.1f} eV, "
            f"so nothing can be identified: the network's steps are {spacing.min():.0f}-{spacing.max():.0f} eV "
            "apart, an edge needs a measured step within its tolerance, and the decoder judges only edges with "
            "some window before and after them (the window-end rule). Give a wider window around the edges.",
            NothingObservableWarning,
            stacklevel=3,
        )
