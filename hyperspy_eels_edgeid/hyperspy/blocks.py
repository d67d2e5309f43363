"""How ``identify_edges`` maps the recognizer over a spectrum image: dask blocks, threads and GPU batches.

The block function :func:`identify_block` is module-level, so that it
pickles by reference for ``dask.distributed`` workers, and loads the model
once per process.  :func:`navigation_chunks` chooses the blocks (the whole
energy axis in each), :func:`batch_for_memory` sizes the batches of a GPU,
and :func:`compute` computes the result with a progress bar.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._device import device_kind
from .._parallel import usable_cores
from ..recognizer.block_prediction import predict_block
from ..recognizer.loading import load_recognizer
from ..recognizer.spikes import remove_spikes
from .flat_noise import noise_only
from .gaps import bridge_gaps
from . import _validation as checks
from ._validation import NonFiniteDataError
from .settings import IdentifySettings
from .subtracted_background import restore_background

__all__ = [
    "BLOCK_BYTES",
    "CUDA_WORKERS",
    "identify_block",
    "navigation_chunks",
    "batch_for_memory",
    "cuda_batch_size",
    "distributed_client",
    "compute",
    "probability_blocks",
    "with_other_reader",
]

#: Bytes of float32 input per dask block, by device kind (see :func:`navigation_chunks`). On CUDA, blocks of
#: 16 MiB spread the CPU-side preparation over the feeding threads: an eager 256 x 256 x 2048 image took 11.5 s
#: with them and 14 threads on one H200, 22.7 s with 256 MiB (four uneven blocks) and 4 threads
#: (experiments/gpu_feeding/).
BLOCK_BYTES = {"cpu": 32 * 2**20, "cuda": 16 * 2**20}

#: Dask threads feeding one GPU: the CPU-side preparation of blocks (reading, despiking, resampling, decoding)
#: sets the pace there, so every core this process may use but two (at least 2, at most 14) prepares blocks
#: while the network runs on others; a lazy 256 x 256 x 2048 image took 8.7 s with 14 threads on one H200
#: (16 cores), 14.9 s with 4.
CUDA_WORKERS = max(2, min(14, usable_cores() - 2))


def identify_block(
    block: np.ndarray,
    energy: np.ndarray,
    reverse: bool,
    weights_path: str | tuple | None,
    device: str,
    batch_size: int | None,
    nonfinite: str,
    n_classes: int,
    candidates: np.ndarray | None = None,
    thresholds: np.ndarray | None = None,
    with_onsets: bool = False,
    precision: str = "float32",
    despike: bool = False,
    restore: bool = False,
) -> np.ndarray:
    """Probabilities of one block of spectra: (..., C) -> (..., K) float32, or (..., 2K) with the onsets.

    The function given to ``dask.array.map_blocks``.  It converts the
    block to native float32 (integer and big-endian input included), reads
    it backwards if the energy axis decreases, sets NaN for the pixels that
    :func:`hyperspy_eels_edgeid.hyperspy._validation.pixel_problems` refuses and (unless `restore`) those flat within
    their noise (:func:`~hyperspy_eels_edgeid.hyperspy.flat_noise.noise_only`: vacuum), and runs
    :func:`hyperspy_eels_edgeid.recognizer.block_prediction.predict_block` on the others.

    Parameters
    ----------
    block : ndarray, shape (..., C)
        Spectra.
    energy : ndarray, shape (C,)
        Increasing energy axis (eV).
    reverse : bool
        The spectra's channels run from high to low energy.
    weights_path : str, tuple of str or None
        Model directory (None: the bundled model; a tuple: an ensemble).
    device : str
        Resolved torch device.
    batch_size : int or None
        Spectra per forward pass (None: the recognizer's default).
    nonfinite : {"raise", "mask"}
        What to do with NaN or infinite values.
    n_classes : int
        Number of elements K of the model.
    candidates : ndarray of bool, shape (K,), optional
        Elements that may be reported (all by default).
    thresholds : ndarray, shape (K,), optional
        Decision thresholds of the element decoder (default: the model's).
    with_onsets : bool
        Append the onsets in eV (NaN where the element is not observable or
        the pixel was refused) after the K probabilities.  Default False.
    precision : {"float32", "bfloat16"}
        The network's arithmetic (:mod:`~hyperspy_eels_edgeid.recognizer.precision`).
    despike : bool
        Take detector spikes out first (:func:`~hyperspy_eels_edgeid.recognizer.spikes.remove_spikes`).
    restore : bool
        Give each spectrum a power law back (the signal looks background-subtracted; :mod:`.subtracted_background`).

    Returns
    -------
    ndarray of float32, shape (..., K) or (..., 2K)

    Raises
    ------
    NonFiniteDataError
        If a spectrum holds NaN/inf and ``nonfinite="raise"``.
    """
    x = np.asarray(block, dtype=np.float32)
    lead = x.shape[:-1]
    flat = x.reshape(-1, x.shape[-1])
    if reverse:
        flat = flat[:, ::-1]
    codes = checks.pixel_problems(flat, nonfinite)
    bad = codes == checks.NONFINITE
    if bad.any():
        raise NonFiniteDataError(
            checks.problem_message(checks.NONFINITE, int(bad.sum()), flat.shape[0], where=" in a block")
        )
    width = n_classes * (2 if with_onsets else 1)
    out = np.full((flat.shape[0], width), np.nan, dtype=np.float32)
    ok = codes == checks.OK
    if not restore:  # a map's vacuum pixels are not analysed (a background-subtracted map has no background to show)
        ok &= ~noise_only(flat)
    if ok.any():
        out[ok] = predict_block(
            prepare_spectra(energy, flat[ok], nonfinite, despike, restore),
            energy,
            weights_path,
            device,
            batch_size,
            candidates=candidates,
            thresholds=thresholds,
            with_onsets=with_onsets,
            precision=precision,
        )
    return out.reshape(lead + (width,))


def prepare_spectra(
    energy: np.ndarray, spectra: np.ndarray, nonfinite: str, despike: bool, restore: bool = False
) -> np.ndarray:
    """What every spectrum goes through before the network: gaps bridged ("mask"), spikes and streaks removed, and a
    power law given back where the signal looks background-subtracted (:mod:`.subtracted_background`).

    Parameters
    ----------
    energy : ndarray, shape (C,)
        The spectra's energy axis (eV), increasing.
    spectra : ndarray, shape (N, C)
        Spectra that passed the pixel checks (not modified).
    nonfinite : {"raise", "mask"}
        With "mask", runs of NaN/inf channels are bridged (:func:`~hyperspy_eels_edgeid.hyperspy.gaps.bridge_gaps`).
    despike : bool
        Take detector spikes out (:func:`~hyperspy_eels_edgeid.recognizer.spikes.remove_spikes`).
    restore : bool
        Add a power law to every spectrum (:func:`~.subtracted_background.restore_background`).

    Returns
    -------
    ndarray, shape (N, C)
    """
    if nonfinite == "mask":
        spectra = bridge_gaps(spectra)
    if despike:
        spectra = remove_spikes(energy, spectra)
    return restore_background(energy, spectra) if restore else spectra


def batch_for_memory(free_bytes: float, bytes_per_spectrum: float, n_workers: int, fraction: float = 0.6) -> int:
    """Spectra per forward pass so that `n_workers` concurrent batches use `fraction` of the free GPU memory.

    Rounded down to a power of two, between 256 and 65536.

    Parameters
    ----------
    free_bytes : float
        Free memory of the card.
    bytes_per_spectrum : float
        Memory one spectrum of a batch takes.
    n_workers : int
        Batches run at the same time.
    fraction : float
        Share of the free memory to use.

    Returns
    -------
    int

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.blocks import batch_for_memory
    >>> batch_for_memory(80e9, 1e6, 4)
    8192
    """
    n = fraction * float(free_bytes) / max(float(bytes_per_spectrum), 1.0) / max(int(n_workers), 1)
    n = int(min(max(n, 256), 65536))
    return 1 << (n.bit_length() - 1)


def cuda_batch_size(recognizer, energy: np.ndarray, n_workers: int) -> int | None:
    """Batch size sized to the card: the memory of a probe batch, scaled to the free memory.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The loaded model.
    energy : ndarray
        The energy axis of the spectra.
    n_workers : int
        Batches run at the same time.

    Returns
    -------
    int or None
        None (the recognizer's default) if the device is not CUDA or anything about the probe fails.
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


def distributed_client():
    """The active ``dask.distributed`` client, or None.

    Returns
    -------
    distributed.Client or None
    """
    try:
        from distributed import get_client
    except ImportError:
        return None
    try:
        return get_client()
    except ValueError:
        return None


def compute(
    array, show_progressbar: bool, num_workers: int | None = None, desc: str = "Identifying edges"
) -> np.ndarray:
    """Compute a dask array, with a progress bar if asked (tqdm locally, ``distributed.progress`` on a cluster).

    Parameters
    ----------
    array : dask.array.Array
        What to compute.
    show_progressbar : bool
        Show a progress bar.
    num_workers : int, optional
        Bounds the local scheduler's threads (used to feed one GPU); ignored on a cluster.
    desc : str
        The local progress bar's label.

    Returns
    -------
    ndarray
    """
    client = distributed_client()
    if client is not None:
        future = client.compute(array)
        if show_progressbar:
            from distributed import progress

            progress(future)
        return np.asarray(future.result())
    kwargs = {} if num_workers is None else {"num_workers": num_workers}
    if show_progressbar:
        from tqdm.dask import TqdmCallback

        with TqdmCallback(desc=desc):
            return np.asarray(array.compute(**kwargs))
    return np.asarray(array.compute(**kwargs))


def navigation_chunks(darr_shape, chunks, nav_dim: int, requested, kind: str, is_lazy: bool):
    """Chunks of the array to map over: the whole energy axis per block.

    Parameters
    ----------
    darr_shape : tuple of int
        Shape of the data (navigation axes, then the energy axis).
    chunks : tuple of tuple of int or None
        The lazy signal's own chunks (None for an eager signal).
    nav_dim : int
        Number of navigation axes.
    requested : "auto", int or tuple
        The ``navigation_chunks`` option of ``identify_edges``.
    kind : {"cpu", "cuda"}
        Kind of the device the network runs on.
    is_lazy : bool
        The data are a lazy signal's dask array.

    Returns
    -------
    tuple of tuple of int
    """
    from dask.array.core import normalize_chunks

    limit = BLOCK_BYTES[kind]
    if requested != "auto":
        nav = requested if isinstance(requested, tuple) else (requested,) * nav_dim
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
    if kind == "cpu":
        # at least two blocks per core, so that dask's threads keep every core busy (blocks of >= 64 spectra)
        n_spectra = int(np.prod(darr_shape[:-1]))
        per_block = max(64, -(-n_spectra // (2 * usable_cores())))
        limit = min(limit, per_block * int(darr_shape[-1]) * 4)
    return normalize_chunks(("auto",) * nav_dim + (-1,), darr_shape, limit=limit, dtype=np.float32)


def probability_blocks(
    signal,
    energy: np.ndarray,
    reverse: bool,
    settings: IdentifySettings,
    recognizer,
    candidates=None,
    thresholds=None,
    with_onsets: bool = False,
):
    """The recognizer mapped over every pixel of a spectrum image, as a dask array, not computed.

    Parameters
    ----------
    signal : EELSSpectrum
        Eager or lazy signal with at least one navigation axis.
    energy : ndarray
        Increasing energy axis (eV).
    reverse : bool
        The signal's energy axis decreases.
    settings : IdentifySettings
        The run's settings (device resolved).
    recognizer : EdgeRecognizer
        The loaded model (used to size GPU batches).
    candidates : ndarray of bool, shape (K,), optional
        Elements that may be reported (all by default).
    thresholds : ndarray, shape (K,), optional
        Decision thresholds of the element decoder (default: the model's).
    with_onsets : bool
        Each pixel's onsets (eV) follow its probabilities (see :func:`identify_block`).

    Returns
    -------
    probabilities : dask.array.Array of float32, shape (navigation..., K), or (navigation..., 2K) with onsets
    num_workers : int or None
        Threads of the local scheduler to compute it with (None: dask's default).
    """
    import dask.array as da

    nav_dim = signal.axes_manager.navigation_dimension
    k = len(recognizer.elements)
    kind = device_kind(settings.device)
    data = signal.data
    is_lazy = bool(getattr(signal, "_lazy", False)) and hasattr(data, "chunks") and not isinstance(data, np.ndarray)
    if is_lazy:
        darr = data
        chunks = navigation_chunks(darr.shape, darr.chunks, nav_dim, settings.navigation_chunks, kind, True)
        if chunks != darr.chunks:
            darr = darr.rechunk(chunks)
    else:
        chunks = navigation_chunks(data.shape, None, nav_dim, settings.navigation_chunks, kind, False)
        darr = da.from_array(data, chunks=chunks, name=False)
    batch_size = settings.batch_size
    num_workers = None
    if kind == "cuda" and distributed_client() is None:
        # a few threads feed the GPU (CPU-side preparation overlaps the network); batches sized to the card
        num_workers = CUDA_WORKERS
        if batch_size is None:
            batch_size = cuda_batch_size(recognizer, energy, num_workers)
    probabilities = da.map_blocks(
        identify_block,
        darr,
        energy=energy,
        reverse=reverse,
        weights_path=settings.weights_path,
        device=settings.device,
        batch_size=None if batch_size is None else int(batch_size),
        nonfinite=settings.nonfinite,
        n_classes=k,
        candidates=candidates,
        thresholds=thresholds,
        with_onsets=with_onsets,
        precision=settings.precision,
        despike=settings.despike,
        restore=settings.background_subtracted,
        chunks=darr.chunks[:-1] + ((2 * k if with_onsets else k,),),
        dtype=np.float32,
        meta=np.empty((0,) * darr.ndim, dtype=np.float32),
    )
    return probabilities, num_workers


def with_other_reader(
    probabilities,
    route,
    signal,
    energy: np.ndarray,
    reverse: bool,
    settings: IdentifySettings,
    candidates=None,
    thresholds=None,
):
    """Replace the pixels another model reads (:func:`.training_conditions.reading_models`) by its output.

    Parameters
    ----------
    probabilities : dask.array.Array
        :func:`probability_blocks` of the run's model, with onsets.
    route : (path or None, ndarray of bool)
        The other model and the pixels (navigation shape) it reads.
    signal, energy, reverse, settings, candidates, thresholds
        As for :func:`probability_blocks`: the run's (the bundled models
        share their thresholds).

    Returns
    -------
    dask.array.Array
        The same shape and blocks: the other model's probabilities and
        onsets in its pixels (both models run over the whole map).
    """
    import dask.array as da

    weights, pixels = route
    other = load_recognizer(weights, device=settings.device, precision=settings.precision)
    others, _ = probability_blocks(
        signal, energy, reverse, dataclasses.replace(settings, weights=weights), other, candidates, thresholds, True
    )
    mask = da.from_array(pixels[..., None], chunks=probabilities.chunks[:-1] + ((1,),))
    return da.where(mask, others, probabilities)
