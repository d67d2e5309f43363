"""Batched edge recognition with a trained model, on the CPU or CUDA.

This is the contract the HyperSpy integration (:mod:`.identify`) codes against:
:func:`~.loading.load_recognizer` gives an :class:`EdgeRecognizer` whose :meth:`~EdgeRecognizer.predict` maps
spectra on any energy axis to per-element probabilities, observability and onset energies
(:func:`~hyperspy_eels_edgeid.recognizer.block_prediction.predict_block` is the picklable per-block function for
dask).  The network's per-element evidence goes through the model's
:class:`~hyperspy_eels_edgeid.recognizer.decoder.ElementDecoder` (prior, window ends, one element per edge) before it
is returned; :meth:`EdgeRecognizer.for_images` gives the decoder of line scans and spectrum images.  Torch is imported
only inside functions.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
>>> rec = load_recognizer(device="cpu")
>>> energy = np.linspace(400.0, 800.0, 800)
>>> pred = rec.predict(energy, 1e5 * (energy / 400.0) ** -3.0 * np.ones((2, 1)))
>>> pred.probabilities.shape == (2, len(rec.elements))
True
>>> bool(pred.observable[0, rec.elements.index("B")])  # B K (188 eV) lies outside 400-800 eV
False
"""

from __future__ import annotations

import copy
import warnings

import numpy as np

from .._device import device_kind
from .grid import grid_from_metadata, normalise, window_order
from .resampling import Resampler
from .decoder import ElementDecoder
from .decoder_settings import DecoderSettings
from .ensemble import mean_evidence
from .evidence import EvidenceReader
from .labels import measured_range, observable_elements
from .precision import check_precision, run_network
from .prediction import EdgePrediction
from .unnamed_edges import unnamed_edges
from .white_edges import own_white_edges

__all__ = ["EdgePrediction", "EdgeRecognizer"]


#: Spectra per network call on the CPU (the fastest measured), and on CUDA.
CPU_BATCH = 64
CUDA_BATCH = 4096


class EdgeRecognizer:
    """A loaded model; use :func:`~.loading.load_recognizer` to make one.

    Attributes
    ----------
    elements : tuple of str
        Class names (K), by atomic number.
    grid : ndarray
        The model grid (eV).
    thresholds : ndarray of float32, shape (K,)
        Per-element decision thresholds on the probabilities.
    decoder : ElementDecoder
        The element decision (settings from the JSON's ``"decoder"``, defaults where absent; line scans and
        spectrum images: :meth:`for_images`).
    device : str
    precision : {"float32", "bfloat16"}
        Arithmetic of the network (see :func:`~.loading.load_recognizer`).
    metadata : dict
        The model's JSON (an ensemble's: its first member's).
    nets : tuple
        The networks whose evidence is averaged: this model's, then an ensemble's other members'
        (:mod:`.ensemble`; ``members`` of the constructor), with ``net_weights`` (None: equal).
    """

    def __init__(
        self, net, meta: dict, device: str, precision: str = "float32", members: tuple = (), weights=None
    ) -> None:
        check_precision(precision)
        self.net = net
        #: the networks whose evidence is averaged (:mod:`.ensemble`), this one and the `members`, and their `weights`
        self.nets, self.net_weights = (net, *members), weights
        self.metadata = meta
        self.device = device
        self.precision = precision
        self.elements = tuple(meta["elements"])
        self.grid = grid_from_metadata(meta)
        self.thresholds = np.asarray(meta["thresholds"], dtype=np.float32)
        self._onsets = [np.asarray(o, dtype=float) for o in meta["onsets"]]
        #: energy (eV) of each network step (the grid channel at its centre)
        self.step_energy = self.grid[:: net.stride][: net.n_steps]
        self._decide_with(DecoderSettings.from_json(meta.get("decoder")))
        self._resamplers: dict = {}
        self._images: EdgeRecognizer | None = None

    def _decide_with(self, settings: DecoderSettings) -> None:
        """Decide with `settings`: the element decoder and the evidence reader built on it."""
        self.decoder = ElementDecoder(self.elements, self._onsets, self.thresholds, settings, self.step_energy)
        self._reader = EvidenceReader(self.decoder, self.step_energy)

    def for_images(self) -> "EdgeRecognizer":
        """This model as it decides line scans and spectrum images (the same networks).

        The JSON's ``"image_decoder"`` settings over its ``"decoder"`` ones; itself where the JSON has none.

        Returns
        -------
        EdgeRecognizer

        Examples
        --------
        >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
        >>> rec = load_recognizer(device="cpu")
        >>> rec.decoder.settings.post_edge_steps is None, rec.for_images().decoder.settings.post_edge_steps
        (True, 2.0)
        """
        overrides = self.metadata.get("image_decoder")
        if not overrides:
            return self
        if self._images is None:
            images = copy.copy(self)
            images._decide_with(DecoderSettings.from_json({**(self.metadata.get("decoder") or {}), **overrides}))
            self._images = images._images = images
        return self._images

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

    def predict(
        self,
        energy: np.ndarray,
        spectra: np.ndarray,
        *,
        batch_size: int | None = None,
        candidates=None,
        thresholds=None,
        edge_support: bool = False,
    ) -> EdgePrediction:
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
        candidates : array_like of bool or int, shape (K,), optional
            Elements that may be reported (nonzero; all by default; :data:`.decoder.NAMED`: no prior); see
            :meth:`ElementDecoder.decide <hyperspy_eels_edgeid.recognizer.decoder.ElementDecoder.decide>`.
        thresholds : float or array_like of shape (K,), optional
            Decision thresholds of the element decoder (default: the model's).
        edge_support : bool
            Keep, in the evidence, how surely the edge head sees each edge
            group of each element (``edge_support``, (N, K, C); see
            :mod:`~hyperspy_eels_edgeid.recognizer.evidence`), and the edge
            head's outputs at every step (``step_families`` ...; read by
            :meth:`unnamed_edges`).  K x C + (F + 2) x T values per spectrum
            (about 3,100 with the bundled model): for single spectra and small batches.

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
            batch_size = CUDA_BATCH if device_kind(self.device) == "cuda" else CPU_BATCH
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
        if n == 0:
            return self.predict_resampled(*resampler.resample(spectra[:0]), candidates=candidates, thresholds=thresholds)
        parts = []
        for start in range(0, n, batch_size):
            values, mask = resampler.resample(spectra[start : start + batch_size])
            parts.append(
                self.predict_resampled(
                    values, mask, candidates=candidates, thresholds=thresholds, edge_support=edge_support
                )
            )
        return EdgePrediction.concatenate(parts)

    def predict_resampled(
        self, values: np.ndarray, mask: np.ndarray, *, candidates=None, thresholds=None, edge_support: bool = False
    ) -> EdgePrediction:
        """Predict from spectra already resampled onto the grid (one network call).

        Parameters
        ----------
        values, mask : ndarray, shape (N, G)
            As returned by :meth:`hyperspy_eels_edgeid.recognizer.resampling.Resampler.resample`
            (spectra with different axes can be resampled one by one and
            stacked).
        candidates : array_like of bool or int, shape (K,), optional
            Elements that may be reported (nonzero; all by default; :data:`.decoder.NAMED`: named, no prior).
        thresholds : float or array_like of shape (K,), optional
            Decision thresholds of the element decoder (default: the model's).
        edge_support : bool
            As in :meth:`predict`.

        Returns
        -------
        EdgePrediction
        """
        import torch

        values = np.atleast_2d(values)
        mask = np.atleast_2d(mask)
        if values.shape[0] == 0:
            k = len(self.elements)
            empty = np.zeros((0, k), dtype=np.float32)
            evidence = {"logits": empty, "onsets": empty, "observable": empty.astype(bool),
                        "window_start": np.zeros(0), "window_end": np.zeros(0)}  # fmt: skip
            return self.decide(evidence, candidates=candidates, thresholds=thresholds)
        read = self._network_evidence(normalise(values, mask, self.grid), mask, edge_support)
        obs = self._observable(mask) & read.pop("seen")
        first, last = measured_range(mask, self.grid)
        evidence = {
            "logits": read.pop("logits"),
            "onsets": np.where(obs, read.pop("onsets"), np.nan).astype(np.float32),
            "observable": obs,
            "window_start": first,
            "window_end": last,
            **read,
        }
        return self.decide(evidence, candidates=candidates, thresholds=thresholds)

    def _network_evidence(self, x: np.ndarray, mask: np.ndarray, edge_support: bool) -> dict:
        """The evidence reader's arrays (leading axis N) for the network input `x` (N, 4, G).

        On the CPU, more than :data:`CPU_BATCH` spectra that do not all share one window are run in
        calls of about that many, grouped by the width and start of their measured windows
        (:func:`~.grid.window_order`), so that each call runs the network over few steps
        (:meth:`EdgeNet.measured_steps <hyperspy_eels_edgeid.recognizer.network.EdgeNet.measured_steps>`);
        each spectrum's outputs do not depend on the others of its call, and the rows come back in order.
        """
        import torch

        n = x.shape[0]
        if device_kind(self.device) == "cuda" or n <= CPU_BATCH or (mask == mask[:1]).all():
            groups = [np.arange(n)]
        else:
            groups = np.array_split(window_order(mask), -(-n // CPU_BATCH))
        parts = []
        for rows in groups:
            batch = torch.from_numpy(x[rows] if len(groups) > 1 else x).to(self.device)
            with torch.inference_mode():
                reads = [self._reader.read(run_network(net, batch, self.device, self.precision), edge_support)
                         for net in self.nets]  # fmt: skip
                parts.append(mean_evidence(reads, self.net_weights))
        if len(groups) == 1:
            return parts[0]
        position = np.empty(n, dtype=np.intp)
        position[np.concatenate(groups)] = np.arange(n)
        return {key: np.concatenate([part[key] for part in parts])[position] for key in parts[0]}

    def other_edges(self, prediction: EdgePrediction, k: int, row: int = 0) -> tuple[tuple[str, float], ...]:
        """Element `k`'s other edge groups in the measured range, with how surely the edge head sees each.

        Where exspy's table puts them, shifted as the element's detected edge
        is (:mod:`~hyperspy_eels_edgeid.recognizer.evidence`): an element that
        shows the edges it must show is better supported than one that shows
        only the edge it shares with others (the decoder's companion term
        reads the surest of them).

        Parameters
        ----------
        prediction : EdgePrediction
            From :meth:`predict` with ``edge_support=True`` (empty otherwise).
        k : int
            Element index.
        row : int
            Spectrum in `prediction`.

        Returns
        -------
        tuple of (str, float)
            (edge label, 0-1), by onset.

        Examples
        --------
        >>> import numpy as np
        >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
        >>> rec = load_recognizer(device="cpu")
        >>> e = np.linspace(250.0, 500.0, 1000)
        >>> pred = rec.predict(e, 1e6 * (e / 250.0) ** -3.0, edge_support=True)
        >>> [label for label, _ in rec.other_edges(pred, rec.elements.index("K"))]   # K L3 294 eV: its L1 at 377 eV
        ['K_L1']
        """
        support = prediction.evidence.get("edge_support")
        if support is None or not prediction.observable[row, k]:
            return ()
        labels = self._reader.edge_labels[k]
        return tuple(
            (labels[c], round(float(v), 3)) for c, v in enumerate(support[row, k, : len(labels)]) if np.isfinite(v)
        )

    def unnamed_edges(self, prediction: EdgePrediction, row: int = 0, thresholds=None, reported=None) -> tuple:
        """The edges a spectrum shows that no reported element explains (:func:`.unnamed_edges.unnamed_edges`).

        Parameters
        ----------
        prediction : EdgePrediction
            From :meth:`predict` with ``edge_support=True`` (empty otherwise).
        row : int
            Spectrum in `prediction`.
        thresholds : float or array_like of shape (K,), optional
            The thresholds the elements were reported at (default: the model's).
        reported : sequence of str, optional
            The elements whose edges explain (default: those `prediction` reports).

        Returns
        -------
        tuple of UnnamedEdge
        """
        return unnamed_edges(self, prediction, row, thresholds, reported)

    def decide(self, evidence: dict, *, thresholds=None, candidates=None) -> EdgePrediction:
        """Run the element decision on the network's evidence.

        Parameters
        ----------
        evidence : dict of ndarray
            ``logits``, ``onsets``, ``observable`` (N, K) and ``window_start``,
            ``window_end`` (N,), as in :attr:`EdgePrediction.evidence`; with
            ``searched_shift`` (N,), the evidence of an axis moved by it
            (:mod:`.shift_search`), whose onsets are moved back.
        thresholds : float or array_like of shape (K,), optional
            Decision thresholds (default: the model's).
        candidates : array_like of bool or int, shape (K,), optional
            Elements that may be reported (nonzero; all by default; :data:`.decoder.NAMED`: named, no prior).

        Returns
        -------
        EdgePrediction

        Examples
        --------
        >>> import numpy as np
        >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
        >>> rec = load_recognizer(device="cpu")
        >>> e = np.linspace(300.0, 900.0, 1200)
        >>> pred = rec.predict(e, 1e6 * (e / 300.0) ** -3.0)
        >>> again = rec.decide(pred.evidence, thresholds=0.99)
        >>> bool((again.probabilities == pred.probabilities).all())  # nothing near 0.99 changes
        True
        """
        decoder = self.decoder if thresholds is None else self.decoder.with_thresholds(thresholds)
        decision, owned = own_white_edges(decoder.decide_evidence(evidence, candidates=candidates), evidence, decoder,
                                          candidates)  # fmt: skip
        network = np.where(evidence["observable"], 1.0 / (1.0 + np.exp(-evidence["logits"].astype(float))), 0.0)
        onsets = np.where(owned, evidence.get("white_edge_onset", 0.0), evidence["onsets"])
        if "searched_shift" in evidence:  # evidence read on a moved axis (.shift_search): onsets on the spectrum's own
            onsets = onsets - np.asarray(evidence["searched_shift"], dtype=np.float32)[:, None]
        return EdgePrediction(
            probabilities=decision.probabilities,
            observable=decision.observable,
            onsets=np.where(decision.observable, onsets, np.nan).astype(np.float32),
            elements=self.elements,
            explained_by=decision.explained_by,
            network_probabilities=network.astype(np.float32),
            evidence=evidence,
            white_edge_owned=owned,
        )
