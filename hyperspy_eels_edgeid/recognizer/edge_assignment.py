"""Rule 3 of the element decoder (:mod:`.decoder`): each edge explained once.

Candidates (elements whose posterior reaches their threshold) are taken in
order of posterior, less a penalty for the distance between their detected
onset and their tabulated one (``|residual| / (onset_sigma_ev +
onset_sigma_rel E)``), so that of two elements claiming one edge the one
whose table fits the edge better comes first.  A candidate is reported when
its detected onset is not closer than ``same_edge_ev + same_edge_rel E`` to
the onset of an element already reported: then it is *explained by* that
element and listed as its alternative instead, unless the candidate is sure
(its log-odds reach ``shared_edge_log_odds``) and the two elements'
tabulated onsets lie farther apart than that distance but closer than the
network's step there (8 eV below 1000 eV, 16 eV to 2000 eV, 32 eV above
with the bundled grid): then the network may have put two edges into one
step, and both are reported.

With ``near_edge_ev`` and ``near_edge_log_odds`` set (an experiment; off by default), a candidate whose detected
onset lies farther than the same-edge distance and at most ``near_edge_ev`` above that of an element already
reported is explained by that element too, unless its log-odds less ``near_edge_log_odds`` still reach its threshold
(:class:`~hyperspy_eels_edgeid.recognizer.decoder_settings.DecoderSettings`).
"""

from __future__ import annotations

import numpy as np

from .decoder_settings import DecoderSettings

__all__ = ["assign_edges"]


def assign_edges(
    score: np.ndarray,
    penalty: np.ndarray,
    active: np.ndarray,
    safe_onsets: np.ndarray,
    tabulated: np.ndarray,
    thresholds: np.ndarray,
    settings: DecoderSettings,
    step_energy: np.ndarray | None = None,
    step_width: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Give each detected edge to one element: which candidates are reported, and who explains the others.

    Parameters
    ----------
    score : ndarray of float, shape (N, K)
        Log-odds of rule 1 (:meth:`ElementDecoder.score
        <hyperspy_eels_edgeid.recognizer.decoder.ElementDecoder.score>`).
    penalty : ndarray of float, shape (N, K)
        The onset penalty, subtracted from `score` to order the candidates.
    active : ndarray of bool, shape (N, K)
        The candidates: judged elements whose posterior reaches their threshold.
    safe_onsets : ndarray of float, shape (N, K)
        Detected onsets (eV), 0 where not judged.
    tabulated : ndarray of float, shape (N, K)
        The tabulated principal onset nearest each detected one (eV).
    thresholds : ndarray of float32, shape (K,)
        Decision thresholds on the posterior.
    settings : DecoderSettings
        ``same_edge_ev``, ``same_edge_rel``, ``shared_edge_log_odds``,
        ``shared_edge_steps``, ``near_edge_ev`` and ``near_edge_log_odds``.
    step_energy, step_width : ndarray, shape (S,), optional
        Energy (eV) and width (eV) of each network step; without them two
        elements never share a detected edge.

    Returns
    -------
    accepted : ndarray of bool, shape (N, K)
        The candidates reported.
    explained_by : ndarray of intp, shape (N, K)
        Index of the reported element that explains each candidate not
        reported; -1 elsewhere.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
    >>> from hyperspy_eels_edgeid.recognizer.edge_assignment import assign_edges
    >>> onsets = np.array([[404.0, 404.0]])           # N (K, 401 eV) and Sc (L3, 402 eV) claim one edge
    >>> accepted, explained_by = assign_edges(
    ...     np.array([[1.2, 0.9]]), np.zeros((1, 2)), np.ones((1, 2), bool), onsets,
    ...     np.array([[401.0, 402.0]]), np.full(2, 0.5, np.float32), DecoderSettings())
    >>> accepted.tolist(), explained_by.tolist()       # N first; Sc explained by N
    ([[True, False]], [[-1, 0]])
    """
    s = settings
    n, k = active.shape
    order = np.argsort(-np.where(active, score - penalty, -np.inf), axis=1, kind="stable")
    accepted = np.zeros((n, k), dtype=bool)
    explained_by = np.full((n, k), -1, dtype=np.intp)
    rows = np.arange(n)
    for rank in range(int(active.sum(axis=1).max(initial=0))):
        kk = order[:, rank]
        live = active[rows, kk]
        energy = safe_onsets[rows, kk]
        tol = s.same_edge_ev + s.same_edge_rel * energy
        near = accepted & (np.abs(safe_onsets - energy[:, None]) < tol[:, None])
        if step_energy is not None:
            # a sure element whose table puts its edge apart from the other's, but within one step
            sure = score[rows, kk] >= s.shared_edge_log_odds
            distance = np.abs(tabulated - tabulated[rows, kk][:, None])
            width = np.interp(energy, step_energy, step_width)
            # two onsets in one edge happen where the steps are coarse: the finest ones keep a reach of one
            width = np.where(width > step_width.min() * 1.01, s.shared_edge_steps, 1.0) * width
            near &= ~(sure[:, None] & (distance >= tol[:, None]) & (distance < width[:, None]))
        has = near.any(axis=1) & live
        explainer = np.where(near, score, -np.inf).argmax(axis=1)
        if s.near_edge_ev > 0 and s.near_edge_log_odds > 0:
            above = energy[:, None] - safe_onsets
            inside = accepted & ~near & (above > 0) & (above <= s.near_edge_ev)
            # its log-odds less the penalty, as a probability, against its threshold (no log-odds of
            # the threshold: the protocols' 2.0, "report nothing", has none)
            weakened = 1.0 / (1.0 + np.exp(s.near_edge_log_odds - score[rows, kk]))
            fine = inside.any(axis=1) & live & ~has & (weakened < thresholds[kk])
            explainer = np.where(fine, np.where(inside, score, -np.inf).argmax(axis=1), explainer)
            has |= fine
        explained_by[rows[has], kk[has]] = explainer[has]
        take = live & ~has
        accepted[rows[take], kk[take]] = True
    return accepted, explained_by
