"""``EELSSpectrum.identify_edges``: the HyperSpy side of edge identification.

:func:`identify_edges` validates the signal, maps the recognizer
(:mod:`hyperspy_eels_edgeid.recognizer.inference`) over every pixel with
``dask.array.map_blocks`` (navigation chunks, whole energy axis per chunk),
decides which elements are present, writes them to
``metadata.Sample.elements`` with ``add_elements`` and returns

* for a single spectrum, an :class:`~hyperspy_eels_edgeid.hyperspy.table.EdgeTable`
  (element, edge, onset, probability) that prints as a table in Jupyter;
* for a line scan or spectrum image, an
  :class:`~hyperspy_eels_edgeid.hyperspy.signals.EELSEdgeProbabilities` signal with
  one probability per pixel and element, and ``get_element_maps()``.

The same code runs eagerly, lazily (the input is read chunk by chunk and
never loaded whole) and on a ``dask.distributed`` cluster: the block
function :func:`identify_block` is module-level and loads the model once per
process.  Torch is imported only when the model is loaded.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from . import _validation as _v
from ._validation import (
    EdgeIdentificationError,
    EnergyAxisError,
    InvalidSpectrumError,
    LowLossSpectrumError,
    NonFiniteDataError,
    NoOverlapError,
    NotEELSError,
)
from .table import EdgeRow, EdgeTable

__all__ = [
    "DEFAULT_PIXEL_FRACTION",
    "DeviceFallbackWarning",
    "EdgeIdentificationError",
    "EnergyAxisError",
    "InvalidPixelsWarning",
    "InvalidSpectrumError",
    "LowLossSpectrumError",
    "NoOverlapError",
    "NonFiniteDataError",
    "NotEELSError",
    "identify_block",
    "identify_edges",
]

#: Default fraction of valid pixels that must show an element for it to be detected in a spectrum image.
DEFAULT_PIXEL_FRACTION = 0.02

#: Bytes of float32 input per dask block, by device kind (see ``navigation_chunks``).
_BLOCK_BYTES = {"cpu": 32 * 2**20, "cuda": 256 * 2**20}


class DeviceFallbackWarning(UserWarning):
    """CUDA was requested but is not available; the CPU is used instead."""


class NothingObservableWarning(UserWarning):
    """No supported element has a principal edge the model can see in the measured window."""


def _warn_if_nothing_observable(observable: np.ndarray, energy: np.ndarray, recognizer) -> None:
    if not np.any(observable):
        spacing = np.diff(recognizer._step_energy)
        warnings.warn(
            f"No supported element has a principal edge the model can see in {energy[0]:.1f}-{energy[-1]:.1f} eV, "
            f"so nothing can be identified: the network's steps are {spacing.min():.0f}-{spacing.max():.0f} eV "
            "apart, and an edge needs a measured step within its tolerance. Give a wider window around the edges.",
            NothingObservableWarning,
            stacklevel=3,
        )


class InvalidPixelsWarning(UserWarning):
    """Some pixels of a spectrum image could not be analysed; their probabilities are NaN."""


# --------------------------------------------------------------------------- block function
def identify_block(
    block: np.ndarray,
    energy: np.ndarray,
    reverse: bool,
    weights_path: str | None,
    device: str,
    batch_size: int | None,
    nonfinite: str,
    n_classes: int,
) -> np.ndarray:
    """Probabilities of one block of spectra: (..., C) -> (..., K) float32.

    The function given to ``dask.array.map_blocks``; module-level so that it
    pickles by reference for ``dask.distributed`` workers.  It converts the
    block to native float32 (integer and big-endian input included), reads
    it backwards if the energy axis decreases, sets NaN for the pixels that
    :func:`hyperspy_eels_edgeid.hyperspy._validation.pixel_problems` refuses, and
    runs :func:`hyperspy_eels_edgeid.recognizer.inference.predict_block` on the others.

    Raises
    ------
    NonFiniteDataError
        If a spectrum holds NaN/inf and ``nonfinite="raise"``.
    """
    from ..recognizer.inference import predict_block

    x = np.asarray(block, dtype=np.float32)
    lead = x.shape[:-1]
    flat = x.reshape(-1, x.shape[-1])
    if reverse:
        flat = flat[:, ::-1]
    codes = _v.pixel_problems(flat, nonfinite)
    bad = codes == _v.NONFINITE
    if bad.any():
        raise NonFiniteDataError(_v.problem_message(_v.NONFINITE, int(bad.sum()), flat.shape[0], where=" in a block"))
    out = np.full((flat.shape[0], n_classes), np.nan, dtype=np.float32)
    ok = codes == _v.OK
    if ok.any():
        spectra = flat[ok]
        if nonfinite == "mask":
            spectra = np.where(np.isfinite(spectra), spectra, np.nan)
        out[ok] = predict_block(spectra, energy, weights_path, device, batch_size)
    return out.reshape(lead + (n_classes,))


# --------------------------------------------------------------------------- helpers
def _check_options(
    threshold, pixel_fraction, device, nonfinite, batch_size, add_elements, lazy_output, navigation_chunks
) -> None:
    _v.check_threshold(threshold)
    _v.check_pixel_fraction(pixel_fraction)
    for name, value in (("add_elements", add_elements), ("lazy_output", lazy_output)):
        if value is not None and not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True, False or None (the default rule), got {value!r}.")
    if not (isinstance(navigation_chunks, str) and navigation_chunks == "auto"):
        entries = navigation_chunks if isinstance(navigation_chunks, tuple) else (navigation_chunks,)
        if not entries or not all(_usable_chunk(c) for c in entries):
            raise ValueError(
                "navigation_chunks must be 'auto', a positive integer (-1 or None: the whole axis), or a tuple "
                f"of such values or of block sizes, one per navigation axis; got {navigation_chunks!r}."
            )
    if not isinstance(device, str) or not (device in ("auto", "cpu") or device.startswith("cuda")):
        raise ValueError(f"device must be 'auto', 'cpu' or 'cuda' (or 'cuda:N'), got {device!r}.")
    if nonfinite not in ("raise", "mask"):
        raise ValueError(f"nonfinite must be 'raise' or 'mask', got {nonfinite!r}.")
    if batch_size is not None and (not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive integer or None (sized to the device), got {batch_size!r}.")


def _usable_chunk(c) -> bool:
    """What dask's ``normalize_chunks`` takes for one axis: size, -1/None/"auto", or block sizes."""
    if c is None or (isinstance(c, str) and c == "auto"):
        return True
    if isinstance(c, tuple):
        return len(c) > 0 and all(isinstance(b, (int, np.integer)) and not isinstance(b, bool) and b >= 1 for b in c)
    return isinstance(c, (int, np.integer)) and not isinstance(c, bool) and (c >= 1 or c == -1)


def _resolve_device(device: str) -> str:
    """Fall back from CUDA to the CPU with a :class:`DeviceFallbackWarning`."""
    if device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            warnings.warn(
                f"device={device!r} was requested but CUDA is not available (torch {torch.__version__}); "
                "identifying edges on the CPU instead. Pass device='cpu' to silence this warning.",
                DeviceFallbackWarning,
                stacklevel=3,
            )
            return "cpu"
    return device


def _device_kind(device: str) -> str:
    if device == "auto":
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    return "cuda" if device.startswith("cuda") else "cpu"


#: Dask threads feeding one GPU: enough to overlap the CPU-side preparation of blocks with the network.
_CUDA_WORKERS = 4


def batch_for_memory(free_bytes: float, bytes_per_spectrum: float, n_workers: int, fraction: float = 0.6) -> int:
    """Spectra per forward pass so that `n_workers` concurrent batches use `fraction` of the free GPU memory.

    Rounded down to a power of two, between 256 and 65536.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.identify import batch_for_memory
    >>> batch_for_memory(80e9, 1e6, 4)
    8192
    """
    n = fraction * float(free_bytes) / max(float(bytes_per_spectrum), 1.0) / max(int(n_workers), 1)
    n = int(min(max(n, 256), 65536))
    return 1 << (n.bit_length() - 1)


def _cuda_batch_size(recognizer, energy: np.ndarray, n_workers: int) -> int | None:
    """Batch size sized to the card: the memory of a probe batch, scaled to the free memory.

    Returns None (the recognizer's default) if anything about the probe fails.
    """
    try:
        import torch

        device = torch.device(recognizer.device)
        if device.type != "cuda":
            return None
        probe = 256
        spectra = np.ones((probe, energy.size), dtype=np.float32)
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        base = torch.cuda.memory_allocated(device)
        recognizer.predict(energy, spectra, batch_size=probe)
        torch.cuda.synchronize(device)
        per_spectrum = (torch.cuda.max_memory_allocated(device) - base) / probe
        free, _ = torch.cuda.mem_get_info(device)
        return batch_for_memory(free, per_spectrum, n_workers)
    except (RuntimeError, ValueError, TypeError, AttributeError):  # pragma: no cover - GPU machines only
        return None


def _show_progressbar(show_progressbar: bool | None) -> bool:
    if show_progressbar is None:
        import hyperspy.api as hs

        return bool(hs.preferences.General.show_progressbar)
    return bool(show_progressbar)


def _distributed_client():
    """The active ``dask.distributed`` client, or None."""
    try:
        from distributed import get_client
    except ImportError:
        return None
    try:
        return get_client()
    except ValueError:
        return None


def _compute(array, show_progressbar: bool, num_workers: int | None = None) -> np.ndarray:
    """Compute a dask array, with a progress bar if asked (tqdm locally, ``distributed.progress`` on a cluster).

    `num_workers` bounds the local scheduler's threads (used to feed one GPU); ignored on a cluster.
    """
    client = _distributed_client()
    if client is not None:
        future = client.compute(array)
        if show_progressbar:
            from distributed import progress

            progress(future)
        return np.asarray(future.result())
    kwargs = {} if num_workers is None else {"num_workers": num_workers}
    if show_progressbar:
        from tqdm.dask import TqdmCallback

        with TqdmCallback(desc="Identifying edges"):
            return np.asarray(array.compute(**kwargs))
    return np.asarray(array.compute(**kwargs))


def _window_edges(elements, lo: float, hi: float) -> tuple[list[str], list[float]]:
    """Principal edge (label, database onset) of each element inside [lo, hi]; ("", nan) if none."""
    from ..edges import edge_groups_of

    labels, onsets = [], []
    for element in elements:
        groups = [g for g in edge_groups_of(element) if lo <= g.onset <= hi]
        principal = [g for g in groups if g.principal] or groups
        if principal:
            g = min(principal, key=lambda g: g.onset)
            labels.append(g.label)
            onsets.append(float(g.onset))
        else:
            labels.append("")
            onsets.append(float("nan"))
    return labels, onsets


def _edge_near(element: str, onset: float, lo: float, hi: float) -> tuple[str, float]:
    """The element's principal edge in [lo, hi] closest to a predicted onset."""
    from ..edges import edge_groups_of

    groups = [g for g in edge_groups_of(element) if lo <= g.onset <= hi]
    principal = [g for g in groups if g.principal] or groups
    if not principal:
        return element, onset
    if not math.isfinite(onset):
        g = min(principal, key=lambda g: g.onset)
        return g.label, float(g.onset)
    g = min(principal, key=lambda g: abs(g.onset - onset))
    return g.label, float(onset)


def _probe_spectrum(data, nav_dim: int) -> np.ndarray:
    """Mean of up to 64 spectra from the first row of pixels (used for the low-loss check)."""
    index = (0,) * max(nav_dim - 1, 0)
    sample = data[index] if nav_dim else data
    if nav_dim:
        sample = sample[:64]
    if hasattr(sample, "compute"):
        sample = sample.compute()
    sample = np.asarray(sample, dtype=np.float64)
    if sample.ndim == 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            sample = np.nanmean(np.where(np.isfinite(sample), sample, np.nan), axis=0)
    return sample


def _class_axis(k: int) -> dict:
    return {"name": "Element", "units": "", "size": k, "offset": 0.0, "scale": 1.0, "navigate": False}


def _metadata(signal, recognizer, energy, grid, thresholds, pixel_fraction, observable, weights, nonfinite) -> dict:
    lo, hi = max(energy[0], grid[0]), min(energy[-1], grid[-1])
    labels, onsets = _window_edges(recognizer.elements, lo, hi)
    return {
        "elements": list(recognizer.elements),
        "edges": labels,
        "onsets": onsets,
        "observable": [bool(o) for o in observable],
        "thresholds": [float(t) for t in thresholds],
        "pixel_fraction": float(pixel_fraction),
        "energy_range": [float(energy[0]), float(energy[-1])],
        "source_title": str(signal.metadata.General.title),
        "weights": "bundled" if weights is None else str(weights),
        "nonfinite": nonfinite,
    }


def _raise_for(code: int, count: int, total: int) -> None:
    message = _v.problem_message(code, count, total)
    if code == _v.NONFINITE:
        raise NonFiniteDataError(message)
    raise InvalidSpectrumError(message)


# --------------------------------------------------------------------------- the function
def identify_edges(
    signal,
    *,
    threshold: float | None = None,
    pixel_fraction: float = DEFAULT_PIXEL_FRACTION,
    add_elements: bool | None = None,
    weights=None,
    device: str = "auto",
    batch_size: int | None = None,
    nonfinite: str = "raise",
    lazy_output: bool | None = None,
    navigation_chunks="auto",
    show_progressbar: bool | None = None,
):
    """Identify the ionization edges, and so the elements, of an EELS signal.

    Available as ``s.identify_edges(...)`` on every
    ``exspy.signals.EELSSpectrum`` (and ``LazyEELSSpectrum``) once
    ``hyperspy_eels_edgeid`` is imported, and as
    ``hyperspy_eels_edgeid.identify_edges(s, ...)``.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        A raw core-loss spectrum, line scan or spectrum image (not
        background-subtracted), eager or lazy.  The energy axis may have any
        offset and dispersion, be uniform or not, increasing or decreasing,
        in eV, keV or meV, and cover the model's grid (50-4000 eV) only in part.
        (Omitted when called as a method.)
    threshold : float, optional
        Probability at or above which an element counts as present (in a
        pixel).  By default each element's threshold chosen when the model
        was validated (``metadata.EdgeID.thresholds`` of the result).
    pixel_fraction : float
        Spectrum images and line scans: an element is detected, and added to
        the metadata, when at least this fraction of the valid pixels shows
        it, and at least two pixels do.  Default 0.02 (2 %).  Use 0 to
        report an element seen in a single pixel.
    add_elements : bool, optional
        Call ``signal.add_elements`` with the detected elements, sorted (the
        only change made to `signal`: ``metadata.Sample.elements`` and the
        ``elements``/``subshells`` attributes; elements already there stay).
        Default: True, except for a spectrum image or line scan with
        ``lazy_output=True``, where it would run the network just to decide
        the elements.
    weights : path, optional
        Model directory; the bundled model by default.
    device : {"auto", "cpu", "cuda"}
        Where the network runs.  "auto" uses CUDA when torch sees a GPU.
        "cuda" without a GPU falls back to the CPU with a
        :class:`DeviceFallbackWarning`.
    batch_size : int, optional
        Spectra per forward pass; by default sized to the device: 256 on
        the CPU; on CUDA, from the memory a probe batch takes and the free
        memory of the card (a power of two, 256-65536, for four concurrent
        batches to use 60 % of it).
    nonfinite : {"raise", "mask"}
        What to do with NaN or infinite values: raise
        :class:`NonFiniteDataError` (default) or treat those channels as not
        measured ("mask"); a spectrum with fewer than 16 finite channels then
        gets NaN probabilities.
    lazy_output : bool, optional
        Spectrum images and line scans: return a lazy result that is
        computed only when needed (a single spectrum is always computed:
        the option has no effect there).  By default the result is computed (it is small: one value
        per pixel and element), also for a lazy input, which is read chunk
        by chunk and never loaded whole.
    navigation_chunks : "auto", int or tuple
        Navigation chunks of the dask array the network is mapped over
        (dask's notation: -1 or None is the whole axis).
        "auto" (default) keeps a lazy signal's navigation chunks (with the
        whole energy axis per block) when the blocks are at most 128 MiB,
        and otherwise makes blocks of at most 32 MiB, and at least two per
        CPU core (blocks of 256 MiB when CUDA is used; four times that for
        a lazy signal's own chunks).
    show_progressbar : bool, optional
        Show a progress bar; default ``hs.preferences.General.show_progressbar``.
        On a ``dask.distributed`` cluster, ``distributed.progress`` is used.

    Returns
    -------
    EdgeTable
        For a single spectrum: the identified edges (element, edge, onset
        in eV, probability) sorted by onset; ``table.probabilities`` holds
        the probabilities of all supported elements.
    EELSEdgeProbabilities or LazyEELSEdgeProbabilities
        For a line scan or spectrum image: the probability of every
        supported element in every pixel (NaN where a pixel could not be
        analysed), with ``summary()``, ``get_element_maps()`` and the
        detected elements in ``metadata.EdgeID.detected``.

    Raises
    ------
    NotEELSError
        If `signal` is not an ``EELSSpectrum`` with one signal axis.
    EnergyAxisError
        For an uncalibrated, too short (< 16 channels) or non-monotonic
        energy axis, or units other than eV, keV or meV.
    NoOverlapError
        If less than 30 eV of the window lies inside the model's grid.
    LowLossSpectrumError
        For a low-loss spectrum (zero-loss peak in range, no core-loss region).
    NonFiniteDataError
        For NaN/inf values with ``nonfinite="raise"``.
    InvalidSpectrumError
        For a single spectrum that is constant (e.g. all zero), mostly
        negative (at least half of the channels < 0) or has fewer than 16
        finite channels; for a spectrum image in which no pixel can be
        analysed.  (In a spectrum image such pixels get NaN and an
        :class:`InvalidPixelsWarning`.)  A few negative channels, as in the
        tails of dark-subtracted spectra, are accepted.
    ValueError
        For invalid option values.

    Notes
    -----
    Integer and big-endian data are converted to native float32 block by
    block; the input signal's data are never modified.

    Examples
    --------
    >>> import hyperspy_eels_edgeid as edgeid
    >>> s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0)
    >>> table = s.identify_edges()
    >>> table                                            # doctest: +SKIP
    Edges identified in ...
    Element  Edge  Onset (eV)  Probability
    O        O_K        532.4        0.999
    Fe       Fe_L3      708.1        0.998
    >>> s.metadata.Sample.elements                       # doctest: +SKIP
    ['Fe', 'O']

    A spectrum image, lazily:

    >>> si = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(16, 16), random_state=0, lazy=True)
    >>> p = si.identify_edges()
    >>> maps = p.get_element_maps()                      # one Signal2D per detected element
    """
    from ..recognizer.inference import load_recognizer

    _v.check_signal(signal)
    _check_options(
        threshold, pixel_fraction, device, nonfinite, batch_size, add_elements, lazy_output, navigation_chunks
    )
    energy, reverse = _v.energy_axis_ev(signal)
    device = _resolve_device(device)
    recognizer = load_recognizer(weights, device=device)
    grid = np.asarray(recognizer.grid, dtype=float)
    nav_dim = signal.axes_manager.navigation_dimension
    probe = _probe_spectrum(signal.data, nav_dim)
    if reverse:
        probe = probe[::-1]
    _v.check_not_low_loss(energy, probe, grid)
    _v.check_overlap(energy, grid)

    k = len(recognizer.elements)
    if threshold is None:
        thresholds = np.asarray(recognizer.thresholds, dtype=float)
    else:
        thresholds = np.full(k, float(threshold))
    if nav_dim == 0:
        metadata = _metadata(signal, recognizer, energy, grid, thresholds, pixel_fraction, (), weights, nonfinite)
        table = _identify_spectrum(signal, recognizer, energy, reverse, thresholds, nonfinite, batch_size, metadata)
        if add_elements is None or add_elements:
            _add_elements(signal, table.elements)
        return table

    if add_elements is None:
        add_elements = not lazy_output
    # which elements have an edge in the window (depends on the axis only: one flat spectrum tells)
    observable = recognizer.predict(energy, np.ones((1, energy.size), np.float32)).observable[0]
    _warn_if_nothing_observable(observable, energy, recognizer)
    metadata = _metadata(signal, recognizer, energy, grid, thresholds, pixel_fraction, observable, weights, nonfinite)
    result = _identify_image(
        signal,
        energy,
        reverse,
        weights,
        device,
        batch_size,
        nonfinite,
        k,
        metadata,
        lazy_output,
        navigation_chunks,
        _show_progressbar(show_progressbar),
        recognizer,
    )
    if add_elements or not result._lazy:
        table = result.summary()
        n_pixels = int(np.prod(signal.axes_manager.navigation_shape))
        if table.n_valid == 0:
            raise InvalidSpectrumError(
                f"none of the {n_pixels} spectra could be analysed: each is constant (e.g. all zero), mostly "
                f"negative or has fewer than {_v.MIN_CHANNELS} finite channels. identify_edges needs raw "
                "core-loss counts."
            )
        result.metadata.set_item("EdgeID.detected", table.elements)
        result.metadata.set_item("EdgeID.n_invalid", n_pixels - table.n_valid)
        if n_pixels > table.n_valid:
            warnings.warn(
                f"{n_pixels - table.n_valid} of {n_pixels} spectra could not be analysed (constant, mostly negative "
                "or without finite channels); their probabilities are NaN.",
                InvalidPixelsWarning,
                stacklevel=2,
            )
        if add_elements:
            _add_elements(signal, table.elements)
    return result


def _add_elements(signal, elements: list[str]) -> None:
    if elements:
        signal.add_elements(sorted(elements))
        # exspy stores its element *set*, whose order varies between runs: store it sorted
        signal.metadata.Sample.elements = sorted(signal.metadata.Sample.elements)


def _identify_spectrum(signal, recognizer, energy, reverse, thresholds, nonfinite, batch_size, metadata) -> EdgeTable:
    from .signals import EELSEdgeProbabilities

    data = signal.data
    if hasattr(data, "compute"):
        data = data.compute()
    x = np.asarray(data, dtype=np.float32).reshape(1, -1)
    if reverse:
        x = x[:, ::-1]
    code = int(_v.pixel_problems(x, nonfinite)[0])
    if code != _v.OK:
        _raise_for(code, 1, 1)
    if nonfinite == "mask":
        x = np.where(np.isfinite(x), x, np.nan)
    prediction = recognizer.predict(energy, x, batch_size=batch_size)
    _warn_if_nothing_observable(prediction.observable[0], energy, recognizer)
    p = prediction.probabilities[0]
    lo, hi = max(energy[0], recognizer.grid[0]), min(energy[-1], recognizer.grid[-1])
    rows = []
    for i, element in enumerate(prediction.elements):
        if prediction.observable[0, i] and p[i] >= thresholds[i]:
            edge, onset = _edge_near(element, float(prediction.onsets[0, i]), lo, hi)
            rows.append(EdgeRow(element, edge, onset, float(p[i]), float(thresholds[i])))
    probabilities = EELSEdgeProbabilities(p.astype(np.float32), axes=[_class_axis(len(p))])
    probabilities.metadata.General.title = f"Edge probabilities of {signal.metadata.General.title}"
    probabilities.metadata.set_item("Signal.quantity", "Probability")
    metadata = dict(metadata, detected=sorted(r.element for r in rows), n_invalid=0)
    metadata["observable"] = [bool(o) for o in prediction.observable[0]]
    metadata["predicted_onsets"] = [float(v) for v in prediction.onsets[0]]
    probabilities.metadata.set_item("EdgeID", metadata)
    not_observable = [el for el, ok in zip(prediction.elements, prediction.observable[0]) if not ok]
    return EdgeTable(
        rows, title=signal.metadata.General.title, not_observable=not_observable, probabilities=probabilities, n_valid=1
    )


def _navigation_chunks(darr_shape, chunks, nav_dim: int, navigation_chunks, device_kind: str, is_lazy: bool):
    """Chunks of the array to map over: the whole energy axis per block."""
    from dask.array.core import normalize_chunks

    limit = _BLOCK_BYTES[device_kind]
    if navigation_chunks != "auto":
        nav = navigation_chunks if isinstance(navigation_chunks, tuple) else (navigation_chunks,) * nav_dim
        if len(nav) != nav_dim:
            raise ValueError(f"navigation_chunks needs {nav_dim} entries (one per navigation axis), got {nav}.")
        return normalize_chunks(tuple(nav) + (-1,), darr_shape, dtype=np.float32)
    if is_lazy:
        # keep the navigation chunks of a lazy signal (merging them would read chunks twice), with
        # the whole energy axis per block, unless the blocks get too large
        candidate = tuple(chunks[:-1]) + ((darr_shape[-1],),)
        largest = int(np.prod([max(c) if c else 0 for c in candidate])) * 4
        if largest <= 4 * limit:
            return candidate
    if device_kind == "cpu":
        # at least two blocks per core, so that dask's threads keep every core busy (blocks of >= 64 spectra)
        import os

        n_spectra = int(np.prod(darr_shape[:-1]))
        per_block = max(64, -(-n_spectra // (2 * (os.cpu_count() or 1))))
        limit = min(limit, per_block * int(darr_shape[-1]) * 4)
    return normalize_chunks(("auto",) * nav_dim + (-1,), darr_shape, limit=limit, dtype=np.float32)


def _identify_image(
    signal,
    energy,
    reverse,
    weights,
    device,
    batch_size,
    nonfinite,
    k,
    metadata,
    lazy_output,
    navigation_chunks,
    show_progressbar,
    recognizer=None,
):
    import dask.array as da

    from .signals import EELSEdgeProbabilities, LazyEELSEdgeProbabilities

    nav_dim = signal.axes_manager.navigation_dimension
    data = signal.data
    is_lazy = bool(getattr(signal, "_lazy", False)) and hasattr(data, "chunks") and not isinstance(data, np.ndarray)
    if is_lazy:
        darr = data
        chunks = _navigation_chunks(darr.shape, darr.chunks, nav_dim, navigation_chunks, _device_kind(device), True)
        if chunks != darr.chunks:
            darr = darr.rechunk(chunks)
    else:
        chunks = _navigation_chunks(data.shape, None, nav_dim, navigation_chunks, _device_kind(device), False)
        darr = da.from_array(data, chunks=chunks, name=False)
    weights_path = None if weights is None else str(weights)
    num_workers = None
    if _device_kind(device) == "cuda" and _distributed_client() is None:
        # a few threads feed the GPU (CPU-side preparation overlaps the network); batches sized to the card
        num_workers = _CUDA_WORKERS
        if batch_size is None and recognizer is not None:
            batch_size = _cuda_batch_size(recognizer, energy, num_workers)
    probs = da.map_blocks(
        identify_block,
        darr,
        energy=energy,
        reverse=reverse,
        weights_path=weights_path,
        device=device,
        batch_size=None if batch_size is None else int(batch_size),
        nonfinite=nonfinite,
        n_classes=k,
        chunks=darr.chunks[:-1] + ((k,),),
        dtype=np.float32,
        meta=np.empty((0,) * darr.ndim, dtype=np.float32),
    )
    nav_axes = [ax.get_axis_dictionary() for ax in signal.axes_manager.navigation_axes[::-1]]
    axes = nav_axes + [_class_axis(k)]
    if lazy_output:
        result = LazyEELSEdgeProbabilities(probs, axes=axes)
    else:
        result = EELSEdgeProbabilities(_compute(probs, show_progressbar, num_workers), axes=axes)
    result.metadata.General.title = f"Edge probabilities of {signal.metadata.General.title}"
    result.metadata.set_item("Signal.quantity", "Probability")
    result.metadata.set_item("EdgeID", metadata)
    return result
