"""The metadata users write by hand (title, ``Sample.elements``): read as written, written as exspy keeps it."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from ..edges import is_element

__all__ = ["title_of", "titled", "sample_elements", "write_elements"]


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


def titled(what: str, source: str) -> str:
    """A result's title: "`what` of `source`", or `what` alone for a signal without a title.

    Parameters
    ----------
    what : str
        What the result holds ("Edge probabilities" ...).
    source : str
        The analysed signal's title ("" where it has none).

    Returns
    -------
    str

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.signal_metadata import titled
    >>> titled("Edge onsets", "map"), titled("Edge onsets", "")
    ('Edge onsets of map', 'Edge onsets')
    """
    return f"{what} of {source}" if source else what


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


def write_elements(
    signal, elements: list[str], mode: str | None, judged: Collection[str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Write `elements` into the signal's ``Sample.elements`` and exspy's element sets; what was added, taken out, kept.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The analysed signal (its only change made by ``identify_edges``).
    elements : list of str
        The detected elements.
    mode : {"replace", "extend"} or None
        "replace": they become the list, with the elements the run could not judge kept (see `judged`);
        "extend": they join the list as written; None: nothing is written.
    judged : collection of str, optional
        The elements judged: those the model supports and can see in the window, whether the user named them as
        candidates or excluded them (a choice about the specimen).  "replace" keeps the list's other elements
        (names exspy's database knows): an element whose edges lie outside the window, or too near its ends, was
        not looked for, and the list describes the specimen, not the window.  None: every element was judged.

    Returns
    -------
    added : list of str
        The elements added (for "replace", all of them).
    taken_out : list of str
        The elements the list held before and no longer holds ("replace" only).
    not_judged : list of str
        The elements "replace" kept in the list because the run did not judge them.

    Examples
    --------
    >>> import exspy
    >>> from hyperspy_eels_edgeid.hyperspy.signal_metadata import write_elements
    >>> s = exspy.signals.EELSSpectrum([1.0, 2.0])
    >>> s.metadata.set_item("Sample.elements", ["Cr", "Fe"])
    >>> write_elements(s, ["O"], "replace", judged={"O", "Fe"})  # Cr was not looked for: kept
    (['O'], ['Fe'], ['Cr'])
    >>> s.metadata.Sample.elements
    ['Cr', 'O']
    """
    if mode is None:
        return [], [], []
    before = sample_elements(signal)
    # the metadata's list as written (exspy's own set may be stale); "replace" keeps what was not looked for
    not_looked_for = set() if judged is None else {e for e in before - set(judged) if is_element(e)}
    kept = before if mode == "extend" else not_looked_for
    signal.elements, signal.subshells = set(), set()
    signal.metadata.set_item("Sample.elements", [])
    known = sorted(e for e in kept | set(elements) if is_element(e))
    if known:
        signal.add_elements(known)
    # exspy stores its element *set*, whose order varies between runs: store it sorted (with names it does not know)
    signal.metadata.Sample.elements = sorted(set(signal.metadata.Sample.elements) | kept)
    taken_out = sorted(before - sample_elements(signal))
    added = sorted(set(elements) - before) if mode == "extend" else sorted(elements)
    return added, taken_out, (sorted(kept - set(elements)) if mode == "replace" else [])
