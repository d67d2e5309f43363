"""What a reported edge could also be, and which elements were held back, for the table of a spectrum or image."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MIN_ALTERNATIVE_PROBABILITY", "NEAR_MISS_PROBABILITY", "alternatives_of", "held_back", "image_alternatives",
           "near_misses"]

#: Alternatives below this posterior probability are not listed.
MIN_ALTERNATIVE_PROBABILITY = 0.01

#: Elements not reported whose probability reaches this (but not their threshold) are named under a spectrum's table.
#: On 60 default synthetic spectra (seeds 9400-9459) 16 tables get such a line, naming 7 true and 9 false elements
#: (at 0.1: 28 tables, 12 and 25).
NEAR_MISS_PROBABILITY = 0.2


def alternatives_of(
    recognizer, prediction, k: int, row: int = 0, limit: int = 3, candidates=None
) -> tuple[tuple[str, float], ...]:
    """The other elements whose edges lie where element `k`'s edge was found, with their probabilities.

    They are the elements whose evidence the decoder gave to `k` (same
    detected edge) and the elements with a visible edge (Major, or with white lines) near `k`'s tabulated
    principal onset (exspy's table: N K / Sc L3 / Cd M5, O K / Sb M5 ...),
    each with its posterior probability (network and prior), most probable
    first.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model that made `prediction`.
    prediction : EdgePrediction
        Its result.
    k : int
        Index of the reported element.
    row : int
        Spectrum in `prediction`.
    limit : int
        At most this many alternatives.
    candidates : array_like of bool or int, shape (K,), optional
        Elements that may be reported (those excluded are not alternatives either; those marked
        :data:`~hyperspy_eels_edgeid.recognizer.decoder.NAMED` take no prior).

    Returns
    -------
    tuple of (str, float)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    >>> from hyperspy_eels_edgeid.hyperspy.alternatives import alternatives_of
    >>> rec = load_recognizer(device="cpu")
    >>> e = np.linspace(450.0, 700.0, 1000)
    >>> pred = rec.predict(e, 1e6 * (e / 450.0) ** -3.0)
    >>> [name for name, _ in alternatives_of(rec, pred, rec.elements.index("O"), limit=10)].count("Sb") <= 1
    True
    """
    evidence = prediction.evidence
    edge_head = {name: evidence[name][row : row + 1] for name in ("family_share", "companion_support")
                 if name in evidence}  # fmt: skip
    posterior = recognizer.decoder.for_candidates(candidates).posterior(  # a named element takes no prior
        evidence["logits"][row : row + 1], evidence["observable"][row : row + 1], **edge_head
    )[0]
    explained = set(np.flatnonzero(prediction.explained_by[row] == k).tolist())
    table = {recognizer.elements.index(e) for e in recognizer.decoder.alternatives_of(k)}
    allowed = np.ones(len(posterior), bool) if candidates is None else np.asarray(candidates, dtype=bool)
    found = [j for j in explained | table if posterior[j] >= MIN_ALTERNATIVE_PROBABILITY and allowed[j]]
    found.sort(key=lambda j: -posterior[j])
    return tuple((recognizer.elements[j], round(float(posterior[j]), 3)) for j in found[:limit])


def held_back(prediction, row: int = 0) -> dict[str, str]:
    """Elements not reported because their edge was given to another element: ``{element: reason}``.

    Parameters
    ----------
    prediction : EdgePrediction
        A recognizer's result.
    row : int
        Spectrum in `prediction`.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from hyperspy_eels_edgeid.hyperspy.alternatives import held_back
    >>> p = SimpleNamespace(elements=("N", "Sc"), explained_by=np.array([[-1, 0]]))
    >>> held_back(p)
    {'Sc': 'its edge is explained by N'}
    """
    out = {}
    for j in np.flatnonzero(prediction.explained_by[row] >= 0):
        out[prediction.elements[j]] = f"its edge is explained by {prediction.elements[prediction.explained_by[row, j]]}"
    return out


def near_misses(probabilities, thresholds, elements, observable, shown, limit: int = 5) -> dict[str, float]:
    """The elements a spectrum shows below their threshold but at ``NEAR_MISS_PROBABILITY`` or more, likeliest first.

    Parameters
    ----------
    probabilities, thresholds : ndarray, shape (K,)
        The spectrum's probabilities and the decision thresholds.
    elements : sequence of str
        The model's elements.
    observable : ndarray of bool, shape (K,)
        Which elements the run judged.
    shown : collection of str
        Elements the table names already (reported, alternatives, held back): left out.
    limit : int
        At most this many.

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.alternatives import near_misses
    >>> near_misses(np.array([0.9, 0.3, 0.05]), np.full(3, 0.35), ["O", "Ba", "Co"], np.ones(3, bool), {"O"})
    {'Ba': 0.3}
    """
    below = [k for k in np.argsort(-np.asarray(probabilities), kind="stable") if observable[k]
             and NEAR_MISS_PROBABILITY <= probabilities[k] < thresholds[k] and elements[k] not in shown]  # fmt: skip
    return {elements[k]: math.floor(float(probabilities[k]) * 1000) / 1000 for k in below[:limit]}  # not up to it


def image_alternatives(edgeid: dict, means, owner, limit: int = 3) -> list[tuple[tuple[str, float], ...]]:
    """Per element of a line scan or spectrum image, its alternatives with their mean probabilities.

    The elements with a visible edge (Major, or with white lines) near the element's principal edge (the
    run's ``metadata.EdgeID.alternatives``, from exspy's table) that the run
    allowed and the model can see in the window, and the elements whose edge
    it owns (:func:`~.pixel_rule.one_owner_per_edge`), those first, then the
    most probable.

    Parameters
    ----------
    edgeid : dict
        ``metadata.EdgeID`` of the result (``elements``, and where present
        ``alternatives``, ``observable``, ``candidates``, ``excluded``; None
        or absent: every element allowed and observable, no alternatives).
    means : ndarray, shape (K,)
        Mean probability of each element over the valid pixels.
    owner : ndarray of int, shape (K,)
        For an element whose edge another owns, that element's index; -1 otherwise.
    limit : int
        At most this many alternatives per element.

    Returns
    -------
    list of tuple of (str, float)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.hyperspy.alternatives import image_alternatives
    >>> edgeid = {"elements": ["Co", "Ba", "O"], "alternatives": ["Ba", "Co", "Sb"]}
    >>> image_alternatives(edgeid, np.array([0.6, 0.1, 0.9]), np.array([-1, 0, -1]))[0]
    (('Ba', 0.1),)
    """
    elements = list(edgeid["elements"])
    k = len(elements)
    observable = edgeid.get("observable") or [True] * k
    names = [a.split(",") if a else [] for a in (edgeid.get("alternatives") or [""] * k)]
    # elements the run excluded, or left out of its candidates, are not alternatives either
    candidates = str(edgeid.get("candidates") or "all")
    allowed = set(elements) if candidates == "all" else set(candidates.split(","))
    allowed -= set(filter(None, str(edgeid.get("excluded") or "").split(",")))
    index = {el: i for i, el in enumerate(elements)}
    out = []
    for i in range(k):
        owned = [elements[j] for j in np.flatnonzero(np.asarray(owner) == i)]
        seen = [n for n in names[i] if n in allowed and n in index and observable[index[n]] and n not in owned]
        seen = [n for n in seen if means[index[n]] >= MIN_ALTERNATIVE_PROBABILITY]  # as a single spectrum lists them
        seen.sort(key=lambda n: -means[index[n]])
        out.append(tuple((n, round(float(means[index[n]]), 3)) for n in (owned + seen)[:limit]))
    return out
