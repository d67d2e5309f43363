"""Which edges have white lines that the DFT table lacks, and where to keep them out of a fit.

The bundled table is computed for neutral ground-state atoms: transitions
into bound, empty d and f states (the L3/L2 white lines of the 3d, 4d and 5d
metals, the M3/M2 lines of Sr-Rh, the M5/M4 and N5/N4 lines of Cs-Lu and of
the actinides, the actinide O5/O4 lines) are not in it; only the continuum is.  A fitted
continuum edge forced through the white lines overestimates the element.
:func:`white_line_windows` gives, per element, the energy ranges the white
lines occupy, one per pair of lines (L3 with L2, M5 with M4, N5 with N4 ...):
from 5 eV below the pair's first onset to ``WHITE_LINE_MARGIN`` eV past its
last one.  La's N5/N4 lines (99/101 eV) and M5/M4 lines (832/849 eV) are two
ranges, not one from 94 to 869 eV that would take O K out of a La2O3 fit.
:func:`hyperspy_eels_edgeid.hyperspy.quantification.create_model` leaves these
ranges out of the fit by default, so the edge's intensity (the element's
areal density) is set by the continuum past the white lines, as in
Egerton's integration windows that start past the white lines.

Examples
--------
>>> from hyperspy_eels_edgeid.cross_sections.white_lines import white_line_windows
>>> white_line_windows("Mn", ["Mn_L3", "Mn_L2", "Mn_L1"])
[(635.0, 671.0)]
>>> white_line_windows("O", ["O_K"])
[]
"""

from __future__ import annotations

import functools

from ..edges import atomic_number, edge_groups_of, major_subshell_onsets, onset_energy

__all__ = [
    "M23_WHITE_LINE_Z", "WHITE_LINE_LEAD", "WHITE_LINE_MARGIN", "has_white_lines", "visible_onsets",
    "white_line_windows",
]  # fmt: skip

#: eV kept out past the last white-line onset (the lines are a few eV wide,
#: plus the instrument's broadening and a miscalibration of a few eV).
WHITE_LINE_MARGIN = 20.0
#: eV kept out below the first white-line onset (onsets in exspy's table and
#: in real spectra differ by a few eV).
WHITE_LINE_LEAD = 5.0

#: Elements (first and last Z) whose M3/M2 edges have 3p -> 4d white lines: Sr-Rh, the 4d shell empty (Sr2+,
#: Y3+, Zr4+) to partly filled; Pd-Cd (4d nearly or quite full) have none.  The synthesizer's
#: ``SynthesisConfig.m23_white_lines`` draws them on the same elements.
M23_WHITE_LINE_Z = (38, 45)

# subshell names by family, and the atomic numbers whose family has white lines
_FAMILIES = {
    "L": (("L3", "L2", "L2,3"), ((19, 30), (39, 46), (72, 78))),  # 3d, 4d, 5d metals (K-Zn as the synthesizer)
    "M": (("M5", "M4", "M4,5"), ((54, 71), (89, 95))),  # Xe-Lu (4f) as the synthesizer, actinides (5f)
    "M23": (("M3", "M2", "M2,3"), (M23_WHITE_LINE_Z,)),  # Sr-Rh 3p->4d
    "N": (("N5", "N4", "N4,5"), ((57, 71), (89, 95))),  # lanthanide 4d->4f and actinide 4d->5f
    "O": (("O5", "O4", "O4,5"), ((89, 95),)),  # actinide 5d->5f
}


def has_white_lines(subshell: str) -> bool:
    """Whether an edge (``"Mn_L3"``, ``"La_M4"`` ...) has white lines the table lacks.

    Parameters
    ----------
    subshell : str
        exspy's ``Element_Subshell`` name.

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.white_lines import has_white_lines
    >>> has_white_lines("Ti_L2"), has_white_lines("Sn_M5"), has_white_lines("Ce_M5"), has_white_lines("Ti_L1")
    (True, False, True, False)
    >>> has_white_lines("Zr_M3"), has_white_lines("Ag_M3")   # 3p -> 4d: Zr's 4d shell is empty, Ag's full
    (True, False)
    """
    return _white_line_family(subshell) is not None


def _white_line_family(subshell: str) -> str | None:
    """The family (``"L"``, ``"M23"``, ``"M"``, ``"N"``, ``"O"``) of an edge with white lines the table lacks.

    None for an edge without them.
    """
    element, _, shell = subshell.partition("_")
    z = atomic_number(element)
    for family, (shells, ranges) in _FAMILIES.items():
        if shell in shells:
            return family if any(lo <= z <= hi for lo, hi in ranges) else None
    return None


def white_line_windows(element: str, subshells, extra: float = 0.0) -> list[tuple[float, float]]:
    """Energy ranges (eV) of an element's white lines among the given edges, one per pair of lines.

    Parameters
    ----------
    element : str
        Chemical symbol.
    subshells : iterable of str
        exspy subshell names (``"Mn_L3"`` ...) in the model; those of other
        elements are ignored.
    extra : float
        eV added to the end of each range, e.g. the plasmon energy, so that
        the white lines' plural-scattering replica is left out too.

    Returns
    -------
    list of (float, float)
        ``(first onset - WHITE_LINE_LEAD, last onset + WHITE_LINE_MARGIN + extra)``
        over each family of the element's white-line edges (L3/L2, M3/M2,
        M5/M4, N5/N4, O5/O4; onsets from exspy's table), lowest first; empty when it
        has none among `subshells`.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.white_lines import white_line_windows
    >>> white_line_windows("La", ["La_M5", "La_M4", "Mn_L3"])
    [(827.0, 869.0)]
    >>> white_line_windows("La", ["La_M5", "La_M4"], extra=25.0)   # with a 25 eV plasmon
    [(827.0, 894.0)]
    >>> white_line_windows("La", ["La_N5", "La_N4", "La_M5", "La_M4", "O_K"])   # O K (532 eV) stays in the fit
    [(94.0, 119.0), (827.0, 869.0)]
    """
    families: dict[str, list[float]] = {}
    for subshell in subshells:
        family = _white_line_family(subshell) if subshell.partition("_")[0] == element else None
        if family is not None:
            families.setdefault(family, []).append(onset_energy(subshell))
    return sorted((min(o) - WHITE_LINE_LEAD, max(o) + WHITE_LINE_MARGIN + extra) for o in families.values())


@functools.lru_cache(maxsize=None)
def visible_onsets(element: str) -> tuple[float, ...]:
    """Onsets (eV) of an element's edges that show in a spectrum: its Major subshells and those with white lines.

    exspy's table calls the M3 and M2 edges of Sr-Rh Minor, but their white lines stand out as a Major edge does.

    Parameters
    ----------
    element : str
        Chemical symbol.

    Returns
    -------
    tuple of float
        Sorted onsets.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.white_lines import visible_onsets
    >>> visible_onsets("Zr")  # M4,5, the M3/M2 pair with white lines, L3 and L2
    (181.0, 330.0, 344.0, 2222.0, 2307.0)
    """
    groups = edge_groups_of(element)
    lines = [o for g in groups for s, o in zip(g.subshells, g.onsets) if has_white_lines(f"{element}_{s}")]
    return tuple(sorted(set(major_subshell_onsets(element)) | set(lines)))
