"""Edge shape families: what the network's edge head says an edge looks like.

The element a detected edge belongs to is decided by the decoder; the network's
edge head only says, at every step, whether an edge starts there and which
*shape family* it has.  The families follow the edge's subshell group (from
exspy's database, :mod:`hyperspy_eels_edgeid.edges`) and whether it carries
white lines, not its role: a Fe L1 edge is an ``L1`` edge whether Fe's L2,3
edge is in the window or not.

=============  ===============================================================
family         edges
=============  ===============================================================
``none``       no edge starts at this step
``K``          K edges (sawtooth)
``L23_white``  L2,3 edges with white lines (K-Zn, Z 19-30)
``L23``        other L2,3 edges (delayed or hydrogenic-like rises)
``L1``         L1 edges (weak steps)
``M45_white``  M4,5 edges with white lines (Xe-Lu, Z 54-71)
``M45``        other M4,5 edges (delayed maxima)
``M23``        M2,3 edges
``N45``        N4,5 edges
=============  ===============================================================

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES, family_index
>>> FAMILIES[family_index("Fe", "L3")], FAMILIES[family_index("Ag", "M5")]
('L23_white', 'M45')
"""

from __future__ import annotations

import functools

import numpy as np

from ..edges import atomic_number, edge_groups_of

__all__ = ["FAMILIES", "WHITE_LINE_FAMILIES", "family_index", "family_indices", "element_edge_families"]

FAMILIES = ("none", "K", "L23_white", "L23", "L1", "M45_white", "M45", "M23", "N45")
#: indices of the families with white lines
WHITE_LINE_FAMILIES = (FAMILIES.index("L23_white"), FAMILIES.index("M45_white"))


@functools.lru_cache(maxsize=None)
def family_index(element: str, group: str) -> int:
    """Index in :data:`FAMILIES` of an edge group of an element.

    Parameters
    ----------
    element : str
        Chemical symbol.
    group : str
        Edge-group name as in :class:`~hyperspy_eels_edgeid.edges.EdgeGroup`
        (``"K"``, ``"L3"``, ``"L2,3"``, ``"L1"``, ``"M5"``, ``"M3"``, ``"N5"``).

    Returns
    -------
    int

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES, family_index
    >>> [FAMILIES[family_index(e, g)] for e, g in [("O", "K"), ("Si", "L3"), ("Gd", "M5"), ("La", "M3")]]
    ['K', 'L23', 'M45_white', 'M23']
    """
    z = atomic_number(element)
    if group == "K":
        name = "K"
    elif group in ("L3", "L2,3"):
        name = "L23_white" if 19 <= z <= 30 and group == "L3" else "L23"
    elif group == "L1":
        name = "L1"
    elif group == "M5":
        name = "M45_white" if 54 <= z <= 71 else "M45"
    elif group == "M3":
        name = "M23"
    elif group == "N5":
        name = "N45"
    else:
        raise ValueError(f"group: unknown edge group {group!r} of {element}")
    return FAMILIES.index(name)


def family_indices(elements: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """:func:`family_index` of each (element, group) pair.

    Parameters
    ----------
    elements, groups : array_like of str
        Element symbols and edge-group names, one per edge.

    Returns
    -------
    ndarray of int64
    """
    return np.array([family_index(str(e), str(g)) for e, g in zip(elements, groups)], dtype=np.int64)


@functools.lru_cache(maxsize=None)
def element_edge_families(element: str) -> tuple[tuple[float, int, bool], ...]:
    """Every edge group of an element: (onset eV, family index, principal and Major).

    Parameters
    ----------
    element : str
        Chemical symbol.

    Returns
    -------
    tuple of (float, int, bool)

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.edge_families import element_edge_families
    >>> element_edge_families("Ca")
    ((346.0, 2, True), (438.0, 4, False))
    """
    return tuple((g.onset, family_index(element, g.name), g.principal and g.major) for g in edge_groups_of(element))
