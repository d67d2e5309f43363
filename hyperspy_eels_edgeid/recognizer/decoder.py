"""From the network's per-element evidence to the elements reported: prior, one element per edge, window ends.

The network gives, for every element, the probability that its principal
edge is in the spectrum and where that edge starts.  Taken one element at a
time these overlap: a single edge at 402 eV raises N (K, 401 eV), Sc (L3,
402 eV) and Cd (M5, 404 eV) together, and an edge too close to the window's
end can be anyone's.  :class:`ElementDecoder` turns them into one decision
per spectrum with three rules:

1. **Prior.**  The network's log-odds plus the prior of
   :mod:`.priors` (common elements 0, uncommon -1, rare -2, very rare -3 by
   default) give each element's *posterior*.
2. **Window ends.**  An element whose tabulated onset (the one nearest its detected onset) lies less than
   ``pre_edge_ev`` after the first measured energy (``pre_edge_white_line_ev``, where set, for an edge with white
   lines) or less than ``post_edge_ev`` (``post_edge_white_line_ev`` for an edge with white lines) before the last
   (``pre_edge_delayed_ev`` and ``post_edge_delayed_ev``, where set, for a delayed M4,5 edge), or less than
   ``post_edge_steps`` network steps before it, where set, or whose detected onset lies less than the labels'
   margins inside the window (5 and 10 eV, :data:`.labels.EDGE_MARGINS`, or the rule's own if smaller), is not
   judged (not observable): its edge cannot be told from a background bend without the pre-edge background and the
   shape after the onset, which lie outside the window.
3. **Each edge explained once** (:mod:`.edge_assignment`).  Candidates (elements whose posterior reaches their
   threshold), taken in order of posterior less an onset penalty, are reported unless an element already reported
   explains their edge; then they are listed as its alternatives instead.

With a model that has an edge head (:mod:`.edge_families`), rule 1 takes a
fourth term: **shape**.  At the steps where an element's edge was detected the
edge head says which shape family the edge has; the share of the edge's
probability that falls on the element's own family (K sawtooth for N at
401 eV, an L2,3 with white lines for Sc at 402 eV, an M2,3 for La at 1123 eV
...) adds ``family_weight * log(share)`` to its log-odds, so an edge shaped
like another element's edge counts less for this one.  A fifth term,
**companions**, adds ``companion_weight * support``, where support is how
surely the edge head sees the element's *other* edges (L1, M2,3 ... and
further principal edges) where the table puts them (:mod:`.evidence`): an
element that shows the edges it must show gains over one that shows only
the edge they share.

A candidate set (``candidates``) restricts the decision before rule 3, so that knowing the specimen changes which
element an edge is given to, not only what is shown.  Elements it marks :data:`NAMED` (those a user named) take no
prior: for them a list of this specimen's elements replaces rule 1's (:meth:`ElementDecoder.for_candidates`).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
>>> dec = ElementDecoder(["B", "N", "Sc"], [[188.0], [401.0], [402.0]])
>>> logit = np.array([[3.0, 0.6, 1.1]])          # the network likes Sc a little more than N
>>> onset = np.array([[190.0, 404.0, 404.0]])    # ... for the same edge
>>> d = dec.decide(logit, onset, np.ones((1, 3), bool), np.array([100.0]), np.array([600.0]))
>>> d.reported(dec.thresholds)[0].tolist()       # the prior gives the edge to N
[True, True, False]
>>> dec.elements[d.explained_by[0, 2]]
'N'
"""

from __future__ import annotations

import copy

import numpy as np

from ..cross_sections.white_lines import visible_onsets
from .decision import Decision
from .decoder_settings import DecoderSettings
from .edge_assignment import assign_edges
from .edge_families import FAMILIES, WHITE_LINE_FAMILIES, element_edge_families
from .labels import EDGE_MARGINS
from .priors import prior_log_odds

__all__ = ["NAMED", "Decision", "ElementDecoder"]  # Decision: .decision's, imported here too

#: The mark, in a ``candidates`` array, of an element the user named (``identify_edges(elements=[...])``): no prior
#: applies to it, the list replacing rule 1's general one (other nonzero values: elements that may be reported).
NAMED = 2


class ElementDecoder:
    """Decide the elements of spectra from the network's per-element evidence.

    Parameters
    ----------
    elements : sequence of str
        The model's K elements.
    principal_onsets : sequence of sequence of float
        Tabulated principal onsets of each element (the model JSON's ``onsets``).
    thresholds : float or array_like of shape (K,)
        Decision thresholds on the posterior.
    settings : DecoderSettings, optional
    step_energy : array_like, optional
        Energy (eV) of each of the network's steps (increasing): their
        spacing is the step width of rule 3's exception.  Without it two
        elements never share a detected edge.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
    >>> ElementDecoder(["O", "Sb"], [[532.0], [528.0]]).alternatives_of(0)
    ['Sb']
    """

    def __init__(
        self, elements, principal_onsets, thresholds=0.5, settings: DecoderSettings | None = None, step_energy=None
    ) -> None:
        self.elements = tuple(elements)
        self.settings = settings or DecoderSettings()
        #: energy (eV) of each network step, or None
        self.step_energy = None if step_energy is None else np.asarray(step_energy, dtype=float)
        self._step_width = None if step_energy is None else np.gradient(self.step_energy)
        k = len(self.elements)
        self.thresholds = np.broadcast_to(np.asarray(thresholds, dtype=np.float32), (k,)).copy()
        self.prior = prior_log_odds(self.elements, self.settings.prior_step)
        self._principal = [np.asarray(o, dtype=float) for o in principal_onsets]
        width = max([o.size for o in self._principal] + [1])
        #: (K, M) tabulated principal onsets of each element, NaN-padded
        self.principal_table = np.full((k, width), np.nan)
        for i, o in enumerate(self._principal):
            self.principal_table[i, : o.size] = o
        self._alternatives = [self._table_alternatives(i) for i in range(k)]
        #: (K, M) shape family (:mod:`.edge_families`) of each tabulated principal onset, -1 padded
        self.principal_families = np.full(self.principal_table.shape, -1, dtype=np.intp)
        for i, element in enumerate(self.elements):
            family_at = {onset: family for onset, family, principal in element_edge_families(element) if principal}
            for m, onset in enumerate(self._principal[i]):
                self.principal_families[i, m] = family_at.get(float(onset), -1)
        self._white_lines = np.isin(self.principal_families, WHITE_LINE_FAMILIES)
        self._delayed = self.principal_families == FAMILIES.index("M45")

    def with_thresholds(self, thresholds) -> "ElementDecoder":
        """The same decoder with other thresholds.

        Parameters
        ----------
        thresholds : float or array_like of shape (K,)

        Returns
        -------
        ElementDecoder
        """
        other = copy.copy(self)
        other.thresholds = np.broadcast_to(np.asarray(thresholds, dtype=np.float32), (len(self.elements),)).copy()
        return other

    def for_candidates(self, candidates) -> "ElementDecoder":
        """The same decoder with no prior on the elements `candidates` marks :data:`NAMED` (itself where none).

        Parameters
        ----------
        candidates : array_like of shape (K,), or None

        Returns
        -------
        ElementDecoder

        Examples
        --------
        >>> from hyperspy_eels_edgeid.recognizer.decoder import NAMED, ElementDecoder
        >>> ElementDecoder(["N", "Sc"], [[401.0], [402.0]]).for_candidates([True, NAMED]).prior.tolist()  # Sc: -1
        [0.0, 0.0]
        """
        named = np.zeros(len(self.elements), bool) if candidates is None else np.asarray(candidates) == NAMED
        if not named.any():
            return self
        other = copy.copy(self)
        other.prior = np.where(named, 0.0, self.prior)
        return other

    def decide_evidence(self, evidence: dict, candidates: np.ndarray | None = None) -> Decision:
        """:meth:`decide` on an evidence mapping (:attr:`EdgePrediction.evidence
        <hyperspy_eels_edgeid.recognizer.prediction.EdgePrediction>`).

        Parameters
        ----------
        evidence : dict of ndarray
            ``logits``, ``onsets``, ``observable``, ``window_start``,
            ``window_end`` and, with an edge head, ``family_share`` and
            ``companion_support``.
        candidates : ndarray of bool or int, shape (K,), optional
            Elements that may be reported (nonzero; all by default); those marked :data:`NAMED` take no prior.

        Returns
        -------
        Decision
        """
        return self.decide(
            evidence["logits"], evidence["onsets"], evidence["observable"], evidence["window_start"],
            evidence["window_end"], candidates=candidates, family_share=evidence.get("family_share"),
            companion_support=evidence.get("companion_support"),
        )  # fmt: skip

    def _table_alternatives(self, k: int) -> list[int]:
        s = self.settings
        out = []
        for onset in self._principal[k]:
            tol = s.alternative_ev + s.alternative_rel * onset
            for j, element in enumerate(self.elements):
                if j != k and j not in out and any(abs(e - onset) <= tol for e in visible_onsets(element)):
                    out.append(j)
        return out

    def alternatives_of(self, k: int) -> list[str]:
        """Elements with a visible edge (Major or with white lines) near a principal edge of element `k` (edge table).

        Parameters
        ----------
        k : int
            Element index.

        Returns
        -------
        list of str
        """
        return [self.elements[j] for j in self._alternatives[k]]

    def nearest_principal(self, onsets: np.ndarray) -> np.ndarray:
        """(N, K): index of each element's tabulated principal onset nearest its detected onset.

        Parameters
        ----------
        onsets : ndarray, shape (N, K)
            Detected onsets (eV).

        Returns
        -------
        ndarray of int, shape (N, K)
            Into the element's principal onsets (the model JSON's ``onsets``).
        """
        diff = np.asarray(onsets, dtype=float)[:, :, None] - self.principal_table[None, :, :]  # (N, K, M), NaN-padded
        return np.nanargmin(np.where(np.isnan(diff), np.inf, np.abs(diff)), axis=2)

    def residuals(self, onsets: np.ndarray) -> np.ndarray:
        """(N, K): detected onset minus the nearest tabulated principal onset of each element.

        Parameters
        ----------
        onsets : ndarray, shape (N, K)
            Detected onsets (eV).

        Returns
        -------
        ndarray, shape (N, K)
            inf for an element without a principal onset.
        """
        return self._nearest_and_residuals(onsets)[1]

    def judgeable(self, window_start, window_end) -> np.ndarray:
        """(N, K): elements with a tabulated principal onset the rule 2 margins (by shape) inside each window.

        What the axis alone decides: with ``window_onset_tolerance_ev`` 0
        (the default) an element outside it has probability 0.

        Parameters
        ----------
        window_start, window_end : array_like, shape (N,)
            First and last measured energy of each window (eV).

        Returns
        -------
        ndarray of bool, shape (N, K)

        Examples
        --------
        >>> import numpy as np
        >>> dec = ElementDecoder(["C", "O"], [[284.0], [532.0]])
        >>> dec.judgeable(np.array([250.0, 250.0]), np.array([540.0, 600.0])).tolist()   # O K 8 eV before the end
        [[True, False], [True, True]]
        """
        start = np.asarray(window_start, dtype=float)[:, None]
        end = np.asarray(window_end, dtype=float)[:, None]
        k = len(self.elements)
        out = np.zeros((start.shape[0], k), dtype=bool)
        for m in range(self.principal_table.shape[1]):
            pre, post = self._margins(np.full((1, k), m))
            onset = self.principal_table[None, :, m]
            with np.errstate(invalid="ignore"):
                out |= (onset - start >= pre) & (end - onset >= post)
        return out

    def _nearest_and_residuals(self, onsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        onsets = np.asarray(onsets, dtype=float)
        nearest = self.nearest_principal(onsets)
        out = onsets - np.take_along_axis(self.principal_table[None], nearest[..., None], axis=2)[..., 0]
        return nearest, np.where(np.isnan(out), np.inf, out)

    def _deferred(self, judged, seen, onsets, tabulated, score) -> np.ndarray:
        """(N, K) judged elements whose edge a likelier element, not judged by rule 2, may own.

        Element j defers element k when j is seen (observable, its detected onset inside the labels' margins) but not
        judged, their detected onsets lie within ``same_edge_ev`` and their tabulated ones within
        ``defer_to_unjudged_ev``, and j's log-odds reach k's: the edge cannot be given to k while its likelier owner
        is not judged (N K beside Sc L3 in the zone where only the white-line edge is judged).
        """
        s = self.settings
        rivals = seen & ~judged
        out = np.zeros_like(judged)
        rows = np.flatnonzero(judged.any(axis=1) & rivals.any(axis=1))
        for chunk in np.array_split(rows, max(1, rows.size // 256)):  # (rows, K, K) comparisons, 256 rows at a time
            if chunk.size == 0:
                continue
            near = judged[chunk][:, :, None] & rivals[chunk][:, None, :]
            with np.errstate(invalid="ignore"):
                near &= np.abs(onsets[chunk][:, :, None] - onsets[chunk][:, None, :]) < s.same_edge_ev
                near &= np.abs(tabulated[chunk][:, :, None] - tabulated[chunk][:, None, :]) <= s.defer_to_unjudged_ev
            near &= score[chunk][:, None, :] >= score[chunk][:, :, None]
            out[chunk] = near.any(axis=2)
        return out

    def _margins(self, nearest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, K) eV rule 2 asks before and after each element's tabulated onset, by the shape of its edge there."""
        s = self.settings
        white = np.take_along_axis(self._white_lines[None], nearest[..., None], 2)[..., 0]
        delayed = np.take_along_axis(self._delayed[None], nearest[..., None], 2)[..., 0]
        pre = np.full(nearest.shape, s.pre_edge_ev)
        post = np.where(white, s.post_edge_white_line_ev, s.post_edge_ev)
        for margins, edges, value in (
            (pre, white, s.pre_edge_white_line_ev), (pre, delayed, s.pre_edge_delayed_ev),
            (post, delayed, s.post_edge_delayed_ev),
        ):  # fmt: skip
            if value is not None:
                margins[edges] = value
        if s.post_edge_steps is not None and self.step_energy is not None:  # at least so many network steps
            onset = np.take_along_axis(self.principal_table[None], nearest[..., None], 2)[..., 0]
            post = np.fmax(post, s.post_edge_steps * np.interp(onset, self.step_energy, self._step_width))
        return pre, post

    def score(
        self, logits: np.ndarray, family_share: np.ndarray | None = None, companion_support: np.ndarray | None = None
    ) -> np.ndarray:
        """Log-odds of rule 1: the network's, the prior and, with an edge head, the shape and companion terms.

        Parameters
        ----------
        logits : ndarray, shape (N, K)
            The network's presence logits.
        family_share : ndarray, shape (N, K), optional
            Share of the detected edge's probability on the element's own
            shape family (the edge head's; None without one).
        companion_support : ndarray, shape (N, K), optional
            How surely the edge head sees each element's other edges (0-1;
            None without an edge head).

        Returns
        -------
        ndarray of float, shape (N, K)
        """
        score = np.asarray(logits, dtype=float) + self.prior[None, :]
        if family_share is not None and self.settings.family_weight:
            share = np.clip(np.nan_to_num(np.asarray(family_share, dtype=float), nan=1.0), 1e-4, 1.0)
            score = score + self.settings.family_weight * np.log(share)
        if companion_support is not None and self.settings.companion_weight:
            score = score + self.settings.companion_weight * np.nan_to_num(np.asarray(companion_support, dtype=float))
        return score

    def posterior(
        self,
        logits: np.ndarray,
        where: np.ndarray,
        family_share: np.ndarray | None = None,
        companion_support: np.ndarray | None = None,
    ) -> np.ndarray:
        """Probability from the log-odds of :meth:`score` (rule 1), 0 where `where` is False.

        Parameters
        ----------
        logits : ndarray, shape (N, K)
            The network's presence logits.
        where : ndarray of bool, shape (N, K)
            Where the element can be seen.
        family_share, companion_support : ndarray, shape (N, K), optional
            As in :meth:`score`.

        Returns
        -------
        ndarray of float, shape (N, K)
        """
        return np.where(where, 1.0 / (1.0 + np.exp(-self.score(logits, family_share, companion_support))), 0.0)

    def decide(
        self,
        logits: np.ndarray,
        onsets: np.ndarray,
        observable: np.ndarray,
        window_start: np.ndarray,
        window_end: np.ndarray,
        candidates: np.ndarray | None = None,
        family_share: np.ndarray | None = None,
        companion_support: np.ndarray | None = None,
    ) -> Decision:
        """Apply the prior, the window-end rule and one-element-per-edge.

        Parameters
        ----------
        logits : ndarray, shape (N, K)
            The network's presence logits.
        onsets : ndarray, shape (N, K)
            Detected onsets (eV; NaN where not observable).
        observable : ndarray of bool, shape (N, K)
        window_start, window_end : ndarray, shape (N,)
            First and last measured energy of each spectrum (eV).
        candidates : ndarray of bool or int, shape (K,), optional
            Elements that may be reported (nonzero; all by default); those marked :data:`NAMED` take no prior.
        family_share : ndarray, shape (N, K), optional
            The edge head's share of each element's detected edge on its own
            shape family (see :meth:`score`).
        companion_support : ndarray, shape (N, K), optional
            How surely the edge head sees each element's other edges (see :meth:`score`).

        Returns
        -------
        Decision
        """
        s = self.settings
        logits = np.asarray(logits, dtype=float)
        onsets = np.where(observable, np.asarray(onsets, dtype=float), np.nan)
        start = np.asarray(window_start, dtype=float)[:, None]
        end = np.asarray(window_end, dtype=float)[:, None]
        # inf residual: no principal onset, or (NaN onset) not observable
        nearest, residuals = self._nearest_and_residuals(np.where(observable, onsets, 0.0))
        residuals = np.where(observable, residuals, np.inf)
        finite = np.where(np.isfinite(residuals), residuals, 0.0)
        pre, post = self._margins(nearest)
        score = self.for_candidates(candidates).score(logits, family_share, companion_support)
        with np.errstate(invalid="ignore"):
            # the detected onset as far inside the window as the network's labels (or the rule's margins if smaller)
            inside_labels = (onsets - start >= min(EDGE_MARGINS[0], s.pre_edge_ev)) & (
                end - onsets >= np.minimum(EDGE_MARGINS[1], post)
            )
            tolerance = s.window_onset_tolerance_ev
            # the onset rule 2 judges: the table's, moved toward the detected one
            at = onsets - finite + np.clip(finite, -tolerance, tolerance)
            judged = observable & (at - start >= pre) & (end - at >= post) & inside_labels
            if s.defer_to_unjudged_ev is not None:
                judged &= ~self._deferred(judged, observable & inside_labels, onsets, onsets - finite, score)
        posterior = np.where(judged, 1.0 / (1.0 + np.exp(-score)), 0.0)
        safe_onsets = np.where(judged, onsets, 0.0)
        if s.pool_shared_edges:
            tol = s.same_edge_ev + s.same_edge_rel * safe_onsets
            same = judged[:, :, None] & judged[:, None, :]
            same &= np.abs(safe_onsets[:, :, None] - safe_onsets[:, None, :]) < tol[:, :, None]
            missed = np.einsum("nkj,nj->nk", same, np.log1p(-np.clip(posterior, 0.0, 1.0 - 1e-7)))
            posterior = np.where(judged, -np.expm1(missed), 0.0)
        # only elements whose posterior reaches their threshold can take an edge (the comparison of reported())
        active = judged & (posterior.astype(np.float32) >= self.thresholds[None, :])
        if candidates is not None:
            active &= np.asarray(candidates, dtype=bool)[None, :]
        residuals = np.where(judged, residuals, 0.0)
        tabulated = safe_onsets - residuals
        penalty = np.abs(residuals) / (s.onset_sigma_ev + s.onset_sigma_rel * safe_onsets)
        _, explained_by = assign_edges(
            score, penalty, active, safe_onsets, tabulated, self.thresholds, s, self.step_energy, self._step_width
        )
        probabilities = np.where(explained_by >= 0, 0.0, posterior)
        if candidates is not None:
            probabilities = np.where(np.asarray(candidates, dtype=bool)[None, :], probabilities, 0.0)
        return Decision(
            probabilities=probabilities.astype(np.float32),
            observable=judged,
            explained_by=explained_by,
        )
