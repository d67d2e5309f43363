"""Several networks read as one: the mean of their evidence, decided once by the first network's decoder.

An ensemble's members must share the label space, the grid, the network's steps and the edge head, so that their
per-element evidence (presence logits, edge-head family shares, companion support, onsets) can be averaged element by
element (members that place an element's edge apart give an onset between the two: ensembles of one network's
fine-tunes, which agree, are what was measured, ``experiments/reader_ensemble/``);
the decoder, its settings and the thresholds are those of the first member. :func:`load_recognizer
<hyperspy_eels_edgeid.recognizer.loading.load_recognizer>` makes one from a sequence of model directories (a
directory named twice weighs twice).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.ensemble import mean_evidence
>>> a = {"logits": np.array([[2.0]]), "seen": np.array([[True]])}
>>> b = {"logits": np.array([[0.0]]), "seen": np.array([[True]])}
>>> mean_evidence([a, b])["logits"]
array([[1.]], dtype=float32)
"""

from __future__ import annotations

import numpy as np

from .model_checks import WeightsError

__all__ = ["mean_evidence", "member_weights", "check_members"]


def mean_evidence(reads: list[dict], weights=None) -> dict:
    """The members' evidence averaged key by key (``seen``: where every member saw the element).

    Parameters
    ----------
    reads : list of dict of ndarray
        :meth:`EvidenceReader.read <hyperspy_eels_edgeid.recognizer.evidence.EvidenceReader.read>`'s output, one
        per member, for the same spectra.
    weights : array_like, optional
        The members' weights (summing to 1); equal by default.

    Returns
    -------
    dict of ndarray
        The one member's evidence unchanged, or the float32 (weighted) means.
    """
    if len(reads) == 1:
        return reads[0]
    weights = np.full(len(reads), 1.0 / len(reads)) if weights is None else np.asarray(weights, dtype=float)
    out = {}
    for key in reads[0]:
        values = np.stack([r[key] for r in reads])
        if values.dtype == bool:
            out[key] = values.all(axis=0)
        else:
            out[key] = np.tensordot(weights, values.astype(np.float64), axes=1).astype(np.float32)
    return out


def member_weights(members: list) -> tuple[list, np.ndarray]:
    """The distinct members (by identity, in order of first appearance) and each one's share of the list.

    A model directory given twice counts twice, without running its network twice.

    Parameters
    ----------
    members : list
        Loaded members, repeats allowed.

    Returns
    -------
    distinct : list
    weights : ndarray of float, summing to 1

    Examples
    --------
    >>> member_weights(["a", "a", "b"])[1].round(3)
    array([0.667, 0.333])
    """
    distinct = []
    for m in members:
        if not any(m is d for d in distinct):
            distinct.append(m)
    counts = np.array([sum(m is d for m in members) for d in distinct], dtype=float)
    return distinct, counts / counts.sum()


def check_members(names: list[str], metadata: list[dict], grids: list[np.ndarray], steps: list[tuple]) -> None:
    """Refuse members whose evidence could not be averaged element by element.

    Parameters
    ----------
    names : list of str
        The members' directories (for the message).
    metadata : list of dict
        Their JSONs.
    grids : list of ndarray
        Their model grids.
    steps : list of tuple
        Their networks' (stride, number of steps, number of edge-head families).

    Raises
    ------
    WeightsError
        When a member's elements, grid or steps differ from the first's.
    """
    for name, meta, grid, step in zip(names[1:], metadata[1:], grids[1:], steps[1:]):
        if list(meta["elements"]) != list(metadata[0]["elements"]):
            raise WeightsError(f"ensemble member {name}: its elements differ from those of {names[0]}.")
        if grid.shape != grids[0].shape or not np.array_equal(grid, grids[0]) or step != steps[0]:
            raise WeightsError(
                f"ensemble member {name}: its grid, network steps or edge head differ from those of {names[0]}."
            )
