"""The hand-off from edge identification to exspy's model-based quantification.

After ``s.identify_edges()`` the detected elements are in
``s.metadata.Sample.elements`` and exspy's own
``s.create_model(GOS="hydrogenic")`` builds a model with their edges.  Two
limits of exspy's hydrogenic cross sections (the only ones that work
offline out of the box) make that call fail for some element sets:

* they cover K and L shells only, so an element with an M or N edge in the
  window (Ce M4,5, or Fe M2,3 when the window starts below 60 eV) raises
  ``ValueError``;
* the elements whose database entry is a combined ``L2,3`` (Na-Ar: Al, P, S,
  Cl, Ar ...) raise ``KeyError: 'L3'``.

:func:`create_model` builds the same model but adds, per element, only the
edge the chosen GOS can compute, and warns about the elements it leaves out.
The default ``GOS="dft"`` of exspy downloads its database from Zenodo on
first use; pass ``GOS="dft", gos_file_path=...`` with a local GOSH file to
model every edge offline.
"""

from __future__ import annotations

import warnings

from ..edges import onset_energy

__all__ = ["QuantificationWarning", "create_model"]


class QuantificationWarning(UserWarning):
    """Some identified elements cannot be modelled with the chosen GOS."""


def _check_ready(signal) -> None:
    from exspy.signals import EELSSpectrum

    if not isinstance(signal, EELSSpectrum):
        raise TypeError(f"create_model needs an exspy EELSSpectrum, got a {type(signal).__name__}.")
    elements = signal.metadata.get_item("Sample.elements")
    if not elements:
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
    md = signal.metadata
    missing = [
        name
        for name, path in (
            ("beam_energy (keV)", "Acquisition_instrument.TEM.beam_energy"),
            ("convergence_angle (mrad)", "Acquisition_instrument.TEM.convergence_angle"),
            ("collection_angle (mrad)", "Acquisition_instrument.TEM.Detector.EELS.collection_angle"),
        )
        if not md.get_item(path)
    ]
    if missing:
        raise ValueError(
            f"missing or zero microscope parameters: {', '.join(missing)}. Set them with "
            "s.set_microscope_parameters(beam_energy=..., convergence_angle=..., collection_angle=...)."
        )


def _hydrogenic_edges(signal) -> tuple[list[str], dict[str, str]]:
    """One edge per element that the hydrogenic GOS can compute; and the reasons for the others."""
    by_element: dict[str, list[str]] = {}
    for subshell in signal.subshells:
        element, shell = subshell.split("_", 1)
        by_element.setdefault(element, []).append(shell)
    edges, skipped = [], {}
    for element in sorted(signal.metadata.Sample.elements):
        shells = by_element.get(element, [])
        usable = [s for s in shells if s in ("K", "L3")]
        if usable:
            edges.append(min((f"{element}_{s}" for s in usable), key=onset_energy))
        elif shells:
            skipped[element] = "/".join(sorted(shells))
        else:
            skipped[element] = "no edge in the energy window"
    return edges, skipped


def create_model(signal, *, GOS: str = "hydrogenic", gos_file_path=None, low_loss=None, auto_background: bool = True):
    """Build exspy's EELS model for the identified elements.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        With ``metadata.Sample.elements`` (e.g. from ``identify_edges``),
        a uniform energy axis in eV and the microscope parameters.
    GOS : str
        Generalised oscillator strengths: ``"hydrogenic"`` (default; works
        offline; K and L3 edges only) or any value exspy accepts
        (``"dft"``, ``"dirac"``, with `gos_file_path` to stay offline).
    gos_file_path : path, optional
        Local GOSH file for ``GOS="dft"``/``"dirac"``.
    low_loss : EELSSpectrum, optional
        Low-loss spectrum for the plural-scattering convolution.
    auto_background : bool
        Add a power-law background.

    Returns
    -------
    exspy.models.EELSModel
        Ready for ``m.fit()`` (or ``m.smart_fit()``) and ``m.quantify()``.

    Warns
    -----
    QuantificationWarning
        With the hydrogenic GOS, for identified elements none of whose K or
        L3 edges lies in the window (M/N edges, combined L2,3 entries);
        they are left out of the model.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.quantification import create_model
    >>> s = edgeid.data.synthetic_eels(["C", "O"], random_state=0)
    >>> s.identify_edges()                     # doctest: +SKIP
    >>> m = create_model(s)                    # doctest: +SKIP
    >>> m.fit(); m.quantify()                  # doctest: +SKIP
    """
    _check_ready(signal)
    if GOS != "hydrogenic":
        return signal.create_model(
            low_loss=low_loss, auto_background=auto_background, GOS=GOS, gos_file_path=gos_file_path
        )
    from exspy.components import EELSCLEdge

    edges, skipped = _hydrogenic_edges(signal)
    if skipped:
        listed = ", ".join(f"{el} ({why})" for el, why in skipped.items())
        warnings.warn(
            f"the hydrogenic GOS computes K and L3 edges only; not modelled: {listed}. Use GOS='dft' with "
            "gos_file_path=<local .gosh file> to model them.",
            QuantificationWarning,
            stacklevel=2,
        )
    model = signal.create_model(low_loss=low_loss, auto_background=auto_background, auto_add_edges=False, GOS=GOS)
    for edge in edges:
        model.append(EELSCLEdge(edge, GOS="hydrogenic"))
    return model
