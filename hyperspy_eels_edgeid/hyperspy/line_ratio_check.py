"""Co or Ba, Cu or Pr, Ni or La and Ce, Fe or Cs: the ratio of the two white lines decides.

Co L3 and L2 (779 and 794 eV) lie where Ba M5 and M4 do (781 and 796 eV), Cu L3 and L2 (931 and 951 eV) where Pr
M5 and M4 do, with the same spacing, Ni L3 and L2 (855 and 872 eV) 23 eV above La M5 and M4 and Fe L3 and L2 (708
and 721 eV) 18 eV below Cs M5 and M4, with the same spacing (within an axis miscalibration): position and shape
family do not tell them apart, and the network, trained on white lines of random ratios, reads tall 3d lines as the
lanthanide's.  Their physics does: the L3 line of a 3d oxide holds two to five times the intensity of its L2 line,
a Cs, Ba, La, Ce or Pr M5 line about as much as its M4 line or less (0.7-1.3).  Where the decision reports the
lanthanide and not the 3d metal, this check fits the two lines in the spectrum itself (:func:`fitted_line_ratio`)
and reports the metal instead where the first line holds at least :data:`RATIO` times the second (the lanthanide
becomes its alternative); for La, Ce and Cs, whose M5 edges lie 18-28 eV from Ni or Fe L3, only where the edge,
against the other reported edges, lies nearer the metal's L3 (:func:`metals_edge`).  In a spectrum image or line
scan that writes the lanthanide, :func:`map_ratio_suggestions` fits the summed spectrum of the pixels that show it,
and where the ratio is a 3d metal's :func:`name_metals_in_map` gives the metal the lanthanide's edge in every pixel
(in-memory results; a lazy one is not checked).  The rules and their measurements: ``experiments/line_ratio_check/``
(single spectra), ``experiments/map_line_ratio/`` (maps and line scans), ``experiments/ratio_onset_guard/``
(:func:`metals_edge`), ``experiments/cs_fe_lines/`` (Fe and Cs).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.line_ratio_check import fitted_line_ratio
>>> e = np.arange(740.0, 840.0, 0.25)
>>> lines = 3.0 * np.exp(-0.5 * ((e - 781.0) / 1.8) ** 2) + np.exp(-0.5 * ((e - 796.0) / 1.8) ** 2)
>>> round(fitted_line_ratio(e, 100.0 - 0.1 * (e - 740.0) + lines, 779.0, 15.0), 1)
3.0
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..edges import edge_groups_of, onset_energy
from .pooled_check import pooled_spectra

__all__ = [
    "PAIRS", "RATIO", "axis_error", "fitted_line_ratio", "hidden_metals", "map_ratio_suggestions", "metals_edge",
    "name_metals_in_map", "ratio_checked", "with_hidden",
]  # fmt: skip

#: (lanthanide, 3d metal) whose M5/M4 and L3/L2 white lines coincide (Ba, Pr) or lie within about 30 eV with the
#: same spacing (La and Ce beside Ni, Cs beside Fe, which the network reads as either).
PAIRS = (("Ba", "Co"), ("Pr", "Cu"), ("La", "Ni"), ("Ce", "Ni"), ("Cs", "Fe"))
#: First line's intensity over the second's from which the pair's edge is the 3d metal's.
RATIO = 2.0
_COINCIDENT_EV = 5.0  # a pair's tabulated edges this close (Ba M5 / Co L3, Pr M5 / Cu L3): position cannot tell
_ANCHOR_EV = 30.0  # an other element's onset counts for the axis error within this of its tabulated one


def axis_error(onsets: dict) -> float:
    """How far the axis puts edges from the table: the median of detected less tabulated onsets of other elements.

    Parameters
    ----------
    onsets : dict
        ``{element: detected onset (eV)}`` of the other reported elements, on the axis they were decided on.

    Returns
    -------
    float
        The median, over those within 30 eV of a tabulated principal onset, of the onset less the nearest one; 0
        where there is none.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.line_ratio_check import axis_error
    >>> axis_error({"O": 546.5, "Mn": 652.0})  # O K at 532 eV, Mn L3 at 640 eV: the axis reads 12-15 eV high
    13.25
    >>> axis_error({})
    0.0
    """
    residuals = []
    for element, onset in onsets.items():
        table = np.array([g.onset for g in edge_groups_of(element) if g.principal], dtype=float)
        if table.size and np.isfinite(onset):
            residual = onset - table[np.argmin(np.abs(table - onset))]
            if abs(residual) <= _ANCHOR_EV:
                residuals.append(residual)
    return float(np.median(residuals)) if residuals else 0.0


def metals_edge(onset: float, lanthanide: str, metal: str, others: dict) -> bool:
    """Whether an edge the network gave the lanthanide may be the metal's, by where it lies.

    Always for Ba / Co and Pr / Cu, whose edges coincide; for La or Ce against Ni and Cs against Fe where the onset,
    less the :func:`axis_error` of the other reported elements, lies nearer the metal's L3 than the lanthanide's M5
    onset.

    Parameters
    ----------
    onset : float
        The edge's detected onset (eV, on the axis it was decided on).
    lanthanide, metal : str
        A pair of :data:`PAIRS`.
    others : dict
        ``{element: detected onset}`` of the other reported elements, on the same axis.

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.line_ratio_check import metals_edge
    >>> metals_edge(846.0, "La", "Ni", {"O": 546.5})  # 831.5 eV on the table's axis: La M5 (832 eV), not Ni L3
    False
    >>> metals_edge(846.0, "La", "Ni", {"O": 532.5})
    True
    """
    metal_onset, lanthanide_onset = onset_energy(f"{metal}_L3"), onset_energy(f"{lanthanide}_M5")
    if abs(metal_onset - lanthanide_onset) <= _COINCIDENT_EV:
        return True
    corrected = onset - axis_error(others)
    return abs(corrected - metal_onset) < abs(corrected - lanthanide_onset)


def _spacing(lanthanide: str) -> float:
    """The table's distance (eV) between the lanthanide's M5 and M4 onsets."""
    return onset_energy(f"{lanthanide}_M4") - onset_energy(f"{lanthanide}_M5")


_SPACING_EV = (-1.5, -0.75, 0.0, 0.75, 1.5)  # around the table's spacing of the two lines
_PEAK_EV = np.arange(-1.0, 6.01, 0.5)  # the first line's maximum above the onset
_WIDTH_EV = (0.8, 1.2, 1.8, 2.6, 3.6, 5.0)  # the lines' common Gaussian sigma


def fitted_line_ratio(energy, counts, onset: float, spacing: float) -> float:
    """Intensity of the first of two white lines over the second's, fitted in a spectrum.

    Two Gaussian lines of one width, the second `spacing` (within 1.5 eV) above the first, whose maximum lies 1 eV
    below to 6 eV above `onset`, on a straight line and a 2:1 arctan step under the two lines, are fitted to the
    channels from 12 eV below `onset` to 20 eV above the second line: the positions, spacing and width by a grid
    search, the five amplitudes by linear least squares at each point.

    Parameters
    ----------
    energy : ndarray
        The spectrum's energy axis (eV), increasing.
    counts : ndarray
        Its intensities.
    onset : float
        The first line's edge onset on that axis (eV).
    spacing : float
        The table's distance between the two lines' onsets (eV).

    Returns
    -------
    float
        The ratio of the two lines' fitted areas; inf where the second line's is not positive and the first's is,
        NaN where neither is or fewer than 20 channels lie in the window.
    """
    energy, counts = np.asarray(energy, float), np.asarray(counts, float)
    inside = (energy >= onset - 12.0) & (energy <= onset + spacing + 20.0) & np.isfinite(counts)
    if inside.sum() < 20:
        return np.nan
    x, y = energy[inside] - onset, counts[inside]
    y = y / (np.median(np.abs(y)) or 1.0)
    best, ratio = np.inf, np.nan
    for d in spacing + np.asarray(_SPACING_EV):
        for p in _PEAK_EV:
            for w in _WIDTH_EV:
                step = (2.0 * np.arctan((x - p) / w) + np.arctan((x - p - d) / w)) / (3.0 * np.pi) + 0.5
                design = np.stack(
                    [np.ones_like(x), x, np.exp(-0.5 * ((x - p) / w) ** 2), np.exp(-0.5 * ((x - p - d) / w) ** 2), step],
                    axis=1,
                )
                coef = np.linalg.lstsq(design, y, rcond=None)[0]
                residual = float(np.sum((design @ coef - y) ** 2))
                if residual < best:
                    first, second = coef[2], coef[3]
                    best = residual
                    ratio = first / second if second > 0 else (np.inf if first > 0 else np.nan)
    return float(ratio)


def ratio_checked(prediction, energy, spectrum, thresholds, candidates=None, shift: float = 0.0):
    """A single spectrum's decision with each pair's edge given to the 3d metal where the line ratio says so.

    Parameters
    ----------
    prediction : EdgePrediction
        The decision for one spectrum, its onsets on the spectrum's own axis (as the axis shift search gives them).
    energy : ndarray
        The spectrum's own energy axis (eV), increasing.
    spectrum : ndarray
        Its intensities, as the network read them.
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    candidates : ndarray of bool, shape (K,), optional
        Elements that may be reported.
    shift : float, optional
        The searched axis shift (eV) the decision was made on: the onsets plus it are compared with the table's
        (:func:`metals_edge`).

    Returns
    -------
    prediction : EdgePrediction
        `prediction` where no pair was moved, otherwise a copy in which the 3d metal holds the lanthanide's
        probability and onset, and the lanthanide's evidence is explained by it.
    named : list of str
        The 3d metals so named.
    """
    elements = list(prediction.elements)
    p, onsets, explained = prediction.probabilities, prediction.onsets, prediction.explained_by
    named = []
    for lanthanide, metal in PAIRS:
        if lanthanide not in elements or metal not in elements:
            continue
        i, j = elements.index(lanthanide), elements.index(metal)
        reported = prediction.observable[0, i] and p[0, i] >= thresholds[i]
        open_to_metal = prediction.observable[0, j] and p[0, j] < thresholds[j]
        if not (reported and open_to_metal and (candidates is None or candidates[j])):
            continue
        others = {e: float(onsets[0, m]) + shift for m, e in enumerate(elements) if e not in (lanthanide, metal)
                  and prediction.observable[0, m] and p[0, m] >= thresholds[m]}  # fmt: skip
        if not metals_edge(float(onsets[0, i]) + shift, lanthanide, metal, others):
            continue
        if not fitted_line_ratio(energy, spectrum, float(onsets[0, i]), _spacing(lanthanide)) >= RATIO:
            continue
        if not named:
            p, onsets, explained = p.copy(), onsets.copy(), explained.copy()
        p[0, j], p[0, i] = p[0, i], 0.0
        onsets[0, j] = onsets[0, i]
        explained[0, i] = j
        named.append(metal)
    if not named:
        return prediction, named
    return dataclasses.replace(prediction, probabilities=p, onsets=onsets, explained_by=explained), named


def hidden_metals(free, candidates) -> dict:
    """The listed 3d metals whose lines a reading without the list gives to a lanthanide the list keeps out.

    With ``elements=["Cu", "O"]`` a map whose tall Cu lines the network reads as Pr (no candidate) writes neither:
    where the reading of its mean spectrum without the list, checked by the ratio (:func:`ratio_checked`), gave
    the lanthanide's edge to the metal, ``identify_edges`` lets the map's pixels report the lanthanide and gives
    its edge to the metal (:func:`name_metals_in_map`).

    Parameters
    ----------
    free : tuple
        ``(prediction, named)``: a spectrum's decision without the list and the metals the ratio check named in it
        (:func:`~.single_spectrum.read_without_list`).
    candidates : ndarray, shape (K,)
        The run's candidates (nonzero: may be reported).

    Returns
    -------
    dict
        ``{lanthanide: metal}``.
    """
    reading, named = free
    elements, allowed = list(reading.elements), np.asarray(candidates, bool)
    hidden = {}
    for lanthanide, metal in PAIRS:
        if metal in named and lanthanide in elements:
            i, j = elements.index(lanthanide), elements.index(metal)
            if reading.explained_by[0, i] == j and allowed[j] and not allowed[i]:
                hidden[lanthanide] = metal
    return hidden


def with_hidden(candidates, elements, hidden: dict):
    """The candidates a map's pixels are read with: `candidates` and the lanthanides of :func:`hidden_metals`.

    Parameters
    ----------
    candidates : ndarray or None
        The run's candidates.
    elements : sequence of str
        The model's elements.
    hidden : dict
        :func:`hidden_metals`' ``{lanthanide: metal}``.

    Returns
    -------
    ndarray or None
        `candidates` itself where `hidden` is empty, else a copy that also allows those lanthanides.
    """
    if not hidden:
        return candidates
    allowed = candidates.copy()
    allowed[[list(elements).index(lanthanide) for lanthanide in hidden]] = 1
    return allowed


def map_ratio_suggestions(data, probabilities, onsets, elements, detected, thresholds, energy, reverse=False,
                          candidates=None, shift: float = 0.0) -> dict:  # fmt: skip
    """For a map that wrote a lanthanide of :data:`PAIRS` and not its metal: the metal and ratio where the lines are 3d.

    Parameters
    ----------
    data : ndarray or dask array, shape (navigation..., C)
        The map's spectra.
    probabilities, onsets : ndarray, shape (navigation..., K)
        Each pixel's probabilities and onsets (eV, on the signal's axis) of the K elements.
    elements : sequence of str
        The K elements.
    detected : sequence of str
        The elements the map writes.
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    energy : ndarray
        The energy axis (eV), increasing.
    reverse : bool
        Whether the data's own axis decreases.
    candidates : ndarray of bool, shape (K,), optional
        Elements that may be reported.
    shift : float, optional
        The searched axis shift (eV) the map was decided on.

    Returns
    -------
    dict
        ``{lanthanide: (metal, ratio)}`` where the summed spectrum of the pixels showing the lanthanide has a
        :func:`fitted_line_ratio` of at least :data:`RATIO` at their median onset, which :func:`metals_edge`
        allows the metal (against the map's other written elements, each at its median onset).
    """
    elements = list(elements)
    k = len(elements)
    shown = np.asarray(probabilities).reshape(-1, k) >= np.asarray(thresholds)[None, :]
    onsets = np.asarray(onsets).reshape(-1, k)
    asked = []  # (lanthanide, metal, its pixels), summed in one pass over the data
    for lanthanide, metal in PAIRS:
        if lanthanide not in detected or metal in detected or metal not in elements:
            continue
        pixels = np.flatnonzero(shown[:, elements.index(lanthanide)])
        if (candidates is None or candidates[elements.index(metal)]) and pixels.size:
            asked.append((lanthanide, metal, pixels))
    if not asked:
        return {}
    sums = pooled_spectra(data, [pixels for _, _, pixels in asked])
    suggestions = {}
    for (lanthanide, metal, pixels), spectrum in zip(asked, sums):
        onset = float(np.nanmedian(onsets[pixels, elements.index(lanthanide)]))
        others = {e: float(np.nanmedian(onsets[shown[:, m], m])) + shift for m, e in enumerate(elements)
                  if e in detected and e not in (lanthanide, metal) and shown[:, m].any()}  # fmt: skip
        if not metals_edge(onset + shift, lanthanide, metal, others):
            continue
        ratio = fitted_line_ratio(energy, spectrum[::-1] if reverse else spectrum, onset, _spacing(lanthanide))
        if ratio >= RATIO:
            suggestions[lanthanide] = (metal, float(ratio))
    return suggestions


def name_metals_in_map(probabilities, onsets, elements, suggested: dict) -> list[str]:
    """Give each suggested lanthanide's edge to its 3d metal in a computed map or line scan (in place).

    In every pixel where the lanthanide's probability is at least the metal's, the metal takes it and the
    lanthanide's onset; the lanthanide's probability becomes 0 everywhere (NaN where the pixel was not analysed).

    Parameters
    ----------
    probabilities, onsets : ndarray, shape (navigation..., K)
        The map's probabilities and onsets of the K elements, changed in place.
    elements : sequence of str
        The K elements.
    suggested : dict
        :func:`map_ratio_suggestions`' result, ``{lanthanide: (metal, ratio)}``.

    Returns
    -------
    list of str
        The metals named, sorted.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[0.9, 0.1], [0.2, 0.3]], np.float32)
    >>> onsets = np.array([[781.0, 779.5], [783.0, 777.0]], np.float32)
    >>> name_metals_in_map(p, onsets, ["Ba", "Co"], {"Ba": ("Co", 3.1)})
    ['Co']
    >>> p.astype(float).round(2).tolist(), onsets[:, 1].tolist()
    ([[0.0, 0.9], [0.0, 0.3]], [781.0, 777.0])
    """
    elements = list(elements)
    for lanthanide, (metal, _) in suggested.items():
        i, j = elements.index(lanthanide), elements.index(metal)
        mine, theirs = probabilities[..., j], probabilities[..., i]
        takes = (theirs >= mine) | (np.isnan(mine) & ~np.isnan(theirs))  # a metal's NaN does not keep its edge
        probabilities[..., j] = np.where(takes, probabilities[..., i], probabilities[..., j])
        onsets[..., j] = np.where(takes, onsets[..., i], onsets[..., j])
        probabilities[..., i] = np.where(np.isnan(probabilities[..., i]), np.nan, 0.0)
    return sorted({metal for metal, _ in suggested.values()})
