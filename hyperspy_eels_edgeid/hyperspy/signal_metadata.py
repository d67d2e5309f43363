"""The metadata users write by hand (title, ``Sample.elements``): read as written, written as exspy keeps it."""

from __future__ import annotations

import numpy as np

from ..edges import is_element

__all__ = ["title_of", "sample_elements", "write_elements"]


def title_of(signal) -> str:
    """The signal's ``metadata.General.title`` ("" where it has none).

    Parameters
    ----------
    signal : BaseSignal
        Any HyperSpy signal.

    Returns
    -------
    str
    """
    return str(signal.metadata.get_item("General.title", ""))


def sample_elements(signal) -> set[str]:
    """The element names in ``metadata.Sample.elements``, however they were written (a list, one string, an array).

    Parameters
    ----------
    signal : BaseSignal
        Any HyperSpy signal.

    Returns
    -------
    set of str
    """
    given = signal.metadata.get_item("Sample.elements", None)
    if given is None:
        return set()
    if isinstance(given, (set, frozenset)):
        given = sorted(given)
    return {given} if isinstance(given, str) else {str(e) for e in np.ravel(np.asarray(given, dtype=object))}


def write_elements(signal, elements: list[str], mode: str | None) -> tuple[list[str], list[str]]:
    """Write `elements` into the signal's ``Sample.elements`` and exspy's element sets; what was added and taken out.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The analysed signal (its only change made by ``identify_edges``).
    elements : list of str
        The detected elements.
    mode : {"replace", "extend"} or None
        "replace": they become the list; "extend": they join the list as written; None: nothing is written.

    Returns
    -------
    added : list of str
        The elements added (for "replace", all of them).
    taken_out : list of str
        The elements the list held before and no longer holds ("replace" only).
    """
    if mode is None:
        return [], []
    before = sample_elements(signal)
    kept = before if mode == "extend" else set()  # the metadata's list as written (exspy's own set may be stale)
    signal.elements, signal.subshells = set(), set()
    signal.metadata.set_item("Sample.elements", [])
    known = sorted(e for e in kept | set(elements) if is_element(e))
    if known:
        signal.add_elements(known)
    # exspy stores its element *set*, whose order varies between runs: store it sorted (with names it does not know)
    signal.metadata.Sample.elements = sorted(set(signal.metadata.Sample.elements) | kept)
    taken_out = sorted(before - sample_elements(signal))
    return (sorted(set(elements) - before) if mode == "extend" else sorted(elements)), taken_out
