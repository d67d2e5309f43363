"""The table of a probability signal: its rows and what it says of the run's list of elements.

:meth:`.EELSEdgeProbabilities.summary` decides the elements of a spectrum image or line scan (the pixel rule and
the pooled and local checks, :func:`.pooled_check.decide_image`); :func:`image_table` writes that decision as an
:class:`~.table.EdgeTable`: a row per detected element with its tabulated edge, pixel fraction, mean probability and
alternatives, the elements held back and why, and, for a run with ``elements=[...]``, the named elements it does
not report (:func:`asked_not_found`), what the list kept out of the map's mean spectrum (``left_out``) and the edges
that mean shows that no written element explains (:func:`stored_unnamed_edges`), both said to be the whole map's
where the result is a slice of it.
"""

from __future__ import annotations

import numpy as np

from ..recognizer.unnamed_edges import UnnamedEdge
from .alternatives import image_alternatives
from .onset_maps import ONSETS_KEY, same_pixels
from .pixel_rule import WIDESPREAD
from .table import EdgeRow, EdgeTable

__all__ = ["asked_not_found", "image_table", "stored_unnamed_edges", "unnamed_edges_record"]


def asked_not_found(named, elements, detected, values, observable, held) -> dict:
    """The elements named in ``elements=`` that a result does not report, with their probability or pixel fraction.

    Parameters
    ----------
    named : sequence of str
        The elements the run named (``metadata.EdgeID.named``).
    elements : sequence of str
        The K elements of the probability signal.
    detected : ndarray of bool, shape (K,)
        The elements reported.
    values : ndarray, shape (K,)
        What the table says of each: a single spectrum's probability, a map's fraction of valid pixels at or above
        the element's threshold.
    observable : sequence of bool, shape (K,)
        Whether the window shows each element's edge.
    held : container of str
        Elements the table names as held back (not repeated here).

    Returns
    -------
    dict of str to float or None
        Each such element's value; None where the window cannot show it.

    Examples
    --------
    >>> import numpy as np
    >>> asked_not_found(["Cu", "O"], ["O", "Cu"], np.array([True, False]), np.array([0.8, 0.01]), [True, True], ())
    {'Cu': 0.01}
    """
    elements = list(elements)
    return {
        e: (float(values[elements.index(e)]) if observable[elements.index(e)] else None)
        for e in sorted(named)
        if e in elements and not detected[elements.index(e)] and e not in held
    }


def unnamed_edges_record(unnamed, elements) -> dict:
    """What ``metadata.EdgeID.unnamed_edges`` holds of a map's unnamed edges, found against `elements`.

    Parameters
    ----------
    unnamed : sequence of UnnamedEdge
        The mean spectrum's (:mod:`.mean_check`).
    elements : sequence of str
        The elements the map writes, which they were found against.

    Returns
    -------
    dict
        Parallel lists (candidates joined by ";": edge labels hold commas, "Cl_L2,3"), read by
        :func:`stored_unnamed_edges`.
    """
    return {
        "onsets": [u.onset for u in unnamed], "shapes": [u.shape for u in unnamed],
        "probabilities": [u.probability for u in unnamed], "candidates": [";".join(u.candidates) for u in unnamed],
        "against": list(elements),
    }  # fmt: skip


def stored_unnamed_edges(record, elements) -> tuple[UnnamedEdge, ...]:
    """The unnamed edges of a map's mean spectrum (``metadata.EdgeID.unnamed_edges``) for a table of `elements`.

    They were found against the elements the run wrote; a table that writes others (decided again with other
    settings, or a slice) gets none, since they may explain an edge listed or leave one out.

    Parameters
    ----------
    record : DictionaryTreeBrowser
        A result's ``metadata.EdgeID``.
    elements : sequence of str
        The elements the table writes.

    Returns
    -------
    tuple of UnnamedEdge
        None where absent or found against other elements.
    """
    if not record.has_item("unnamed_edges"):
        return ()
    stored = record.unnamed_edges
    if sorted(stored.get_item("against", [])) != sorted(elements):
        return ()
    return tuple(
        UnnamedEdge(float(onset), str(shape), float(probability), tuple(c for c in str(candidates).split(";") if c))
        for onset, shape, probability, candidates in zip(
            stored.onsets, stored.shapes, stored.probabilities, stored.candidates
        )
    )


def image_table(probabilities, decision, thresholds, single: bool) -> EdgeTable:
    """The :class:`~.table.EdgeTable` of `probabilities`' decision.

    Parameters
    ----------
    probabilities : EELSEdgeProbabilities
        The result the decision was made on (perhaps a slice of the run's).
    decision : tuple
        :func:`.pooled_check.decide_image`'s ``(detected, owner, fractions, means, n_valid, vetoed)``.
    thresholds : ndarray, shape (K,)
        The thresholds it was made at.
    single : bool
        Whether `probabilities` holds one spectrum (no pixel fractions).

    Returns
    -------
    EdgeTable
    """
    detected, owner, fractions, means, n_valid, vetoed = decision
    record = probabilities.metadata.get_item("EdgeID")
    get = record.get_item
    elements = list(get("elements"))
    edges = get("edges") or [""] * len(elements)
    onsets = get("onsets") or [float("nan")] * len(elements)
    observable = get("observable") or [True] * len(elements)
    owned_by = {int(k): int(owner[k]) for k in np.flatnonzero(owner >= 0)}  # held back: another owns its edge
    keys = ("elements", "alternatives", "observable", "candidates", "excluded")
    alternatives = image_alternatives({key: get(key) for key in keys}, means, owner)
    rows = [
        EdgeRow(
            element=el,
            edge=str(edges[i]) or el,
            onset=float(onsets[i]),
            probability=float(means[i]),
            threshold=float(thresholds[i]),
            pixel_fraction=None if single else float(fractions[i]),
            alternatives=alternatives[i],
        )
        for i, el in enumerate(elements)
        if detected[i]
    ]
    held = {elements[k]: f"its edge is {elements[j]}'s in more pixels" for k, j in owned_by.items()}
    mean_vetoed = get("mean_veto").as_dictionary() if record.has_item("mean_veto") else {}  # mean_check.py's
    owners = get("mean_veto_owner").as_dictionary() if record.has_item("mean_veto_owner") else {}
    held |= {e: f"not confirmed by the summed spectra of its pixels (read at {p:.4f})" if e not in mean_vetoed else
             f"in {WIDESPREAD:.0%} of the pixels or more, but not reported by the mean spectrum read as a single "
             f"spectrum (read at {p:.4f}" + (f": its edge went to {owners[e]} there)" if e in owners else ")")
             for e, p in vetoed.items()}  # fmt: skip
    named = [e for e in str(get("named", "")).split(",") if e]
    stored = probabilities.metadata.get_item(ONSETS_KEY)
    whole = stored is None or same_pixels(stored, probabilities)
    where = "the mean spectrum" if whole else "the whole map's mean spectrum (this result is a slice of it)"
    where = "" if single and whole else where  # a pixel of a map: still the map's
    shown = means if single else fractions  # a single spectrum's probability, a map's share of pixels
    return EdgeTable(
        rows,
        title=get("source_title", probabilities.metadata.General.title),
        not_observable=[el for el, ok in zip(elements, observable) if not ok],
        probabilities=probabilities,
        n_valid=n_valid,
        n_invalid=int(np.prod(probabilities.axes_manager.navigation_shape)) - n_valid,  # NaN: not analysed
        tabulated_onsets=True,
        held_back=held,
        **{key: [str(e) for e in get(key, [])] for key in ("added", "replaced", "not_judged")},
        left_out=get("left_out"),
        left_out_of=where,
        unnamed_edges=stored_unnamed_edges(record, [row.element for row in rows]),
        unnamed_edges_of=where,
        asked_not_found=asked_not_found(named, elements, detected, shown, observable, held),
    )
