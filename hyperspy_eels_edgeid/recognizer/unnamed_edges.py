"""Edges the edge head sees that no reported element explains: what a spectrum shows but the decoder did not name.

The decoder names an element only where its evidence, the prior, the window-end rule and one element per edge allow
(:mod:`.decoder`); an edge it gives to no one is otherwise invisible in the result.  :func:`unnamed_edges` lists,
for one spectrum, every *edge seen*: a measured step where the edge head's probability that an edge starts there
(1 - P(no edge)) reaches :data:`UNNAMED_EDGE_PROBABILITY`, exceeds that of the step before and is not below that
of the step after, with the onset the head gives within the step, that no reported element explains: none of the
reported elements' edge groups (exspy's table, every subshell; :class:`~.evidence.EvidenceReader`), moved by that
element's onset residual, lies within one network step of it.  Each comes with the head's shape family and the edges
of the table that lie within a step of it, less the axis error the reported elements show (their median onset
residual; those of the head's family first): the candidates a user may name.

On synthetic spectra read by the single-spectrum ensemble on the axis as given (no shift search), 89 % (default
configuration) and 77 % (``SynthesisConfig.realistic()``) of the edges so listed lay within a step of a real edge of
the spectrum, with 0.03 and 0.06 edges per spectrum near none (``experiments/unnamed_edges/``, where the probability
was chosen); listed by this function after the search, 91 % and 88 %, the candidates of 84 % and 79 % of those real
ones naming an element of the spectrum (``probe_package.py`` there).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
>>> from hyperspy_eels_edgeid.recognizer.unnamed_edges import unnamed_edges
>>> rec = load_recognizer(device="cpu")
>>> e = np.linspace(300.0, 700.0, 1600)
>>> pred = rec.predict(e, 1e6 * (e / 300.0) ** -3.0, edge_support=True)
>>> unnamed_edges(rec, pred)   # a bare power law: no edge seen
()
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .edge_families import FAMILIES

__all__ = ["UNNAMED_EDGE_PROBABILITY", "UnnamedEdge", "unnamed_edges"]

#: The edge head's probability of an edge at a step from which it is listed (``experiments/unnamed_edges/``).
UNNAMED_EDGE_PROBABILITY = 0.5

#: At most this many candidate edges are given for each edge.
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class UnnamedEdge:
    """An edge the edge head sees that no reported element explains.

    Attributes
    ----------
    onset : float
        Its onset (eV) on the spectrum's own axis.
    shape : str
        The edge head's shape family (:data:`~.edge_families.FAMILIES`: ``"K"``, ``"L23_white"`` ...).
    probability : float
        The edge head's probability that an edge starts there.
    candidates : tuple of str
        Edges of exspy's table within a network step of it (``"N_K"``, ``"Sc_L3"`` ...), those of its shape family
        first, then by distance; at most :data:`MAX_CANDIDATES`.
    """

    onset: float
    shape: str
    probability: float
    candidates: tuple[str, ...]


def unnamed_edges(recognizer, prediction, row: int = 0, thresholds=None, reported=None) -> tuple[UnnamedEdge, ...]:
    """The edges one spectrum shows that no reported element explains (module docstring), by onset.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model that made `prediction`.
    prediction : EdgePrediction
        From :meth:`~.inference.EdgeRecognizer.predict` with ``edge_support=True`` (or the axis shift search over
        such predictions); without the edge head's steps in its evidence, nothing is listed.
    row : int
        The spectrum in `prediction`.
    thresholds : float or array_like of shape (K,), optional
        The thresholds the elements were reported at (default: the model's).
    reported : sequence of str, optional
        The elements whose edges explain (default: those `prediction` reports at `thresholds`; a map's written
        elements for its mean spectrum). Each is placed by its detected onset where `prediction` reports it, else
        at its table's onsets moved by the axis error of the elements `prediction` reports.

    Returns
    -------
    tuple of UnnamedEdge
    """
    evidence = prediction.evidence
    if "step_families" not in evidence:
        return ()
    reader = recognizer._reader
    steps, spacing = reader.step_energy, reader.spacing
    shift = float(np.asarray(evidence.get("searched_shift", np.zeros(row + 1)))[row])  # evidence: on the moved axis
    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    found_here = prediction.observable[row] & (prediction.probabilities[row] >= thresholds)
    onsets = np.nan_to_num(prediction.onsets[row : row + 1] + shift)  # the moved axis, as the table's edges there
    residuals = np.where(found_here, recognizer.decoder.residuals(onsets)[0], np.nan)
    known = residuals[np.isfinite(residuals)]
    axis_error = float(np.median(known)) if known.size else 0.0  # what the reported elements show of the axis
    if reported is None:
        reported = np.flatnonzero(found_here)
    else:  # elements this reading does not report: its onset for them is a guess, the axis error is not
        reported = np.array([prediction.elements.index(e) for e in reported], dtype=np.intp)
    residuals = np.where(np.isfinite(residuals), residuals, axis_error)
    explained = (reader.edge_onset[reported] + residuals[reported, None]).ravel()
    explained = explained[np.isfinite(explained)]
    families, offsets = evidence["step_families"][row], evidence["step_offsets"][row]
    measured = np.asarray(evidence["step_measured"][row], dtype=bool)
    edge = np.where(measured, 1.0 - families[0], -1.0)
    peak = (edge > np.r_[-1.0, edge[:-1]]) & (edge >= np.r_[edge[1:], -1.0])  # of two equal steps, the first
    found = []
    for t in np.flatnonzero(measured & (edge >= UNNAMED_EDGE_PROBABILITY) & peak):
        at = steps[t] + float(np.clip(offsets[t], -1.0, 1.0)) * spacing[t]
        if explained.size and np.min(np.abs(explained - at)) <= spacing[t]:
            continue
        family = int(families[1:, t].argmax()) + 1
        found.append(UnnamedEdge(round(float(at - shift), 1), FAMILIES[family], round(float(edge[t]), 3),
                                 _candidates(reader, at - axis_error, spacing[t], family)))  # fmt: skip
    return tuple(found)


def _candidates(reader, onset: float, width: float, family: int) -> tuple[str, ...]:
    """The table's edges within `width` of `onset`: those of `family` first, then by distance."""
    distance = np.abs(reader.edge_onset - onset)
    k, c = np.nonzero(np.nan_to_num(distance, nan=np.inf) <= width)
    order = sorted(zip(k, c), key=lambda kc: (reader.edge_family[kc] != family, distance[kc]))
    return tuple(reader.edge_labels[k][c] for k, c in order[:MAX_CANDIDATES])
