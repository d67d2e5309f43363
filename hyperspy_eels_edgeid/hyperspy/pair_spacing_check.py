"""Ca or Zr, Ca or Nb, Sc or Mo ...: the spacing of two white lines decides.

The M3 and M2 edges of Sr-Rh carry white lines (3p -> 4d), a pair 11-25 eV apart: Zr's at 330 and 344 eV, Nb's at 363
and 378 eV, on either side of Ca's L3 and L2 lines (346 and 350 eV).  The network reads such a pair as the 3d
metal's L3/L2 lines (the Atlas ZrO2 and Nb2O5 spectra give Ca, ``experiments/random_windows/``), which lie only 2-9 eV
apart.  Where a single spectrum's decision reports a 3d metal X whose L3 onset lies within :data:`NEAR_EV` of the M3
or M2 onset of such a 4d element Y (:func:`spacing_pairs`, from exspy's table), this check fits the two-line model of
:func:`~.line_ratio_check.two_line_fit` twice over one window of the spectrum, once with X's L3 onset and L3-L2
spacing, once with Y's M3 onset and M3-M2 spacing, and does not report X where Y's pair leaves at most
:data:`RESIDUAL_FACTOR` of the residual X's leaves: X's edge is then explained by Y.  Elements the user named are not
checked, nor line scans and spectrum images.  The rule and its measurement: ``experiments/m23_pair_check/``.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.pair_spacing_check import pair_residuals
>>> e = np.arange(280.0, 420.0, 0.5)
>>> zr = 3.0 * np.exp(-0.5 * ((e - 334.0) / 2.0) ** 2) + 1.5 * np.exp(-0.5 * ((e - 348.0) / 2.0) ** 2)
>>> r_ca, r_zr = pair_residuals(e, 100.0 - 0.1 * (e - 280.0) + zr, "Ca", "Zr")
>>> bool(r_zr <= RESIDUAL_FACTOR * r_ca)
True
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from ..cross_sections.white_lines import M23_WHITE_LINE_Z, has_white_lines
from ..edges import all_edge_groups, edge_groups_of, onset_energy
from ..recognizer.decoder import NAMED
from .line_ratio_check import two_line_fit

__all__ = ["NEAR_EV", "RESIDUAL_FACTOR", "pair_residuals", "spacing_checked", "spacing_pairs"]

#: A 4d element's M3 or M2 onset this close (eV) to a 3d metal's L3 onset makes the two a pair.
NEAR_EV = 25.0
#: The 3d metal is not reported where the 4d pair's fit leaves at most this share of its own fit's residual.
RESIDUAL_FACTOR = 0.5
_BELOW_EV, _ABOVE_EV = 12.0, 20.0  # the fitted window: below the lower first onset, above the higher second one
_MIN_CHANNELS = 20


def _subshells(element: str) -> set:
    return {s for g in edge_groups_of(element) for s in g.subshells}


@functools.lru_cache(maxsize=None)
def spacing_pairs() -> tuple[tuple[str, str], ...]:
    """(3d metal, 4d element) pairs whose L3 and M3 or M2 onsets lie within :data:`NEAR_EV` in exspy's table.

    Returns
    -------
    tuple of (str, str)
        The 3d metals whose L3 edge has white lines (K-Zn), each with the elements of
        :data:`~hyperspy_eels_edgeid.cross_sections.white_lines.M23_WHITE_LINE_Z` (Sr-Rh, M3 and M2 edges) near it.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.pair_spacing_check import spacing_pairs
    >>> ("Ca", "Zr") in spacing_pairs(), ("Ti", "Ru") in spacing_pairs(), ("Fe", "Ru") in spacing_pairs()
    (True, True, False)
    """
    z = {g.element: g.z for g in all_edge_groups()}
    metals = sorted((e for e in z if z[e] < M23_WHITE_LINE_Z[0] and has_white_lines(f"{e}_L3") and "L2" in _subshells(e)),
                    key=z.get)  # the 3d metals
    fourth = sorted((e for e in z if M23_WHITE_LINE_Z[0] <= z[e] <= M23_WHITE_LINE_Z[1]
                     and {"M3", "M2"} <= _subshells(e)), key=z.get)  # fmt: skip
    return tuple(
        (x, y) for x in metals for y in fourth
        if min(abs(onset_energy(f"{y}_{s}") - onset_energy(f"{x}_L3")) for s in ("M3", "M2")) <= NEAR_EV
    )  # fmt: skip


def pair_residuals(energy, counts, metal: str, fourth: str, shift: float = 0.0):
    """Residuals of the two-line fit with the 3d metal's L3/L2 lines and with the 4d element's M3/M2 lines.

    Parameters
    ----------
    energy : ndarray
        The spectrum's own energy axis (eV), increasing.
    counts : ndarray
        Its intensities.
    metal, fourth : str
        A pair of :func:`spacing_pairs`.
    shift : float, optional
        The searched axis shift (eV): the table's onsets less it are where the edges lie on this axis.

    Returns
    -------
    (float, float) or None
        The metal's and the 4d element's residuals over one window (the same normalisation), None where the
        window is not measured or holds fewer than 20 channels.
    """
    l3, l2 = (onset_energy(f"{metal}_{s}") - shift for s in ("L3", "L2"))
    m3, m2 = (onset_energy(f"{fourth}_{s}") - shift for s in ("M3", "M2"))
    window = (min(l3, m3) - _BELOW_EV, max(l2, m2) + _ABOVE_EV)
    energy = np.asarray(energy, float)
    if window[0] < energy[0] or window[1] > energy[-1]:
        return None
    own, theirs = two_line_fit(energy, counts, l3, l2 - l3, window), two_line_fit(energy, counts, m3, m2 - m3, window)
    if own is None or theirs is None or np.sum((energy >= window[0]) & (energy <= window[1])) < _MIN_CHANNELS:
        return None
    return own[0], theirs[0]


def spacing_checked(prediction, energy, spectrum, thresholds, candidates=None, shift: float = 0.0):
    """A single spectrum's decision without the 3d metals whose lines are a 4d element's M3/M2 pair.

    Parameters
    ----------
    prediction : EdgePrediction
        The decision for one spectrum.
    energy : ndarray
        The spectrum's own energy axis (eV), increasing.
    spectrum : ndarray
        Its intensities, as the network read them.
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    candidates : ndarray of int, shape (K,), optional
        Elements that may be reported; those marked :data:`~hyperspy_eels_edgeid.recognizer.decoder.NAMED` are not
        checked.
    shift : float, optional
        The searched axis shift (eV) the decision was made on.

    Returns
    -------
    prediction : EdgePrediction
        `prediction` where no metal was taken out, otherwise a copy in which each such metal has probability 0 and
        its evidence is explained by the 4d element.
    explained : dict
        ``{metal: 4d element}`` of the metals taken out.
    """
    elements = list(prediction.elements)
    p, explained_by = prediction.probabilities, prediction.explained_by
    explained = {}
    for metal, fourth in spacing_pairs():
        if metal in explained or metal not in elements or fourth not in elements:
            continue
        i, j = elements.index(metal), elements.index(fourth)
        if not (prediction.observable[0, i] and p[0, i] >= thresholds[i]):
            continue
        if candidates is not None and candidates[i] == NAMED:
            continue
        residuals = pair_residuals(energy, spectrum, metal, fourth, shift)
        if residuals is None or not residuals[1] <= RESIDUAL_FACTOR * residuals[0]:
            continue
        if not explained:
            p, explained_by = p.copy(), explained_by.copy()
        p[0, i] = 0.0
        explained_by[0, i] = j
        explained[metal] = fourth
    if not explained:
        return prediction, explained
    return dataclasses.replace(prediction, probabilities=p, explained_by=explained_by), explained
