"""Edge-by-edge quantification: a local background and an integration window per edge, offline.

The model fit of :mod:`~hyperspy_eels_edgeid.hyperspy.quantification` puts one
power law under the whole window; over a window that spans a factor of three
or more in energy, a real background is not one power law and the fit fails
(user guide).  Egerton's method (*Electron Energy-Loss Spectroscopy in the
Electron Microscope*, 3rd ed., sec. 4.5) takes each element's edge alone:

1. a power law ``A E^-r`` is fitted over a window of ``FIT_WIDTH`` eV that
   ends ``FIT_GAP`` eV before the edge's first onset, starting after any
   earlier edge of a given element that would fall into it (past its
   white-line range, or ``SETTLE`` eV past its onset) and not below
   ``MIN_FIT_ENERGY``: the two-area method, the exponent solved exactly
   (Egerton's closed form ``2 ln(I1/I2) / ln(E2/E1)`` holds for windows
   narrow against their energy only);
2. the counts above that power law are integrated over ``INTEGRATION_WIDTH``
   eV from the onset (from the end of the white-line range for an edge with
   white lines, which the bundled DFT table lacks, as ``create_model``
   leaves them out of the fit), cut ``FIT_GAP`` eV before a major edge of
   another given element and at the window's end;
3. the partial cross-section σ(β, Δ) over the same window comes from the
   bundled table (every subshell of the element that starts at or after the
   edge's first onset and inside the window; the collection angle made
   effective for the convergence angle as exspy does); counts / σ is
   proportional to the element's areal density, and the ratios of two
   elements' values are their atomic ratio (the incident intensity cancels;
   plural scattering does too, roughly, for windows of equal width).

Per element the edge is its principal group (K; L3 with L2; M5 with M4) if
both windows fit in the spectrum, else another group the table holds (L2,3,
M3 with M2, N5 with N4; never an L1 edge alone), the higher onset first.  An
edge that another given element's major edge overlaps (one starts between
the end of the other's background window and 5 eV into its integration
window, or an earlier one's white-line range or first ``SETTLE`` eV reach past
the end of the other's background window) cannot be measured alone: such
elements are left out with a warning, for the model fit.  The settings were fixed from the textbook's usual values
before any measurement (``experiments/edge_integration/rule.md``; the exact
exponent, the overlap rule, ``MIN_FIT_ENERGY`` and the effective angle came
with a review after the first measurement, and the figures were measured
again).

Examples
--------
>>> import hyperspy_eels_edgeid as edgeid
>>> from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges, integrated_fractions
>>> s = edgeid.data.synthetic_eels(["La", "Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 1200),
...                                atomic_ratios={"La": 1, "Mn": 1, "O": 3})
>>> integrals = integrate_edges(s)          # the elements in s.metadata.Sample.elements
>>> {el: round(float(f), 2) for el, f in integrated_fractions(integrals).items()}   # LaMnO3: 0.2, 0.2, 0.6
{'La': 0.2, 'Mn': 0.17, 'O': 0.63}
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np

from ..cross_sections.continua import has_table, partial_cross_section, subshell_cross_section
from ..cross_sections.white_lines import WHITE_LINE_LEAD, white_line_windows
from ..edges import EdgeGroup, edge_groups_of, onset_energy
from ..recognizer.resampling import grid_edges
from .signal_metadata import sample_elements
from .quantification_common import (
    QuantificationWarning,
    axis_correction,
    fraction_maps,
    fractions,
    microscope_parameters,
    warn_assumed_parameters,
)

__all__ = [
    "FIT_GAP",
    "FIT_WIDTH",
    "INTEGRATION_WIDTH",
    "MIN_FIT_ENERGY",
    "MIN_FIT_WIDTH",
    "MIN_INTEGRATION_WIDTH",
    "SETTLE",
    "EdgeIntegral",
    "fraction_maps",
    "integrate_edges",
    "integrated_fractions",
]

#: eV over which the counts above the background are integrated (Egerton's Δ).
INTEGRATION_WIDTH = 100.0
#: eV of the window before an edge where its background power law is fitted.
FIT_WIDTH = 50.0
#: eV between the end of the background window and the edge's first onset, and between the end of an
#: integration window and the next edge of another element (onsets in real spectra are a few eV off).
FIT_GAP = WHITE_LINE_LEAD
#: eV past the onset of an earlier edge without white lines before a background window may start.
SETTLE = 10.0
#: The narrowest integration and background windows (eV) accepted; an edge with less room is not used.
MIN_INTEGRATION_WIDTH = 30.0
MIN_FIT_WIDTH = 15.0
#: eV below which no background window reaches: the zero-loss peak and the plasmons are not a power law.
MIN_FIT_ENERGY = 30.0

# groups that may stand for an element (an L1 edge alone is too weak and too close to L2,3)
_USABLE = ("K", "L3", "L2,3", "M5", "M3", "N5")


@dataclass(frozen=True)
class EdgeIntegral:
    """One element's edge, as measured by :func:`integrate_edges`.

    Attributes
    ----------
    element : str
        Chemical symbol.
    edge : str
        The edge group used (``"Mn_L3"``: Mn L3 with L2).
    subshells : tuple of str
        The subshells whose cross-sections make up `cross_section` (those of
        the element starting inside the integration window, white-line
        onsets included).
    fit_window : tuple of float
        Energy range (eV, the spectrum's axis) of the background fit.
    integration_window : tuple of float
        Energy range (eV, the spectrum's axis) of the integration.
    signal : float or ndarray
        Counts above the extrapolated background in the integration window
        (an array of the navigation shape for a spectrum image).
    cross_section : float
        Partial cross-section over the integration window (barn).
    """

    element: str
    edge: str
    subshells: tuple[str, ...]
    fit_window: tuple[float, float]
    integration_window: tuple[float, float]
    signal: float | np.ndarray
    cross_section: float

    @property
    def areal_density(self) -> float | np.ndarray:
        """``signal / cross_section``: the areal density times the incident intensity (counts per barn)."""
        return self.signal / self.cross_section


def _blocked_until(group: EdgeGroup) -> float:
    """Tabulated energy before which a background window must not reach past `group`'s onset."""
    windows = white_line_windows(group.element, [f"{group.element}_{s}" for s in group.subshells])
    return windows[-1][1] if windows else group.onset + SETTLE


def _windows(group: EdgeGroup, others, start: float, stop: float, integration_width: float, fit_width: float):
    """The background and integration windows of `group` in tabulated energies, or why there are none.

    `others`: the edge groups of every given element that may bound the windows; `start`, `stop`: the
    spectrum's window in tabulated energies.  Returns ``((fit start, fit end), (integration start, end))``
    and None, or None and the reason: another element's major edge that overlaps this one (it starts
    between the end of the background window and ``FIT_GAP`` eV into the integration window, or an
    earlier one's white-line range or first ``SETTLE`` eV reach past the background window), or no room.
    """
    white = white_line_windows(group.element, [f"{group.element}_{s}" for s in group.subshells])
    begin = white[-1][1] if white else group.onset
    fit_end = group.onset - FIT_GAP
    if fit_end - max(start, MIN_FIT_ENERGY) < MIN_FIT_WIDTH or stop - begin < MIN_INTEGRATION_WIDTH:
        return None, f"{group.label}: no room"  # outside the spectrum, whatever lies beside it
    foreign = [g for g in others if g.element != group.element and g.major]
    overlapping = [
        g.label for g in foreign
        if fit_end <= g.onset < begin + FIT_GAP or (g.onset < fit_end and _blocked_until(g) > fit_end)
    ]  # fmt: skip
    if overlapping:
        return None, f"{group.label} overlaps {', '.join(overlapping)}"
    end = min(stop, begin + integration_width)
    for other in foreign:
        if begin < other.onset - FIT_GAP < end:
            end = other.onset - FIT_GAP
    fit_start = max(start, fit_end - fit_width, MIN_FIT_ENERGY)
    for other in others:
        if other is not group and other.onset < fit_end and _blocked_until(other) > fit_start:
            fit_start = max(fit_start, _blocked_until(other))
    if end - begin < MIN_INTEGRATION_WIDTH or fit_end - fit_start < MIN_FIT_WIDTH:
        return None, f"{group.label}: no room"
    return ((fit_start, fit_end), (begin, end)), None


def _rising_edges(group: EdgeGroup, others, fit_window, beam_energy: float, angle) -> list[str]:
    """Subshells of other edges whose cross-section grows over `group`'s background window (tabulated energies).

    A delayed edge (Sn M4,5 under O K) still rising there makes the power law, which falls, a wrong
    extrapolation.  `angle(subshell)`: the effective collection angle (mrad).
    """
    f0, f1 = fit_window
    rising = []
    for other in others:
        if other is group or other.onset >= f1:
            continue
        for subshell in other.subshells:
            label = f"{other.element}_{subshell}"
            if has_table(label):
                energy, sigma = subshell_cross_section(label, [beam_energy], [angle(label)])
                if np.interp(f1, energy, sigma[0]) > np.interp(f0, energy, sigma[0]):
                    rising.append(label)
    return rising


def _channel_weights(edges: np.ndarray, low: float, high: float) -> tuple[slice, np.ndarray]:
    """The channels overlapping [low, high] and the fraction of each that lies inside."""
    overlap = np.clip(np.minimum(high, edges[1:]) - np.maximum(low, edges[:-1]), 0.0, None) / np.diff(edges)
    inside = np.flatnonzero(overlap)
    if inside.size == 0:
        return slice(0, 0), overlap[:0]
    used = slice(inside[0], inside[-1] + 1)
    return used, overlap[used]


def _counts(data, edges: np.ndarray, low: float, high: float):
    used, weights = _channel_weights(edges, low, high)
    return data[..., used] @ weights


def _power_law_share(r, low: float, high: float, fit_low: float, fit_high: float):
    """∫ E^-r over [low, high] divided by ∫ E^-r over [fit_low, fit_high]."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        one = 1.0 - r
        general = (high**one - low**one) / (fit_high**one - fit_low**one)
        return np.where(np.abs(one) < 1e-9, np.log(high / low) / np.log(fit_high / fit_low), general)


def _power_law_exponent(first, second, low: float, high: float):
    """The exponent r of ``A E^-r`` whose integrals over the two halves of [low, high] are `first` and `second`.

    The two-area method (Egerton), solved exactly by bisection: the usual
    closed form ``2 ln(I1/I2) / ln(high/low)`` holds for windows narrow
    against their energy only (on weak Mg, Al and Si L2,3 edges it put the
    signal 1.3-3.8 % high in the tests).  NaN where the ratio is not
    positive or no r in [-2, 16] gives it.
    """
    middle = 0.5 * (low + high)
    x, y = np.log(middle / low), np.log(high / middle)
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.divide(np.asarray(first, dtype=float), np.asarray(second, dtype=float))

    def ratio(s):  # first / second for the exponent r = 1 - s; it falls as s grows
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(np.abs(s) < 1e-12, x / y, -np.expm1(-s * x) / np.expm1(s * y))

    lo, hi = np.full(target.shape, -15.0), np.full(target.shape, 3.0)  # s = 1 - r
    valid = (target > 0) & (ratio(hi) <= target) & (target <= ratio(lo))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        above = ratio(mid) > target
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    return np.where(valid, 1.0 - 0.5 * (lo + hi), np.nan)


def integrate_edges(
    signal,
    elements=None,
    *,
    integration_width: float = INTEGRATION_WIDTH,
    fit_width: float = FIT_WIDTH,
    onsets=None,
) -> dict[str, EdgeIntegral]:
    """Measure each element's edge alone: a local power-law background and an integration window.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        A core-loss spectrum or spectrum image (energy axis in eV, uniform or
        not).  A lazy signal's window sums are computed together by dask at
        the end, in one pass.  Not modified.
    elements : list of str, optional
        Elements to measure; by default ``metadata.Sample.elements`` (from
        ``identify_edges``).  Every given element bounds the others'
        windows.
    integration_width : float
        Δ, eV (default ``INTEGRATION_WIDTH``, 100).
    fit_width : float
        Width of the background window, eV (default ``FIT_WIDTH``, 50).
    onsets : EdgeTable, EELSEdgeProbabilities or dict of str to float, optional
        Measured onsets (what ``identify_edges`` returned, for a spectrum
        image its result) that calibrate the energy axis, as for
        :func:`~hyperspy_eels_edgeid.hyperspy.quantification.create_model`;
        by default exspy's tabulated onsets (a calibrated axis).

    Returns
    -------
    dict of str to EdgeIntegral
        One entry per element that has an edge with room for both windows
        and no other given element's edge overlapping it.

    Raises
    ------
    ValueError
        If no elements are given or in the metadata, the axis is not in eV,
        or an integration window reaches past the table's last energy (about
        950 eV above the onset; `integration_width` too large).

    Warns
    -----
    MicroscopeParametersWarning
        When beam energy, convergence or collection angle are missing from
        the metadata (200 keV, 10 and 20 mrad are assumed; the metadata is
        not changed).
    QuantificationWarning
        Naming the elements left out (no room for the windows, or an edge
        that another element's overlaps) and those whose background window
        lies on the rising part of another edge.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges
    >>> s = edgeid.data.synthetic_eels(["La", "Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 1200))
    >>> mn = integrate_edges(s, ["La", "Mn", "O"])["Mn"]
    >>> mn.edge, mn.fit_window, mn.integration_window   # integrated from 20 eV past Mn L2 (651 eV)
    ('Mn_L3', (585.0, 635.0), (671.0, 771.0))
    """
    if elements is not None:
        elements = {elements} if isinstance(elements, str) else set(elements)
    elements = sample_elements(signal) if elements is None else elements
    if not elements:
        raise ValueError("no elements: pass elements=[...] or run s.identify_edges() first.")
    axis_info = signal.axes_manager.signal_axes[0]
    if axis_info.units != "eV":
        raise ValueError(f"the energy axis must be in eV (units are {axis_info.units!r}).")
    if not (integration_width > 0 and fit_width > 0):
        raise ValueError(
            f"integration_width and fit_width must be positive (eV), got {integration_width}, {fit_width}."
        )
    if axis_info.size > 1 and axis_info.axis[-1] < axis_info.axis[0]:
        raise ValueError("the energy axis decreases: flip the signal first (s.isig[::-1]) or use create_model.")
    a, b = axis_correction(onsets, axis_info.axis)
    parameters, assumed = microscope_parameters(signal)
    warn_assumed_parameters(assumed, "assumed (the metadata is not changed)", stacklevel=2)
    axis = np.asarray(axis_info.axis, dtype=float)
    edges = grid_edges(axis)
    start, stop = (edges[0] - a) / b, (edges[-1] - a) / b  # the window in tabulated energies
    groups = {el: [g for g in edge_groups_of(el) if g.name in _USABLE] for el in sorted(set(elements))}
    others = [g for gs in groups.values() for g in gs]
    angle = functools.partial(_effective_angle, parameters)
    plans, left_out, on_rising = {}, {}, {}
    for element, candidates in groups.items():
        candidates = [g for g in candidates if all(has_table(f"{element}_{s}") for s in g.subshells)]
        candidates.sort(key=lambda g: (not g.principal, -g.onset))
        reasons = []
        for group in candidates:
            windows, reason = _windows(group, others, start, stop, integration_width, fit_width)
            if windows is not None:
                measured = tuple(tuple(float(a + b * e) for e in w) for w in windows)  # on the spectrum's axis
                plans[element] = (group, windows[1], *measured)
                break
            reasons.append(reason)
        else:
            left_out[element] = "; ".join(reasons) or "no edge in the table"
            continue
        rising = _rising_edges(group, others, windows[0], parameters["beam_energy"], angle)
        if rising:
            on_rising[element] = rising
    sums = {}
    for element, (_, _, (f0, f1), window) in plans.items():
        middle = 0.5 * (f0 + f1)
        sums[element] = [_counts(signal.data, edges, *w) for w in ((f0, middle), (middle, f1), window)]
    if signal._lazy:
        import dask

        sums = dict(zip(sums, dask.compute(*sums.values())))
    results = {}
    for element, (group, (i0, i1), fit_window, integration_window) in plans.items():
        first, second, counts = (np.asarray(x, dtype=float) for x in sums[element])
        r = _power_law_exponent(first, second, *fit_window)
        background = (first + second) * _power_law_share(r, *integration_window, *fit_window)
        subshells = tuple(
            f"{element}_{s}"
            for g in edge_groups_of(element)
            for s, onset in zip(g.subshells, g.onsets)
            if group.onset <= onset < i1 and has_table(f"{element}_{s}")
        )
        sigma = sum(partial_cross_section(x, parameters["beam_energy"], angle(x), i0, i1) for x in subshells)
        value = counts - background
        value = value if value.ndim else float(value)
        results[element] = EdgeIntegral(element, group.label, subshells, fit_window, integration_window, value, sigma)
    if on_rising:
        listed = "; ".join(f"{el} on {', '.join(labels)}" for el, labels in on_rising.items())
        warnings.warn(
            f"background window on the rising part of another edge ({listed}): the power law fitted there falls "
            "where that edge still rises, so these elements' signals are not reliable (the model fit, create_model, "
            "models both edges together).",
            QuantificationWarning,
            stacklevel=2,
        )
    if left_out:
        listed = "; ".join(f"{el} ({why})" for el, why in left_out.items())
        warnings.warn(
            f"left out, no edge measurable alone: {listed}. An edge needs a {MIN_FIT_WIDTH:g} eV background window "
            f"(above {MIN_FIT_ENERGY:g} eV) and a {MIN_INTEGRATION_WIDTH:g} eV integration window in the spectrum, and "
            "no other element's edge starting beside it; overlapping edges are measured by the model fit "
            "(create_model), which models them together.",
            QuantificationWarning,
            stacklevel=2,
        )
    return results


def _effective_angle(parameters: dict, subshell: str) -> float:
    """exspy's effective collection angle (mrad) at the subshell's onset, as its EELSCLEdge uses it."""
    from exspy._misc.eels.effective_angle import effective_angle

    return float(
        effective_angle(
            parameters["beam_energy"], onset_energy(subshell), parameters["convergence_angle"],
            parameters["collection_angle"],
        )
    )  # fmt: skip


def integrated_fractions(integrals: dict[str, EdgeIntegral]) -> dict:
    """Atomic fractions from :func:`integrate_edges`, with a warning where an element's signal is not positive.

    Parameters
    ----------
    integrals : dict of str to EdgeIntegral
        The result of :func:`integrate_edges`.

    Returns
    -------
    dict of str to float or ndarray
        Element to atomic fraction (they add up to 1; maps for a spectrum
        image).

    Warns
    -----
    QuantificationWarning
        When an element's background-subtracted signal is zero, negative or
        NaN (in any pixel; in a spectrum image or line scan, pixels without
        the element give such values too, as the warning says).

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges, integrated_fractions
    >>> s = edgeid.data.synthetic_eels(["Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 800),
    ...                                atomic_ratios={"Mn": 1, "O": 1})
    >>> fractions = integrated_fractions(integrate_edges(s, ["Mn", "O"]))
    >>> {el: round(float(f), 2) for el, f in fractions.items()}
    {'Mn': 0.5, 'O': 0.5}
    """
    advice = (
        "The power law fitted before the edge did not hold under it (another edge, a step or too few counts in "
        "its background window: see the windows of integrate_edges' results and the spectrum)"
    )
    return fractions({el: r.areal_density for el, r in integrals.items()}, "integrated edge signal", advice, 3)
