"""What :meth:`EdgeRecognizer.predict <hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.predict>` returns.

:class:`EdgePrediction` holds, for N spectra and K elements, the decoder's
probabilities, observability and onsets, the network's own probabilities
and the evidence the decoder read (to decide again without the network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EdgePrediction"]


@dataclass
class EdgePrediction:
    """Result of :meth:`EdgeRecognizer.predict
    <hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.predict>` for N spectra and K elements.

    Attributes
    ----------
    probabilities : ndarray of float32, shape (N, K)
        Probability that the element is present, after the decoder: the
        network's evidence with the prior over elements; 0 where the element
        is not observable or its edge is explained by another element
        (see :mod:`hyperspy_eels_edgeid.recognizer.decoder`).
    observable : ndarray of bool, shape (N, K)
        The element has a principal edge inside the measured part of the grid
        (onset at least 5 eV after its start and 10 eV before its end), the
        network measured at least one of the steps where that edge can lie
        (steps are 8 eV apart below 1000 eV, 16 eV to 2000 eV and 32 eV
        above with the bundled model, so a narrower window may hold none), and the decoder's
        window-end rule judges it (:mod:`hyperspy_eels_edgeid.recognizer.decoder`, rule 2).
    onsets : ndarray of float32, shape (N, K)
        Energy (eV) of the most likely principal-edge onset of each observable
        element (meaningful where the element is detected); NaN where the
        element is not observable.
    elements : tuple of str
        The K element symbols.
    explained_by : ndarray of int, shape (N, K)
        Index of the reported element whose edge this element's evidence was
        given to, -1 where none.
    network_probabilities : ndarray of float32, shape (N, K)
        The network's own probabilities (no prior, no decoder rules); 0 where
        the network cannot see the element.
    evidence : dict of ndarray
        What the decoder read (``logits``, ``onsets``, ``observable``,
        ``window_start``, ``window_end`` and, with an edge head,
        ``family_share``, ``companion_support`` and, when asked for,
        ``edge_support``: :mod:`~hyperspy_eels_edgeid.recognizer.evidence`),
        so that :meth:`EdgeRecognizer.decide
        <hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.decide>` can
        decide again with other thresholds or candidates without running the
        network.
    white_edge_owned : ndarray of bool, shape (N, K), or None
        The 3d metals reported from the edge head's white-line edge where the
        element head named no one (:mod:`~hyperspy_eels_edgeid.recognizer.white_edges`).
    """

    probabilities: np.ndarray
    observable: np.ndarray
    onsets: np.ndarray
    elements: tuple[str, ...]
    explained_by: np.ndarray
    network_probabilities: np.ndarray
    evidence: dict
    white_edge_owned: np.ndarray | None = None

    def detected(self, thresholds: np.ndarray | float = 0.5) -> list[list[str]]:
        """Elements with probability at or above `thresholds`, per spectrum.

        Parameters
        ----------
        thresholds : float or ndarray of shape (K,)
            Decision thresholds.

        Returns
        -------
        list of list of str
        """
        hit = self.probabilities >= np.asarray(thresholds, dtype=np.float32)
        return [[e for e, h in zip(self.elements, row) if h] for row in hit]

    @classmethod
    def concatenate(cls, parts: list["EdgePrediction"]) -> "EdgePrediction":
        """Stack the predictions of consecutive batches.

        Parameters
        ----------
        parts : list of EdgePrediction
            At least one, all for the same elements.

        Returns
        -------
        EdgePrediction
        """
        first = parts[0]
        return cls(
            probabilities=np.concatenate([p.probabilities for p in parts]),
            observable=np.concatenate([p.observable for p in parts]),
            onsets=np.concatenate([p.onsets for p in parts]),
            elements=first.elements,
            explained_by=np.concatenate([p.explained_by for p in parts]),
            network_probabilities=np.concatenate([p.network_probabilities for p in parts]),
            evidence={k: np.concatenate([p.evidence[k] for p in parts]) for k in first.evidence},
            white_edge_owned=None if first.white_edge_owned is None else np.concatenate(
                [p.white_edge_owned for p in parts]),
        )
