"""Batched edge recognition with a trained model, on the CPU or CUDA.

This is the contract the HyperSpy integration (:mod:`.identify`) codes
against: :func:`load_recognizer` gives an :class:`EdgeRecognizer` whose
:meth:`~EdgeRecognizer.predict` maps spectra on any energy axis to
per-element probabilities, observability and onset energies, and
:func:`predict_block` is the picklable per-block function for dask.
Torch is imported only inside functions.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
>>> rec = load_recognizer(device="cpu")
>>> energy = np.linspace(400.0, 800.0, 800)
>>> pred = rec.predict(energy, 1e5 * (energy / 400.0) ** -3.0 * np.ones((2, 1)))
>>> pred.probabilities.shape == (2, len(rec.elements))
True
>>> bool(pred.observable[0, rec.elements.index("B")])  # B K (188 eV) lies outside 400-800 eV
False
"""

from __future__ import annotations

import functools
import os
import pathlib
import warnings
from dataclasses import dataclass

import numpy as np

from .._device import DeviceUnavailableError, device_kind, resolve_device
from .grid import grid_from_metadata, normalise
from .resampling import Resampler
from .labels import EDGE_MARGINS, measured_range, near_window_ends, observable_elements
from .model_files import default_weights_dir, load_model, read_metadata

__all__ = [
    "supported_elements",
    "EdgePrediction",
    "EdgeRecognizer",
    "load_recognizer",
    "predict_block",
    "lower_logits",
    "clear_recognizer_cache",
    "DeviceUnavailableError",
]


def supported_elements(path: str | os.PathLike | None = None) -> list[str]:
    """Elements the model can report, sorted by atomic number (reads the JSON only).

    Parameters
    ----------
    path : path, optional
        Model directory; the bundled model by default.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.inference import supported_elements
    >>> els = supported_elements()
    >>> "Fe" in els and "O" in els
    True
    """
    return list(read_metadata(path)["elements"])


@dataclass
class EdgePrediction:
    """Result of :meth:`EdgeRecognizer.predict` for N spectra and K elements.

    Attributes
    ----------
    probabilities : ndarray of float32, shape (N, K)
        Probability that the element is present; 0 where not observable.
        Lowered by the model's ``end_zone_logit_offset`` where the element's
        edge lies near the window's ends (see :func:`~hyperspy_eels_edgeid.recognizer.labels.near_window_ends`).
    observable : ndarray of bool, shape (N, K)
        The element has a principal edge inside the measured part of the grid
        (onset at least 5 eV after its start and 10 eV before its end), and
        the network measured at least one of the steps where that edge can
        lie (steps are 8 eV apart below 1000 eV and 48 eV above with the
        bundled model, so a narrower window may hold none).
    onsets : ndarray of float32, shape (N, K)
        Energy (eV) of the most likely principal-edge onset of each observable
        element (meaningful where the element is detected); NaN where the
        element is not observable.
    elements : tuple of str
        The K element symbols.
    """

    probabilities: np.ndarray
    observable: np.ndarray
    onsets: np.ndarray
    elements: tuple[str, ...]

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


class EdgeRecognizer:
    """A loaded model; use :func:`load_recognizer` to make one.

    Attributes
    ----------
    elements : tuple of str
        Class names (K), by atomic number.
    grid : ndarray
        The model grid (eV).
    thresholds : ndarray of float32, shape (K,)
        Per-element decision thresholds on the probabilities.
    device : str
    metadata : dict
        The model's JSON.
    """

    def __init__(self, net, meta: dict, device: str) -> None:
        self.net = net
        self.metadata = meta
        self.device = device
        self.elements = tuple(meta["elements"])
        self.grid = grid_from_metadata(meta)
        self.thresholds = np.asarray(meta["thresholds"], dtype=np.float32)
        #: logit subtracted where an element's edge lies near the window's ends (see labels.near_window_ends)
        self.end_zone_logit_offset = float(meta.get("end_zone_logit_offset", 0.0))
        self._onsets = [np.asarray(o, dtype=float) for o in meta["onsets"]]
        #: energy (eV) of each network step (the grid channel at its centre)
        self.step_energy = self.grid[:: net.stride][: net.n_steps]
        self._resamplers: dict = {}

    def _resampler(self, energy: np.ndarray) -> Resampler:
        key = (energy.size, hash(energy.tobytes()))
        if key not in self._resamplers:
            if len(self._resamplers) > 8:
                self._resamplers.clear()
            self._resamplers[key] = Resampler(energy, self.grid)
        return self._resamplers[key]

    def _observable(self, mask: np.ndarray) -> np.ndarray:
        """(N, K): a principal onset lies in a measured stretch with the label margins."""
        return observable_elements(mask, self.grid, self._onsets)

    def near_ends(self, mask: np.ndarray) -> np.ndarray:
        """Where a principal onset lies near the ends of the measured window (its label ambiguous in training).

        Parameters
        ----------
        mask : ndarray of bool, shape (N, G)
            Measured grid channels (see :meth:`Resampler.resample`).

        Returns
        -------
        ndarray of bool, shape (N, K)
        """
        first, last = measured_range(mask, self.grid)
        return near_window_ends(first + EDGE_MARGINS[0], last - EDGE_MARGINS[1], self._onsets)

    def predict(self, energy: np.ndarray, spectra: np.ndarray, *, batch_size: int | None = None) -> EdgePrediction:
        """Recognise the edges of spectra sharing one energy axis.

        Parameters
        ----------
        energy : array_like, shape (C,)
            Strictly increasing energy axis (eV), uniform or not.
        spectra : array_like, shape (N, C) or (C,)
            Raw core-loss spectra (no background removal); NaN/inf channels
            (padding) are treated as not measured.
        batch_size : int, optional
            Spectra per network call (default 64 on CPU, the fastest measured, and 4096 on CUDA).

        Returns
        -------
        EdgePrediction
        """

        energy = np.asarray(energy, dtype=float).ravel()
        spectra = np.asarray(spectra)
        if spectra.ndim == 1:
            spectra = spectra[None, :]
        if spectra.ndim != 2:
            raise ValueError(f"spectra: expected shape (N, C), got {spectra.shape}.")
        n = spectra.shape[0]
        if batch_size is None:
            batch_size = 4096 if device_kind(self.device) == "cuda" else 64
        if batch_size < 1:
            raise ValueError(f"batch_size: must be positive, got {batch_size}.")
        if energy.size and (energy[-1] <= self.grid[0] or energy[0] >= self.grid[-1]):
            warnings.warn(
                f"energy axis {energy[0]:.4g}-{energy[-1]:.4g} does not overlap the model grid "
                f"{self.grid[0]:.0f}-{self.grid[-1]:.0f} eV: no element is observable. Give the axis in eV "
                "(is it in keV?).",
                UserWarning,
                stacklevel=2,
            )
        resampler = self._resampler(energy)
        parts = []
        for start in range(0, n, batch_size):
            values, mask = resampler.resample(spectra[start : start + batch_size])
            parts.append(self.predict_resampled(values, mask))
        if not parts:
            k = len(self.elements)
            empty = np.zeros((0, k), dtype=np.float32)
            return EdgePrediction(empty, empty.astype(bool), empty.copy(), self.elements)
        return EdgePrediction(
            probabilities=np.concatenate([p.probabilities for p in parts]),
            observable=np.concatenate([p.observable for p in parts]),
            onsets=np.concatenate([p.onsets for p in parts]),
            elements=self.elements,
        )

    def predict_resampled(self, values: np.ndarray, mask: np.ndarray) -> EdgePrediction:
        """Predict from spectra already resampled onto the grid (one network call).

        Parameters
        ----------
        values, mask : ndarray, shape (N, G)
            As returned by :meth:`hyperspy_eels_edgeid.recognizer.resampling.Resampler.resample`
            (spectra with different axes can be resampled one by one and
            stacked).

        Returns
        -------
        EdgePrediction
        """
        import torch

        values = np.atleast_2d(values)
        mask = np.atleast_2d(mask)
        x = torch.from_numpy(normalise(values, mask, self.grid)).to(self.device)
        with torch.inference_mode():
            out = self.net(x)
            p = torch.sigmoid(out["presence_logits"]).float().cpu().numpy()
            pos = out["position_logits"].masked_fill(~out["usable"], -1e4)
            best = pos.argmax(dim=2)
            # sub-step refinement: parabola through the best step and its neighbours
            t_max = pos.shape[2] - 1
            left = pos.gather(2, (best - 1).clamp(0, t_max)[..., None])[..., 0]
            mid = pos.gather(2, best[..., None])[..., 0]
            right = pos.gather(2, (best + 1).clamp(0, t_max)[..., None])[..., 0]
            denom = left - 2 * mid + right
            delta = torch.where(denom < 0, 0.5 * (left - right) / denom.clamp(max=-1e-6), torch.zeros_like(mid))
            delta = delta.clamp(-0.5, 0.5).float().cpu().numpy()
            best = best.cpu().numpy()
            # the presence pools only steps whose centre channel was measured: where none of an element's
            # steps was (a window narrower than a step), the network cannot see its edge
            seen = out["usable"].any(dim=2).cpu().numpy()
        obs = self._observable(mask) & seen
        if self.end_zone_logit_offset:
            # training never penalised an absent element there, so the raw probability is biased upwards
            p = lower_logits(p, self.near_ends(mask) & obs, self.end_zone_logit_offset)
        step = self.step_energy
        spacing = np.gradient(step)
        onset = step[best] + delta * spacing[best]
        return EdgePrediction(
            probabilities=np.where(obs, p, 0.0).astype(np.float32),
            observable=obs,
            onsets=np.where(obs, onset, np.nan).astype(np.float32),
            elements=self.elements,
        )


def lower_logits(p: np.ndarray, where: np.ndarray, offset: float) -> np.ndarray:
    """Probabilities whose logit is lowered by `offset` where `where` is true: p / (p + (1 - p) e^offset).

    Parameters
    ----------
    p : ndarray
        Probabilities.
    where : ndarray of bool
        Where to lower them (broadcast against `p`).
    offset : float
        Logit offset (>= 0).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> import numpy as np
    >>> lower_logits(np.array([0.5, 0.5]), np.array([True, False]), np.log(3.0)).round(3).tolist()
    [0.25, 0.5]
    """
    return np.where(where, p / (p + (1.0 - p) * np.exp(offset)), p)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, device: str) -> EdgeRecognizer:
    net, meta = load_model(path, device=device)
    return EdgeRecognizer(net, meta, device)


def load_recognizer(path: str | os.PathLike | None = None, device: str = "auto") -> EdgeRecognizer:
    """Load a recognizer (cached per path and device in this process).

    Parameters
    ----------
    path : path, optional
        Model directory; the bundled ``model_weights`` by default.
    device : {"auto", "cpu", "cuda"}
        "auto" uses CUDA when available.

    Raises
    ------
    WeightsError
        For missing, truncated or mismatched model files.
    DeviceUnavailableError
        (a RuntimeError and a ValueError) for ``device="cuda"`` without CUDA.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
    >>> load_recognizer(device="cpu") is load_recognizer(device="cpu")
    True
    """
    directory = str(pathlib.Path(default_weights_dir() if path is None else path).resolve())
    return _load_cached(directory, resolve_device(device))


def predict_block(
    block: np.ndarray, energy: np.ndarray, weights_path: str | None, device: str, batch_size: int
) -> np.ndarray:
    """Per-block function for dask: spectra (..., C) -> probabilities (..., K) float32.

    Parameters
    ----------
    block : ndarray, shape (..., C)
        Spectra on one energy axis.
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    weights_path : str or None
        Model directory (None: the bundled model).
    device : str
        Torch device (see :func:`load_recognizer`).
    batch_size : int or None
        Spectra per network call (None: the recognizer's default).

    Returns
    -------
    ndarray of float32, shape (..., K)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.inference import predict_block, supported_elements
    >>> e = np.linspace(300.0, 900.0, 600)
    >>> out = predict_block(np.ones((2, 3, 600)), e, None, "cpu", 64)
    >>> out.shape == (2, 3, len(supported_elements()))
    True
    """
    block = np.asarray(block)
    rec = load_recognizer(weights_path, device)
    flat = block.reshape(-1, block.shape[-1])
    if flat.shape[0] == 0:
        return np.zeros(block.shape[:-1] + (len(rec.elements),), dtype=np.float32)
    probs = rec.predict(energy, flat, batch_size=batch_size).probabilities
    return probs.reshape(block.shape[:-1] + (len(rec.elements),)).astype(np.float32)


def clear_recognizer_cache() -> None:
    """Forget the recognizers :func:`load_recognizer` loaded (after a model's JSON was rewritten, e.g. by calibration).

    Parameters
    ----------
    None

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.inference import clear_recognizer_cache
    >>> clear_recognizer_cache()
    """
    _load_cached.cache_clear()
