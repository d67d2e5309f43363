"""The edge table: which elements have which ionization edges, and where.

Every onset energy comes from exspy's element database
(``exspy.material.elements``); nothing here is typed by hand.  This module
groups the database's subshells into *edge groups* (for instance Fe L3 and
Fe L2 form the group ``Fe_L3``, whose white lines and continua are
synthesized together) and decides which groups are *principal*: the edges
that identify an element (K; L2,3 for Z >= 11; M4,5 for Z >= 31; N4,5 for
the actinides), following the labelling rules of the real-spectra benchmark.
Secondary groups (L1, M2,3, ...) are synthesized as weak structure but never
make an element a label.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = [
    "EdgeGroup",
    "all_edge_groups",
    "edge_groups_of",
    "elements_with_principal_edge",
    "atomic_number",
    "is_element",
    "onset_energy",
    "major_subshell_onsets",
]

#: Subshells that are synthesized together, keyed by the group's name (the
#: lowest-energy member, which is also the edge reported as the label).
_GROUP_MEMBERS = {
    "K": ("K",),
    "L3": ("L3", "L2"),
    "L2,3": ("L2,3",),
    "L1": ("L1",),
    "M5": ("M5", "M4"),
    "M3": ("M3", "M2"),
    "N5": ("N5", "N4"),
}


def _is_principal(group: str, z: int) -> bool:
    """Principal edges: K; L2,3 for Z >= 11; M4,5 for Z >= 31; N4,5 for Z >= 89."""
    if group == "K":
        return True
    if group in ("L3", "L2,3"):
        return z >= 11
    if group == "M5":
        return z >= 31
    if group == "N5":
        return z >= 89
    return False


@dataclass(frozen=True)
class EdgeGroup:
    """One edge group of one element.

    Attributes
    ----------
    element : str
        Chemical symbol.
    name : str
        Group name, the database name of its lowest-energy subshell
        (``"K"``, ``"L3"``, ``"L2,3"``, ``"M5"`` ...).
    z : int
        Atomic number.
    onsets : tuple of float
        Onset energies (eV) of the group's subshells, lowest first, from
        exspy's database.
    subshells : tuple of str
        Database names of those subshells.
    principal : bool
        Whether the group identifies the element (see module docstring).
    major : bool
        Whether exspy's database marks the group's first subshell "Major".
    """

    element: str
    name: str
    z: int
    onsets: tuple[float, ...]
    subshells: tuple[str, ...]
    principal: bool
    major: bool

    @property
    def label(self) -> str:
        """``"Fe_L3"``-style name, as exspy names subshells."""
        return f"{self.element}_{self.name}"

    @property
    def onset(self) -> float:
        """Onset energy (eV) of the group, that of its lowest subshell."""
        return self.onsets[0]


def _database() -> dict:
    from exspy._misc.elements import elements  # the plain dict behind exspy.material.elements

    return elements


@functools.lru_cache(maxsize=1)
def all_edge_groups() -> tuple[EdgeGroup, ...]:
    """All edge groups of all elements in exspy's database, sorted by onset.

    Returns
    -------
    tuple of EdgeGroup

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import all_edge_groups
    >>> [g.label for g in all_edge_groups() if g.element == "Fe"]
    ['Fe_M3', 'Fe_L3', 'Fe_L1', 'Fe_K']
    """
    groups = []
    for element, entry in _database().items():
        shells = entry.get("Atomic_properties", {}).get("Binding_energies", {})
        z = int(entry["General_properties"]["Z"])
        for name, members in _GROUP_MEMBERS.items():
            present = [m for m in members if m in shells]
            if name not in shells:
                continue
            present.sort(key=lambda m: shells[m]["onset_energy (eV)"])
            onsets = tuple(float(shells[m]["onset_energy (eV)"]) for m in present)
            groups.append(
                EdgeGroup(
                    element=element,
                    name=name,
                    z=z,
                    onsets=onsets,
                    subshells=tuple(present),
                    principal=_is_principal(name, z),
                    major=shells[name]["relevance"] == "Major",
                )
            )
    groups.sort(key=lambda g: (g.onset, g.z))
    return tuple(groups)


@functools.lru_cache(maxsize=None)
def edge_groups_of(element: str) -> tuple[EdgeGroup, ...]:
    """Edge groups of one element, sorted by onset.

    Parameters
    ----------
    element : str
        Element symbol.

    Raises
    ------
    ValueError
        If `element` is not in exspy's database.
    """
    groups = tuple(g for g in all_edge_groups() if g.element == element)
    if element not in _database():
        raise ValueError(
            f"elements: unknown element {element!r}; use a chemical symbol such as 'Fe' "
            "that exspy's element database (exspy.material.elements) knows."
        )
    return groups


def atomic_number(element: str) -> int:
    """Atomic number of `element` from exspy's database.

    Parameters
    ----------
    element : str
        Element symbol.
    """
    if element not in _database():
        raise ValueError(f"elements: unknown element {element!r}.")
    return int(_database()[element]["General_properties"]["Z"])


def is_element(symbol) -> bool:
    """Whether `symbol` names an element of exspy's database.

    Parameters
    ----------
    symbol : object
        A chemical symbol (anything else gives False).

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import is_element
    >>> is_element("Fe"), is_element("Xx")
    (True, False)
    """
    return isinstance(symbol, str) and symbol in _database()


def onset_energy(label: str) -> float:
    """Onset energy (eV) of a subshell named like ``"Fe_L3"``.

    Parameters
    ----------
    label : str
        Subshell label, element and subshell joined by ``_``.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import onset_energy
    >>> onset_energy("O_K")
    532.0
    """
    element, _, shell = label.partition("_")
    try:
        return float(_database()[element]["Atomic_properties"]["Binding_energies"][shell]["onset_energy (eV)"])
    except KeyError:
        raise ValueError(f"unknown edge {label!r}: exspy's database has no such subshell.") from None


def elements_with_principal_edge(
    energy_range: tuple[float, float], margins: tuple[float, float] = (0.0, 0.0)
) -> list[str]:
    """Elements with a principal, Major edge whose onset lies in a window.

    Parameters
    ----------
    energy_range : (float, float)
        Window (eV).
    margins : (float, float)
        The onset must lie in ``[start + margins[0], end - margins[1]]``.

    Returns
    -------
    list of str
        Symbols sorted by atomic number.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import elements_with_principal_edge
    >>> elements_with_principal_edge((500.0, 560.0))
    ['O', 'V', 'Sb']
    """
    lo, hi = energy_range[0] + margins[0], energy_range[1] - margins[1]
    found = {g.element: g.z for g in all_edge_groups() if g.principal and g.major and lo <= g.onset <= hi}
    return sorted(found, key=found.get)


@functools.lru_cache(maxsize=None)
def major_subshell_onsets(element: str) -> tuple[float, ...]:
    """Onsets (eV) of every subshell of `element` that exspy's database marks "Major", lowest first.

    Parameters
    ----------
    element : str
        Chemical symbol.

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import major_subshell_onsets
    >>> major_subshell_onsets("Fe")
    (57.0, 57.0, 708.0, 721.0)
    """
    edge_groups_of(element)  # refuses an unknown element with a clear message
    shells = _database()[element].get("Atomic_properties", {}).get("Binding_energies", {})
    return tuple(sorted(float(v["onset_energy (eV)"]) for v in shells.values() if v.get("relevance") == "Major"))
