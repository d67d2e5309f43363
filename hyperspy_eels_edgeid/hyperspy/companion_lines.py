"""A second pair of white lines beside a reported one: the element the network read into the first (single spectra).

La M5/M4 (832/849 eV) and Ni L3/L2 (855/872 eV), Ce M5/M4 (883/901 eV) and Ni, Cs M5/M4 (726/740 eV) and Fe L3/L2
(708/721 eV) lie 18-28 eV apart with about the same spacing.  Where a specimen holds both elements (LaNiO3, a Cs-Fe
compound), the network reads the two pairs of lines as one element's and reports only one of them.  Where one
element of such a pair (:data:`~.line_ratio_check.PAIRS` whose edges lie apart) is reported and the other is a judged
candidate that is not, :func:`companion_amplitude` fits four lines in the spectrum (the reported pair at its detected
onset, the other pair at the table's offset from it) and :func:`companions_checked` reports the other element where
its pair stands at least :data:`SIGNIFICANCE` standard errors and :data:`SHARE` of the reported pair's amplitude, and
no edge of a third reported element lies in the fitted channels (the rule and its measurement:
``experiments/companion_lines/``).  Spectrum images and line scans are not changed.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.companion_lines import companion_amplitude
>>> e = np.arange(800.0, 920.0, 0.25)
>>> def line(c):
...     return np.exp(-0.5 * ((e - c) / 1.5) ** 2)
>>> la = 1000.0 * (line(833.5) + 1.1 * line(850.5))                     # La M5, M4
>>> ni = 600.0 * line(856.5) + 200.0 * line(873.5)                       # Ni L3, L2
>>> background = 5000.0 * (e / 800.0) ** -3
>>> rng = np.random.default_rng(0)
>>> share, t, onset = companion_amplitude(e, rng.poisson(background + la + ni).astype(float), 832.0, "La", "Ni")
>>> bool(share > 0.3 and t > 5), round(onset)
(True, 855)
>>> share, t, _ = companion_amplitude(e, rng.poisson(background + la).astype(float), 832.0, "La", "Ni")
>>> bool(t < 5)
True
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..edges import major_subshell_onsets, onset_energy
from .line_ratio_check import PAIRS

__all__ = ["SHARE", "SIGNIFICANCE", "companion_amplitude", "companions_checked", "fit_window"]

#: Least amplitude of the other pair, in standard errors of the fit.
SIGNIFICANCE = 5.0
#: Least amplitude of the other pair, as a share of the reported pair's.
SHARE = 0.15
_COINCIDENT_EV = 5.0  # pairs whose edges lie this close (Ba/Co, Pr/Cu): one pair of lines, nothing to tell apart

_PEAK_EV = np.arange(-1.0, 6.01, 0.5)  # the reported pair's first line above its onset
_OFFSET_EV = (-1.5, -0.75, 0.0, 0.75, 1.5)  # the other pair's place around the table's offset
_WIDTH_EV = (0.8, 1.2, 1.8, 2.6, 3.6)  # the lines' common Gaussian sigma


def _first_and_spacing(element: str) -> tuple[float, float]:
    """Onset of the element's first white line (a 3d metal's L3, a lanthanide's M5) and the spacing to its second."""
    first, second = ("L3", "L2") if element in {metal for _, metal in PAIRS} else ("M5", "M4")
    return onset_energy(f"{element}_{first}"), onset_energy(f"{element}_{second}") - onset_energy(f"{element}_{first}")


def _lines(x, first, spacing, width):
    """Two Gaussian lines and their 2:1 step, as three columns."""
    step = (2.0 * np.arctan((x - first) / width) + np.arctan((x - first - spacing) / width)) / (3.0 * np.pi) + 0.5
    return [np.exp(-0.5 * ((x - first) / width) ** 2), np.exp(-0.5 * ((x - first - spacing) / width) ** 2), step]


def _edges_as_seen(element: str, onset: float) -> np.ndarray:
    """The element's Major edges on a spectrum's axis, placed by its detected onset (eV)."""
    table = np.asarray(major_subshell_onsets(element), dtype=float)
    return table + (onset - table[np.argmin(np.abs(table - onset))]) if np.isfinite(onset) else table


def fit_window(onset: float, reported: str, other: str) -> tuple[float, float]:
    """The channels :func:`companion_amplitude` fits (eV): 12 eV below the first line to 20 eV above the last.

    Parameters
    ----------
    onset : float
        The reported element's detected onset (eV).
    reported, other : str
        The reported element and the other element of the pair.

    Returns
    -------
    (float, float)
    """
    first_r, spacing_r = _first_and_spacing(reported)
    first_o, spacing_o = _first_and_spacing(other)
    offset = first_o - first_r
    return onset + min(0.0, offset) - 12.0, onset + max(spacing_r, offset + spacing_o) + 20.0


def companion_amplitude(energy, counts, onset: float, reported: str, other: str) -> tuple[float, float, float]:
    """How strongly a second pair of white lines, the other element's, stands beside the reported element's.

    The reported pair (its first line 1 eV below to 6 eV above `onset`) and the other pair (at the table's offset
    from it, within ±1.5 eV), each at its table spacing, one Gaussian width for all four lines, with a straight
    background and a 2:1 step under each pair, are fitted to the channels from 12 eV below the first line to 20 eV
    above the last: positions and width by a grid search, the eight amplitudes by linear least squares.  A pair's
    amplitude is the sum of its two lines'.

    Parameters
    ----------
    energy : ndarray
        The spectrum's energy axis (eV), increasing.
    counts : ndarray
        Its intensities.
    onset : float
        The reported element's detected onset on that axis (eV).
    reported, other : str
        The reported element and the other element of the pair.

    Returns
    -------
    share : float
        The other pair's amplitude over the reported pair's (NaN where the window holds under 40 channels).
    significance : float
        The other pair's amplitude in standard errors of the fit.
    other_onset : float
        The other element's onset: `onset` plus the fitted offset of the other pair (eV).
    """
    energy, counts = np.asarray(energy, float), np.asarray(counts, float)
    first_r, spacing_r = _first_and_spacing(reported)
    first_o, spacing_o = _first_and_spacing(other)
    offset = first_o - first_r
    lo, hi = fit_window(onset, reported, other)
    inside = (energy >= lo) & (energy <= hi) & np.isfinite(counts)
    if inside.sum() < 40:
        return np.nan, 0.0, np.nan
    x, y = energy[inside] - onset, counts[inside]
    y = y / (np.median(np.abs(y)) or 1.0)
    reported_lines, other_lines = np.array([0, 0, 1, 1, 0, 0, 0, 0.0]), np.array([0, 0, 0, 0, 0, 1, 1, 0.0])
    best = (np.inf, np.nan, 0.0, np.nan)
    for p in _PEAK_EV:
        for q in offset + np.asarray(_OFFSET_EV):
            for w in _WIDTH_EV:
                columns = [np.ones_like(x), x, *_lines(x, p, spacing_r, w), *_lines(x, p + q, spacing_o, w)]
                design = np.stack(columns, axis=1)
                coef, residual, rank, _ = np.linalg.lstsq(design, y, rcond=None)
                if rank < design.shape[1] or not residual.size or residual[0] >= best[0]:
                    continue
                covariance = residual[0] / max(x.size - rank, 1) * np.linalg.inv(design.T @ design)
                amplitude_r, amplitude_o = reported_lines @ coef, other_lines @ coef
                error = np.sqrt(max(other_lines @ covariance @ other_lines, 1e-30))
                share = amplitude_o / amplitude_r if amplitude_r > 0 else np.nan
                best = (residual[0], share, amplitude_o / error, onset + q)
    return float(best[1]), float(best[2]), float(best[3])


def companions_checked(prediction, energy, spectrum, thresholds, candidates=None):
    """A single spectrum's decision with the hidden element of each pair reported where its lines stand beside.

    Parameters
    ----------
    prediction : EdgePrediction
        The decision for one spectrum, its onsets on the spectrum's own axis.
    energy : ndarray
        The spectrum's own energy axis (eV), increasing.
    spectrum : ndarray
        Its intensities, as the network read them.
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    candidates : ndarray of bool, shape (K,), optional
        Elements that may be reported.

    Returns
    -------
    prediction : EdgePrediction
        `prediction` where nothing was added, otherwise a copy in which each added element holds the reported one's
        probability and its fitted onset.
    named : list of str
        The elements so added.
    """
    elements = list(prediction.elements)
    p, onsets = prediction.probabilities, prediction.onsets
    reported_now = prediction.observable[0] & (p[0] >= np.asarray(thresholds))
    named = []
    for lanthanide, metal in PAIRS:
        if lanthanide not in elements or metal not in elements:
            continue
        if abs(onset_energy(f"{metal}_L3") - onset_energy(f"{lanthanide}_M5")) <= _COINCIDENT_EV:
            continue
        for reported, other in ((lanthanide, metal), (metal, lanthanide)):
            i, j = elements.index(reported), elements.index(other)
            shown = reported_now[i]  # reported by the decision, not by this check (no chains)
            open_to_other = prediction.observable[0, j] and p[0, j] < thresholds[j] and other not in named
            if not (shown and open_to_other and (candidates is None or candidates[j])):
                continue
            lo, hi = fit_window(float(onsets[0, i]), reported, other)
            if any(lo <= e <= hi for k in np.flatnonzero(reported_now) if elements[k] not in (reported, other)
                   for e in _edges_as_seen(elements[k], float(onsets[0, k]))):  # fmt: skip
                continue  # another reported element's edge lies where the four lines are fitted: not modelled
            share, significance, onset = companion_amplitude(energy, spectrum, float(onsets[0, i]), reported, other)
            if not (significance >= SIGNIFICANCE and share >= SHARE):
                continue
            if not named:
                p, onsets = p.copy(), onsets.copy()
            p[0, j], onsets[0, j] = p[0, i], onset
            named.append(other)
    if not named:
        return prediction, named
    explained = prediction.explained_by.copy()
    for other in named:
        explained[0, elements.index(other)] = -1
    return dataclasses.replace(prediction, probabilities=p, onsets=onsets, explained_by=explained), named
