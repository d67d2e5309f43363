"""The element decoder's result (:class:`~hyperspy_eels_edgeid.recognizer.decoder.ElementDecoder`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Decision"]


@dataclass
class Decision:
    """The decoder's result for N spectra and K elements.

    Attributes
    ----------
    probabilities : ndarray of float32, shape (N, K)
        Posterior probability (network and prior) of each element; 0 where
        the element is not judged or its edge is explained by another element.
    observable : ndarray of bool, shape (N, K)
        The element's edge lies where it can be judged (window-end rule applied).
    explained_by : ndarray of int, shape (N, K)
        Index of the reported element that explains this element's edge, -1 if none.
    """

    probabilities: np.ndarray
    observable: np.ndarray
    explained_by: np.ndarray

    def reported(self, thresholds) -> np.ndarray:
        """(N, K) bool: elements reported at `thresholds` (scalar or per element).

        Parameters
        ----------
        thresholds : float or array_like of shape (K,)
        """
        return self.probabilities >= np.asarray(thresholds, dtype=np.float32)
