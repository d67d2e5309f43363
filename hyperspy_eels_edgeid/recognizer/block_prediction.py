"""The picklable per-block function that dask maps over a spectrum image: spectra to probabilities (and onsets),
decided as a map's pixels (:meth:`~hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.for_images`).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.block_prediction import predict_block
>>> out = predict_block(np.ones((2, 3, 600)), np.linspace(300.0, 900.0, 600), None, "cpu", 64)
>>> out.shape[:2]
(2, 3)
"""

from __future__ import annotations

import numpy as np

from .loading import load_recognizer

__all__ = ["predict_block"]


def predict_block(
    block: np.ndarray,
    energy: np.ndarray,
    weights_path: str | None,
    device: str,
    batch_size: int,
    candidates=None,
    thresholds=None,
    with_onsets: bool = False,
    precision: str = "float32",
) -> np.ndarray:
    """Per-block function for dask: spectra (..., C) -> probabilities (..., K), or (..., 2K) with onsets, float32.

    The spectra are decided as pixels of a line scan or spectrum image: with the model's
    :meth:`~hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.for_images` decoder.

    Parameters
    ----------
    block : ndarray, shape (..., C)
        Spectra on one energy axis.
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    weights_path : str, tuple of str or None
        Model directory (None: the bundled model; a tuple: an ensemble, :mod:`.ensemble`).
    device : str
        Torch device (see :func:`load_recognizer`).
    batch_size : int or None
        Spectra per network call (None: the recognizer's default).
    candidates : array_like of bool, shape (K,), optional
        Elements that may be reported (all by default).
    thresholds : float or array_like of shape (K,), optional
        Decision thresholds of the element decoder (default: the model's).
    with_onsets : bool
        Also return the onsets (eV, NaN where the element is not observable)
        after the probabilities: shape (..., 2K).  Default False.
    precision : {"float32", "bfloat16"}
        The network's arithmetic (see :func:`load_recognizer`).

    Returns
    -------
    ndarray of float32, shape (..., K) or (..., 2K)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.block_prediction import predict_block
    >>> from hyperspy_eels_edgeid.recognizer.loading import supported_elements
    >>> e = np.linspace(300.0, 900.0, 600)
    >>> out = predict_block(np.ones((2, 3, 600)), e, None, "cpu", 64)
    >>> out.shape == (2, 3, len(supported_elements()))
    True
    """
    block = np.asarray(block)
    rec = load_recognizer(weights_path, device, precision).for_images()  # a block is pixels of a map
    flat = block.reshape(-1, block.shape[-1])
    width = len(rec.elements) * (2 if with_onsets else 1)
    if flat.shape[0] == 0:
        return np.zeros(block.shape[:-1] + (width,), dtype=np.float32)
    pred = rec.predict(energy, flat, batch_size=batch_size, candidates=candidates, thresholds=thresholds)
    out = np.concatenate([pred.probabilities, pred.onsets], axis=1) if with_onsets else pred.probabilities
    return out.reshape(block.shape[:-1] + (width,)).astype(np.float32)
