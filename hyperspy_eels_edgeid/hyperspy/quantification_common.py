"""What the two quantification routes share: microscope parameters, axis calibration, fractions, warnings.

Used by :func:`~hyperspy_eels_edgeid.hyperspy.quantification.create_model` (exspy's model fit) and
:func:`~hyperspy_eels_edgeid.hyperspy.edge_integration.integrate_edges` (edge by edge): the beam energy and
angles read from a signal's metadata or assumed, the energy axis calibrated by measured onsets, and
intensities turned into atomic fractions with a warning where one is not positive.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from ..edges import onset_energy
from .onset_maps import detected_of
from .run_metadata import edge_near
from .signals import EELSEdgeProbabilities
from .table import EdgeTable

__all__ = [
    "check_low_loss_partner",
    "DEFAULT_BEAM_ENERGY",
    "DEFAULT_COLLECTION_ANGLE",
    "DEFAULT_CONVERGENCE_ANGLE",
    "MICROSCOPE_PARAMETERS",
    "MicroscopeParametersWarning",
    "QuantificationWarning",
    "axis_correction",
    "fraction_maps",
    "fractions",
    "image_onsets",
    "microscope_parameters",
    "warn_assumed_parameters",
]

#: Assumed when the signal's metadata lacks them (a common setting):
#: beam energy (keV), convergence and collection semi-angles (mrad).
DEFAULT_BEAM_ENERGY = 200.0
DEFAULT_CONVERGENCE_ANGLE = 10.0
DEFAULT_COLLECTION_ANGLE = 20.0

MICROSCOPE_PARAMETERS = (
    ("beam_energy", "Acquisition_instrument.TEM.beam_energy", "keV", DEFAULT_BEAM_ENERGY),
    ("convergence_angle", "Acquisition_instrument.TEM.convergence_angle", "mrad", DEFAULT_CONVERGENCE_ANGLE),
    ("collection_angle", "Acquisition_instrument.TEM.Detector.EELS.collection_angle", "mrad", DEFAULT_COLLECTION_ANGLE),
)


class QuantificationWarning(UserWarning):
    """Some elements cannot be quantified: left out (no usable edge), or their measurement failed."""


class MicroscopeParametersWarning(QuantificationWarning):
    """Beam energy or angles were missing from the metadata and defaults were assumed."""


def microscope_parameters(signal) -> tuple[dict[str, float], list[str]]:
    """Beam energy, convergence and collection angle of a signal, the defaults where the metadata lacks them.

    Parameters
    ----------
    signal : hyperspy.signal.BaseSignal
        Read only: its ``Acquisition_instrument.TEM`` metadata.

    Returns
    -------
    values : dict of str to float
        ``beam_energy`` (keV), ``convergence_angle`` and ``collection_angle``
        (mrad).
    assumed : list of str
        One line per value that was missing (or a zero placeholder) and set
        to its default, for the warning.
    """
    values, assumed = {}, []
    for name, path, unit, default in MICROSCOPE_PARAMETERS:
        value = signal.metadata.get_item(path)
        if value is not None:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"metadata.{path}: expected a number in {unit}, got {value!r}.") from None
        # a zero beam energy or collection angle is a placeholder, not a measurement; a zero convergence is valid
        unset = value is None or (name != "convergence_angle" and not value > 0)
        values[name] = float(default if unset else value)
        if unset:
            was = "missing" if value is None else f"{value!r}"
            assumed.append(f"{name} = {default:g} {unit} (was {was})")
    return values, assumed


def warn_assumed_parameters(assumed, where: str, stacklevel: int) -> None:
    """Warn (:class:`MicroscopeParametersWarning`) naming each assumed value; nothing if none was.

    Parameters
    ----------
    assumed : list of str
        The lines of :func:`microscope_parameters`.
    where : str
        What was done with the values (``"assumed and set in s.metadata"`` ...).
    stacklevel : int
        As for :func:`warnings.warn`, counted from the caller of this function.
    """
    if assumed:
        warnings.warn(
            f"microscope parameters missing from the signal's metadata or zero; {where}: {'; '.join(assumed)}. "
            "Cross sections depend on them: set the true values with "
            "s.set_microscope_parameters(beam_energy=..., convergence_angle=..., collection_angle=...).",
            MicroscopeParametersWarning,
            stacklevel=stacklevel + 1,
        )


def fractions(intensities: dict, quantity: str, advice: str, stacklevel: int) -> dict:
    """Intensities (areal densities) to atomic fractions, warning where one is zero, negative or NaN (for maps,
    saying first that pixels without the element give such values).

    Parameters
    ----------
    intensities : dict of str to float or ndarray
        Element to areal density (any common unit; maps for a spectrum image).
    quantity : str
        What the values are, for the warning (``"fitted intensity"`` ...).
    advice : str
        What failed and what to do, for the warning.
    stacklevel : int
        As for :func:`warnings.warn`.

    Returns
    -------
    dict of str to float or ndarray
        Element to atomic fraction; they add up to 1.
    """
    failed = {el: int(np.sum(~(np.asarray(v) > 0))) for el, v in intensities.items() if np.any(~(np.asarray(v) > 0))}
    if failed:
        where = ", ".join(f"{el} ({n} pixel{'s' if n > 1 else ''})" if np.ndim(intensities[el]) else el
                          for el, n in failed.items())  # fmt: skip
        if any(np.ndim(intensities[el]) for el in failed):  # a map: absent is the likelier reading
            advice = ("In a spectrum image or line scan, pixels without the element give such values (its signal "
                      "there is noise about zero: compare them with its map, get_element_maps() of identify_edges' "
                      f"result); where it is present, {advice[0].lower()}{advice[1:]}")  # fmt: skip
        warnings.warn(
            f"zero, negative or undefined {quantity}: {where}. {advice}; their fractions are not compositions.",
            QuantificationWarning,
            stacklevel=stacklevel,
        )
    total = sum(intensities.values())
    with np.errstate(divide="ignore", invalid="ignore"):
        return {el: v / total for el, v in intensities.items()}


def axis_correction(onsets, energy=None) -> tuple[float, float]:
    """(a, b) of the measured onsets as ``a + b * tabulated onset``, from an EdgeTable or a dict; (0, 1) if None.

    A shift (b = 1, the median difference) unless there are at least three
    onsets spanning at least 300 eV: then a least-squares line (a shift and
    a dispersion error).  A line whose slope is more than 2 % from 1 is not
    a miscalibration: the shift is used, with a warning.

    Parameters
    ----------
    onsets : EdgeTable, EELSEdgeProbabilities, dict of str to float or None
        The table of ``identify_edges`` (rows with an edge and a finite
        onset), its result for a spectrum image (each detected element's
        median onset over the pixels that show it) or ``{"O_K": 534.0, ...}``
        (eV).
    energy : array_like, optional
        The energy axis (eV) of the signal the onsets are for.  Onsets of a
        run with ``calibrate_energy=True`` lie on the axis that run shifted
        (``metadata.EdgeID.energy_calibration.shift_applied``): where
        `energy` is that run's axis unshifted, they are moved back onto it.

    Returns
    -------
    a, b : float
        Measured energy = ``a + b *`` exspy's onset.

    Raises
    ------
    TypeError, ValueError
        For another type, a non-finite onset or one more than 50 eV from
        exspy's.
    """
    if onsets is None:
        return 0.0, 1.0
    moved_by = 0.0 if energy is None else _shift_applied_to(energy, onsets)
    if isinstance(onsets, EELSEdgeProbabilities) and onsets.axes_manager.navigation_dimension > 0:
        onsets = image_onsets(onsets)
    if isinstance(onsets, EdgeTable):
        # rows of an edge (not an element without one in the window) with a finite onset
        onsets = {row.edge: row.onset for row in onsets if "_" in row.edge and math.isfinite(row.onset)}
    if moved_by and isinstance(onsets, dict):
        onsets = {label: float(value) - moved_by for label, value in onsets.items()}
    if not isinstance(onsets, dict):
        raise TypeError(
            "onsets: expected what identify_edges returns (an EdgeTable, or the result of a spectrum image) or a "
            f"dict like {{'O_K': 532.0}}, got {onsets!r}."
        )
    if not onsets:
        return 0.0, 1.0
    table = np.array([onset_energy(label) for label in onsets])
    measured = np.array([float(v) for v in onsets.values()])
    if not np.all(np.isfinite(measured)):
        raise ValueError(f"onsets: every onset must be a finite energy in eV, got {onsets}.")
    if not np.all(np.abs(measured - table) < 50.0):
        raise ValueError(f"onsets: every measured onset must lie within 50 eV of exspy's, got {onsets}.")
    shift = float(np.median(measured - table))
    if table.size < 3 or np.ptp(table) < 300.0:
        return shift, 1.0
    b, a = np.polyfit(table, measured, 1)
    if abs(b - 1.0) > 0.02:
        warnings.warn(
            f"onsets: a line through {onsets} has slope {b:.3f}, more than 2 % from 1; the edges (of the model, or "
            f"the windows of integrate_edges) are shifted by their median difference, {shift:+.1f} eV, instead.",
            QuantificationWarning,
            stacklevel=3,
        )
        return shift, 1.0
    return float(a), float(b)


def _shift_applied_to(energy, onsets) -> float:
    """The shift ``calibrate_energy=True`` applied in the run that measured `onsets`, where `energy` is that run's
    axis as it was before (0 otherwise: no such shift, or the axis shifted alike; another axis, with a warning)."""
    result = onsets.probabilities if isinstance(onsets, EdgeTable) else onsets
    if not isinstance(result, EELSEdgeProbabilities):
        return 0.0
    record = result.metadata.get_item("EdgeID", None)
    shift = 0.0 if record is None else float(record.get_item("energy_calibration.shift_applied", 0.0))
    if shift == 0.0 or not record.has_item("energy_range"):
        return 0.0
    energy = np.asarray(energy, dtype=float)
    lo, hi = (float(e) for e in record.energy_range)  # the run's axis, shifted
    tolerance = 0.5 * float(np.median(np.abs(np.diff(energy)))) if energy.size > 1 else 0.0

    def same(a, b):
        return abs(energy.min() - a) <= tolerance and abs(energy.max() - b) <= tolerance

    if same(lo - shift, hi - shift):
        return shift
    if not same(lo, hi):
        warnings.warn(
            f"onsets: measured on an axis that calibrate_energy=True shifted by {shift:+.2f} eV ({lo:.1f}-{hi:.1f} "
            f"eV), but this signal's axis ({energy.min():.1f}-{energy.max():.1f} eV) is neither that run's nor it "
            "unshifted (cropped or rebinned?): the onsets are used as reported. Give the signal that was analysed, "
            f"or its axis shifted alike (s.axes_manager[-1].offset += {shift:.2f}).",
            QuantificationWarning,
            stacklevel=4,
        )
    return 0.0


def image_onsets(result) -> dict[str, float]:
    """Each detected element's principal edge and its median onset over the pixels that show it.

    Parameters
    ----------
    result : EELSEdgeProbabilities
        What ``identify_edges`` returns for a line scan or spectrum image
        (its per-pixel onsets, on the signal's axis).

    Returns
    -------
    dict of str to float
        ``{"O_K": 534.5, ...}`` (eV); an element no pixel shows is left out.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.quantification_common import image_onsets
    >>> si = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(3, 2), random_state=0)
    >>> sorted(image_onsets(si.identify_edges(show_progressbar=False)))
    ['Fe_L3', 'O_K']
    """
    if result._lazy:  # one pass for the probabilities and the onsets, not one per element
        result = result.deepcopy()
        result.compute()
    detected = detected_of(result)
    detected = result.detected_elements() if detected is None else list(detected)
    shift = float(result.metadata.get_item("EdgeID.axis_shift", 0.0))
    lo, hi = (float(e) + shift for e in result.metadata.EdgeID.energy_range)
    out = {}
    for element, onset_map in zip(detected, result.get_onset_maps(detected) if detected else []):
        values = np.asarray(onset_map.data, dtype=float)
        if np.isfinite(values).any():
            # named where the network saw it (the window moved by the searched shift), as a single spectrum's edge
            median = float(np.nanmedian(values))
            edge, _ = edge_near(element, median + shift, lo, hi)
            if "_" in edge:
                out[edge] = median
    return out


def fraction_maps(signal, values: dict, quantity: str = "atomic fraction") -> list:
    """Per-element maps of a spectrum image as HyperSpy signals on its navigation axes.

    Parameters
    ----------
    signal : hyperspy.signal.BaseSignal
        The spectrum image the values were measured on (its navigation axes
        are copied; it is not modified).
    values : dict of str to ndarray
        Element to an array of the navigation shape, as
        :func:`~hyperspy_eels_edgeid.hyperspy.quantification.atomic_fractions`
        after ``m.multifit()`` or
        :func:`~hyperspy_eels_edgeid.hyperspy.edge_integration.integrated_fractions`
        give them.
    quantity : str
        What the values are, for the titles (``"Fe atomic fraction"`` ...).

    Returns
    -------
    list of Signal2D (Signal1D for a line scan, BaseSignal for more than two navigation axes)
        One per element, in the order of `values`, ready for
        ``hs.plot.plot_images`` (a line scan's: ``hs.plot.plot_spectra``).

    Raises
    ------
    ValueError
        If the signal has no navigation axes or a value does not have their shape.

    Examples
    --------
    >>> import numpy as np, exspy
    >>> from hyperspy_eels_edgeid.hyperspy.quantification_common import fraction_maps
    >>> s = exspy.signals.EELSSpectrum(np.ones((3, 4, 100)))
    >>> maps = fraction_maps(s, {"O": np.full((3, 4), 0.6), "Fe": np.full((3, 4), 0.4)})
    >>> [m.metadata.General.title for m in maps], maps[0].data.shape
    (['O atomic fraction', 'Fe atomic fraction'], (3, 4))
    """
    import hyperspy.api as hs

    navigation = signal.axes_manager.navigation_axes
    if not navigation:
        raise ValueError("fraction_maps needs a spectrum image or line scan; a single spectrum has no maps.")
    shape = tuple(axis.size for axis in reversed(navigation))
    axes = []
    for axis in reversed(navigation):
        description = axis.get_axis_dictionary()
        description["navigate"] = False
        axes.append(description)
    kind = hs.signals.Signal2D if len(shape) == 2 else hs.signals.Signal1D if len(shape) == 1 else hs.signals.BaseSignal
    maps = []
    for element, value in values.items():
        value = np.asarray(value, dtype=float)
        if value.shape != shape:
            raise ValueError(f"{element}: values of shape {value.shape}, the navigation shape is {shape}.")
        image = kind(value, axes=axes)
        image.metadata.General.title = f"{element} {quantity}"
        maps.append(image)
    return maps


def check_low_loss_partner(signal, low_loss) -> None:
    """Refuse a low-loss partner exspy's model would convolve wrongly, or fail on deep inside.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The core-loss signal.
    low_loss : EELSSpectrum or None
        Its partner: the same navigation shape, energy units and dispersion (None: nothing to check).

    Raises
    ------
    ValueError
    """
    if low_loss is None:
        return
    axes = getattr(low_loss, "axes_manager", None)
    if axes is None or axes.signal_dimension != 1:
        raise ValueError(
            f"low_loss: give the low-loss spectrum as a HyperSpy signal with one energy axis, got {low_loss!r}."
        )
    own, theirs = signal.axes_manager.signal_axes[0], axes.signal_axes[0]
    if not theirs.is_uniform or theirs.units != own.units or not np.isclose(theirs.scale, own.scale, rtol=1e-6):
        raise ValueError(
            f"low_loss: its energy axis ({getattr(theirs, 'scale', 'non-uniform')} {theirs.units} per channel) must "
            f"have the core-loss signal's units and dispersion ({own.scale:g} {own.units}): exspy convolves channel by "
            "channel. Convert its units (axis.convert_to_units('eV')) or rebin or interpolate it first."
        )
    if tuple(axes.navigation_shape) != tuple(signal.axes_manager.navigation_shape):
        raise ValueError(
            f"low_loss: its navigation shape {tuple(axes.navigation_shape)} is not the core-loss signal's "
            f"{tuple(signal.axes_manager.navigation_shape)}: exspy convolves each pixel with its own low-loss "
            "spectrum. Pass the partner recorded with it."
        )
