"""The hand-off from edge identification to exspy's model-based quantification, offline.

After ``s.identify_edges()`` the detected elements are in
``s.metadata.Sample.elements``.  :func:`create_model` builds exspy's EELS
model for them with the DFT generalised oscillator strengths bundled in
:mod:`hyperspy_eels_edgeid.cross_sections` (``GOS="dft"``; every K, L, M, N
and O edge of Li-Am, read from the package, never downloaded), so no
identified element is left out:

* beam energy, convergence and collection angle come from the signal's
  metadata; those missing are set to the defaults ``DEFAULT_BEAM_ENERGY``
  (200 keV), ``DEFAULT_CONVERGENCE_ANGLE`` (10 mrad) and
  ``DEFAULT_COLLECTION_ANGLE`` (20 mrad), a common setting, with a
  :class:`MicroscopeParametersWarning` that says what was assumed;
* the table has no white lines (see
  :mod:`hyperspy_eels_edgeid.cross_sections.white_lines`): by default the
  white-line range of each such pair of lines (L3/L2 of the 3d, 4d, 5d
  metals, M3/M2 of Sr-Rh, M5/M4 and N5/N4 of Xe-Lu and the actinides) is
  left out of the fit, so the element's intensity comes from the continuum
  past the lines.

:func:`atomic_fractions` turns the fitted model into atomic fractions (maps for
a spectrum image) and names any element whose intensity came out zero,
negative or NaN: the fit failed for it.

exspy's own ``s.create_model()`` works offline too when given the bundled
file: ``s.create_model(GOS="dft", gos_file_path=cross_sections.gos_file_path())``
(without the white-line treatment and the defaults).  ``GOS="hydrogenic"``
remains available: exspy's hydrogenic cross sections cover K and L shells
only, so this helper then adds per element only the edge they can compute
and warns (:class:`QuantificationWarning`) about the elements it leaves out.

Where one power law cannot follow the background under the whole window,
:mod:`hyperspy_eels_edgeid.hyperspy.edge_integration` measures each edge
alone (Egerton's integration windows); what both share is in
:mod:`hyperspy_eels_edgeid.hyperspy.quantification_common`.
"""

from __future__ import annotations

import os
import warnings

import numpy as np

from ..cross_sections import gos_file_path as bundled_gos_file_path
from ..cross_sections.white_lines import white_line_windows
from ..edges import is_element, onset_energy
from .signal_metadata import sample_elements
from .quantification_common import (
    check_low_loss_partner,
    DEFAULT_BEAM_ENERGY,
    DEFAULT_COLLECTION_ANGLE,
    DEFAULT_CONVERGENCE_ANGLE,
    MICROSCOPE_PARAMETERS,
    MicroscopeParametersWarning,
    QuantificationWarning,
    axis_correction,
    fraction_maps,
    fractions,
    microscope_parameters,
    warn_assumed_parameters,
)

__all__ = [
    "DEFAULT_BEAM_ENERGY",
    "DEFAULT_COLLECTION_ANGLE",
    "DEFAULT_CONVERGENCE_ANGLE",
    "MicroscopeParametersWarning",
    "QuantificationWarning",
    "atomic_fractions",
    "create_model",
    "element_intensities",
    "fraction_maps",
]


def _check_ready(signal) -> None:
    from exspy.signals import EELSSpectrum

    if not isinstance(signal, EELSSpectrum):
        raise TypeError(f"create_model needs an exspy EELSSpectrum, got a {type(signal).__name__}.")
    if isinstance(signal.metadata.get_item("Sample.elements"), str):
        raise ValueError("metadata.Sample.elements: give a list of symbols such as ['Fe', 'O'], not one string.")
    if not sample_elements(signal):
        raise ValueError(
            "no elements in metadata.Sample.elements: run s.identify_edges() first (or s.add_elements([...]))."
        )
    axis = signal.axes_manager.signal_axes[0]
    if not axis.is_uniform:
        raise ValueError(
            "exspy's EELS model needs a uniform energy axis; resample first, e.g. "
            "s2 = s.interpolate_on_axis(new_axis) with a UniformDataAxis."
        )
    if axis.units != "eV":
        raise ValueError(
            f"exspy's EELS model needs the energy axis in eV (units are {axis.units!r}); "
            "convert with s.axes_manager.signal_axes[0].convert_to_units('eV')."
        )
    if axis.scale < 0:
        raise ValueError(
            "exspy's EELS model needs an increasing energy axis (its scale is negative); flip it first: "
            "create_model(s.isig[::-1], ...) (the same energies, increasing, and the same metadata)."
        )


def _fill_microscope_parameters(signal) -> None:
    """Set missing beam energy / angles to the defaults, with a warning naming each assumed value."""
    values, assumed = microscope_parameters(signal)
    for name, path, _, _ in MICROSCOPE_PARAMETERS:
        if signal.metadata.get_item(path) != values[name]:
            signal.metadata.set_item(path, values[name])
    warn_assumed_parameters(assumed, "assumed and set in s.metadata", stacklevel=3)


def _hydrogenic_edges(signal) -> tuple[list[str], dict[str, str]]:
    """One edge per element that the hydrogenic GOS can compute; and the reasons for the others."""
    by_element: dict[str, list[str]] = {}
    for subshell in _subshells_of_sample(signal):
        element, shell = subshell.split("_", 1)
        by_element.setdefault(element, []).append(shell)
    edges, skipped = [], {}
    for element in sorted(sample_elements(signal)):
        shells = by_element.get(element, [])
        usable = [s for s in shells if s in ("K", "L3")]
        if usable:
            edges.append(min((f"{element}_{s}" for s in usable), key=onset_energy))
        elif shells:
            skipped[element] = "/".join(sorted(shells))
        else:
            skipped[element] = "no edge in the energy window"
    return edges, skipped


def _tabulated(subshells, gos_file_path) -> tuple[set[str], set[str]]:
    """Split exspy subshell names into those the GOSH file tabulates and those it lacks."""
    import h5py

    found, missing = set(), set()
    with h5py.File(gos_file_path, "r") as h:
        conventions = h["metadata/edges_info"]
        for subshell in subshells:
            element, _, shell = subshell.partition("_")
            ok = shell in conventions and f"/{element}/{conventions[shell].attrs['table']}" in h
            (found if ok else missing).add(subshell)
    return found, missing


def _plasmon_energy(low_loss) -> float:
    """Energy (eV) of the low-loss maximum in 10-60 eV (the first plasmon), averaged over pixels; 0 if none."""
    if low_loss is None:
        return 0.0
    axis = low_loss.axes_manager.signal_axes[0].axis
    data = np.asarray(low_loss.data, dtype=float).reshape(-1, axis.size).mean(axis=0)
    window = (axis >= 10.0) & (axis <= 60.0)
    if not window.any():
        return 0.0
    return float(axis[window][np.argmax(data[window])])


def _exclude_white_lines(
    model, subshells, low_loss=None, correction=(0.0, 1.0)
) -> dict[str, list[tuple[float, float]]]:
    """Remove each white-line range (and its plasmon replica) from the fitted channels; return them by element.

    `correction` (a, b) maps tabulated energies to the spectrum's axis, as for the edges.
    """
    axis = model.axis.axis
    extra = _plasmon_energy(low_loss)
    windows = {}
    for element in sorted({s.partition("_")[0] for s in subshells}):
        for window in white_line_windows(element, subshells, extra=extra):
            window = tuple(correction[0] + correction[1] * e for e in window)
            if window[0] < axis[-1] and window[1] > axis[0]:
                model.remove_signal_range(max(window[0], axis[0]), min(window[1], axis[-1]))
                windows.setdefault(element, []).append(window)
    return windows


def create_model(
    signal,
    *,
    GOS: str = "dft",
    gos_file_path=None,
    low_loss=None,
    auto_background: bool = True,
    white_lines: str | None = "exclude",
    onsets=None,
):
    """Build exspy's EELS model for the identified elements, offline.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        With ``metadata.Sample.elements`` (e.g. from ``identify_edges``)
        and a uniform energy axis in eV.  Beam energy, convergence and
        collection angle are read from the metadata; missing ones are set
        to ``DEFAULT_BEAM_ENERGY`` (200 keV), ``DEFAULT_CONVERGENCE_ANGLE``
        (10 mrad) and ``DEFAULT_COLLECTION_ANGLE`` (20 mrad) with a
        :class:`MicroscopeParametersWarning`.
    GOS : str
        Generalised oscillator strengths: ``"dft"`` (default) with the
        table bundled in :mod:`hyperspy_eels_edgeid.cross_sections` unless
        `gos_file_path` names another GOSH file: every subshell of every
        identified element in the window (K, L1, L2, L3, M1-M5, N, O);
        ``"hydrogenic"``: exspy's hydrogenic GOS, one K or L3 edge per
        element, elements without one left out with a warning;
        ``"dirac"`` needs `gos_file_path` (no such table is bundled).
    gos_file_path : path, optional
        Another local GOSH file for ``GOS="dft"``/``"dirac"``.
    low_loss : EELSSpectrum, optional
        Low-loss spectrum for the plural-scattering convolution: the
        partner recorded with `signal` (its navigation shape, energy units
        and dispersion; anything else is refused).
    auto_background : bool
        Add a power-law background.
    white_lines : {"exclude", None}
        ``"exclude"`` (default): leave each white-line range (from 5 eV
        below the first onset of a pair of lines, L3/L2, M3/M2, M5/M4 or
        N5/N4, to 20 eV past the last; one range per pair, see
        :mod:`~hyperspy_eels_edgeid.cross_sections.white_lines`) out of the
        fitted channels, because the DFT table has the continuum only; the
        element's intensity then comes from the continuum past its lines.
        With `low_loss`, each range also covers the lines' plural-scattering
        replica: it is extended by the energy of the low-loss maximum in
        10-60 eV (the plasmon).  Fit with ``m.fit()`` or ``m.multifit()``:
        exspy's ``smart_fit`` resets the fitted range edge by edge.  None:
        fit every channel.  Ignored for ``GOS="hydrogenic"``.
    onsets : EdgeTable, EELSEdgeProbabilities or dict of str to float, optional
        Measured onsets: what ``identify_edges`` returned (for a spectrum
        image, its result: each detected element's median pixel onset), or
        ``{"Mn_L3": 641.2, ...}`` (eV).  They calibrate the energy axis: a
        shift (their median difference from exspy's onsets) or, given at
        least three onsets spanning at least 300 eV, a line ``a + b * E``
        through them (a shift and a dispersion error; a slope more than 2 %
        from 1 falls back to the shift with a warning), which moves every
        edge of the model (and every white-line range) from exspy's
        tabulated onset to where the spectrum has it.  A
        miscalibrated axis otherwise puts the model's edges a few eV off the
        spectrum's (6-8 eV cost La/Mn and O/Mn 10-15 % in the tests).
        Onsets that are themselves a few eV off (a network's, on delayed
        edges) can make it worse.  By default the tabulated onsets are used
        (a calibrated axis).  Used with ``GOS="dft"`` and ``"dirac"`` only.

    Returns
    -------
    exspy.models.EELSModel
        Ready for ``m.fit()`` and ``m.quantify()``.  With ``GOS="dft"`` the
        intensities of an element's subshells are twinned: one intensity
        per element, proportional to its areal density.

    Raises
    ------
    hyperspy_eels_edgeid.cross_sections.CrossSectionFileError
        If the bundled table is missing, truncated or altered.

    Warns
    -----
    MicroscopeParametersWarning
        When beam energy or angles were missing and defaults were assumed.
    QuantificationWarning
        For identified elements none of whose edges in the window the GOS
        can compute (with the bundled table: none above 20 eV), which are
        left out of the model.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.quantification import create_model
    >>> s = edgeid.data.synthetic_eels(["La", "Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 1200))
    >>> m = create_model(s)                    # every La, Mn and O edge, from the bundled table
    >>> sorted({c.element for c in m if hasattr(c, "element")})
    ['La', 'Mn', 'O']
    >>> m.fit(); m.quantify()                  # doctest: +SKIP
    >>> m = create_model(s, onsets={"O_K": 534.0})   # O's edge 2 eV above exspy's 532 eV
    >>> round(m["O_K"].onset_energy.value, 1)
    534.0
    """
    if white_lines not in ("exclude", None):
        raise ValueError(f"white_lines: expected 'exclude' or None, got {white_lines!r}.")
    _check_ready(signal)
    check_low_loss_partner(signal, low_loss)
    a, b = axis_correction(onsets, signal.axes_manager.signal_axes[0].axis)  # checked before anything is built
    _fill_microscope_parameters(signal)
    if GOS == "hydrogenic":
        return _hydrogenic_model(signal, low_loss=low_loss, auto_background=auto_background)
    if gos_file_path is None:
        if GOS == "dft":
            gos_file_path = bundled_gos_file_path()
        elif GOS == "dirac":
            raise ValueError(
                "GOS='dirac': no Dirac table is bundled and exspy would download one; pass "
                "gos_file_path=<local .gosh file>, or use GOS='dft' (bundled)."
            )
    if GOS not in ("dft", "dirac"):
        return signal.create_model(low_loss=low_loss, auto_background=auto_background, GOS=GOS)
    gos_file_path = str(gos_file_path)
    if not os.path.isfile(gos_file_path):
        raise FileNotFoundError(f"gos_file_path: no file at {gos_file_path!r} (a .gosh table, e.g. the bundled one).")
    subshells = _subshells_of_sample(signal)
    found, missing = _tabulated(subshells, gos_file_path)
    modelled = {x.partition("_")[0] for x in found}
    no_table = sorted({x.partition("_")[0] for x in subshells} - modelled)
    no_edge = sorted(sample_elements(signal) - {x.partition("_")[0] for x in subshells})
    problems = []
    if missing:
        problems.append(f"{gos_file_path} has no table for {', '.join(sorted(missing))} (those edges are not modelled)")
    if no_table:
        problems.append(f"elements left out, none of their edges tabulated: {', '.join(no_table)}")
    if no_edge:
        problems.append(f"elements left out, no edge in the energy window: {', '.join(no_edge)}")
    if problems:
        warnings.warn("; ".join(problems) + ".", QuantificationWarning, stacklevel=2)
    # exspy adds every subshell in signal.subshells; hand it the tabulated ones only (and give back its own)
    own = signal.subshells
    signal.subshells = found
    try:
        model = signal.create_model(
            low_loss=low_loss,
            auto_background=auto_background,
            auto_add_edges=bool(found),
            GOS=GOS,
            gos_file_path=gos_file_path,
        )
    finally:
        signal.subshells = own
    _correct_onsets(model, a, b)
    if white_lines == "exclude":
        windows = _exclude_white_lines(model, found, low_loss, (a, b))
        fitted = model.axis.axis[np.asarray(model._channel_switches, dtype=bool).reshape(-1)]
        first = {}  # each element's lowest edge onset in the model
        for c in _edges_of(model):
            first[c.element] = min(first.get(c.element, np.inf), c.onset_energy.value)
        blind = sorted(el for el in windows if not np.any(fitted >= first.get(el, np.inf)))
        if blind:
            warnings.warn(
                f"{', '.join(blind)}: every channel from the first edge on lies in the white-line ranges left out (the "
                f"window ends at {model.axis.axis[-1]:.1f} eV): the intensity cannot be fitted and stays at its start "
                "value. Extend the window past the lines, or fit them with white_lines=None.",
                QuantificationWarning,
                stacklevel=2,
            )
    return model


def _edges_of(model) -> list:
    """The model's ionization-edge components."""
    return [c for c in model if hasattr(c, "onset_energy") and hasattr(c, "element")]


def _correct_onsets(model, a: float, b: float) -> None:
    """Move every edge from its tabulated onset E to ``a + b * E``.

    exspy twins an element's other subshells to one of them (onset + the tabulated distance): that one is
    moved, and the twins follow at the distance stretched by `b` (setting a twin's value would move it again).
    """
    edges = _edges_of(model)
    distance = {c.name: c.onset_energy.value - c.onset_energy.twin.value for c in edges if c.onset_energy.twin}
    for c in edges:
        if c.onset_energy.twin is None:
            c.onset_energy.value = a + b * c.onset_energy.value
        elif b != 1.0:
            c.onset_energy.twin_function_expr = f"x + {b * distance[c.name]!r}"
            c.onset_energy.twin_inverse_function_expr = f"x - {b * distance[c.name]!r}"


def _subshells_of_sample(signal) -> set[str]:
    """exspy's subshells in the window for the elements of ``metadata.Sample.elements``, however they were set."""
    wanted = {e for e in sample_elements(signal) if is_element(e)}
    saved = signal.elements, signal.subshells  # exspy's own sets go stale when the list is edited by hand
    try:
        signal.elements, signal.subshells = wanted, set()
        signal.generate_subshells()
        return set(signal.subshells)
    finally:
        signal.elements, signal.subshells = saved


def element_intensities(model) -> dict:
    """The fitted intensity of each element of an EELS model: one per element, its subshells being twinned.

    Parameters
    ----------
    model : exspy.models.EELSModel
        A model of :func:`create_model` (or exspy's), fitted.

    Returns
    -------
    dict of str to float or ndarray
        Element to intensity (exspy's areal-density units); an array of the
        navigation shape for a model of a spectrum image (``m.multifit()``).

    Raises
    ------
    ValueError
        If an element has more than one free intensity (edges not twinned):
        their values would be separate estimates of one areal density.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.quantification import create_model, element_intensities
    >>> s = edgeid.data.synthetic_eels(["Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 800))
    >>> m = create_model(s)
    >>> _ = m.fit()
    >>> sorted(element_intensities(m))     # Mn_L2 and Mn_L1 follow Mn_L3's intensity
    ['Mn', 'O']
    """
    image = model.axes_manager.navigation_size > 0
    found = {}
    for component in model:
        element = getattr(component, "element", None)
        if not element or not hasattr(component, "intensity") or component.intensity.twin is not None:
            continue
        if element in found:
            raise ValueError(
                f"{element} has more than one free edge intensity in this model; twin its edges' intensities "
                "(as create_model does) so that one intensity stands for its areal density."
            )
        found[element] = np.array(component.intensity.map["values"], dtype=float) if image else float(
            component.intensity.value
        )
    return found


def atomic_fractions(model) -> dict:
    """Atomic fractions of the elements of a fitted EELS model, with a warning where an intensity is not positive.

    The intensities of :func:`element_intensities` are areal densities, so
    their ratios are the atomic ratios.  A zero, negative or NaN intensity of
    an element the model holds means the fit failed for it (on real spectra
    most often the background: one power law over a wide window, see the
    user guide), not that the element is absent; the fractions are still
    returned, with a :class:`QuantificationWarning` that names the elements
    (in a spectrum image or line scan, pixels without the element give such values too).

    Parameters
    ----------
    model : exspy.models.EELSModel
        A fitted model of :func:`create_model`.

    Returns
    -------
    dict of str to float or ndarray
        Element to atomic fraction (they add up to 1; arrays of the
        navigation shape for a spectrum image).

    Warns
    -----
    QuantificationWarning
        When an element's intensity is zero, negative or NaN (in any pixel).

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.quantification import atomic_fractions, create_model
    >>> s = edgeid.data.synthetic_eels(["Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 800),
    ...                                atomic_ratios={"Mn": 1, "O": 1})
    >>> m = create_model(s, low_loss=edgeid.data.synthetic_low_loss(s))   # it was scattered plurally
    >>> _ = m.fit()
    >>> {el: round(float(f), 2) for el, f in atomic_fractions(m).items()}
    {'O': 0.49, 'Mn': 0.51}
    """
    advice = (
        "The fit failed for these elements (on a real spectrum most often the background model over a wide window: "
        "restrict the fitted range, give the low-loss spectrum, check m.plot())"
    )
    return fractions(element_intensities(model), "fitted intensity", advice, stacklevel=3)


def _hydrogenic_model(signal, *, low_loss, auto_background):
    from exspy.components import EELSCLEdge

    edges, skipped = _hydrogenic_edges(signal)
    if skipped:
        listed = ", ".join(f"{el} ({why})" for el, why in skipped.items())
        warnings.warn(
            f"the hydrogenic GOS computes K and L3 edges only; not modelled: {listed}. Use GOS='dft' "
            "(the default, with the bundled table) to model them.",
            QuantificationWarning,
            stacklevel=3,
        )
    model = signal.create_model(
        low_loss=low_loss, auto_background=auto_background, auto_add_edges=False, GOS="hydrogenic"
    )
    for edge in edges:
        model.append(EELSCLEdge(edge, GOS="hydrogenic"))
    return model
