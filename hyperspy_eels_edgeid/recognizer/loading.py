"""Loading the bundled or a given model, cached per process.

:func:`load_recognizer` gives the :class:`~hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer` of a model
directory (the bundled ``model_weights`` by default), or of a sequence of them read as one ensemble
(:mod:`.ensemble`), on a device and in a precision; it keeps the recognizers it loaded by the model files' content
(:func:`clear_recognizer_cache` forgets them).  :func:`~hyperspy_eels_edgeid.supported_elements` reads a model's
elements from its JSON alone.

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer, supported_elements
>>> rec = load_recognizer(device="cpu")
>>> list(rec.elements) == supported_elements()
True
"""

from __future__ import annotations

import os
import pathlib

from .._device import DeviceUnavailableError, resolve_device
from .ensemble import check_members, member_weights
from .inference import EdgeRecognizer
from .model_checks import model_fingerprint
from .model_files import METADATA_FILE, WEIGHTS_FILE, default_weights_dir, load_model, read_metadata
from .precision import check_precision

__all__ = ["DeviceUnavailableError", "clear_recognizer_cache", "load_recognizer", "supported_elements"]


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
    >>> from hyperspy_eels_edgeid.recognizer.loading import supported_elements
    >>> els = supported_elements()
    >>> "Fe" in els and "O" in els
    True
    """
    return list(read_metadata(path)["elements"])


#: (model fingerprint, device, precision) -> recognizer; at most _CACHE_SIZE, the oldest dropped first
_CACHE: dict[tuple[str, str, str], EdgeRecognizer] = {}
_CACHE_SIZE = 8
#: (member ids, member weights) -> (members, ensemble recognizer); at most _CACHE_SIZE, the oldest dropped first
_ENSEMBLES: dict[tuple, tuple] = {}


def _load_cached(path: str, device: str, precision: str) -> EdgeRecognizer:
    fingerprint = model_fingerprint(path, METADATA_FILE, WEIGHTS_FILE)
    key = (fingerprint, device, precision)
    if fingerprint is None or key not in _CACHE:
        net, meta = load_model(path, device=device)  # raises WeightsError for what the fingerprint could not read
        if fingerprint is None:
            return EdgeRecognizer(net, meta, device, precision)
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = EdgeRecognizer(net, meta, device, precision)
    return _CACHE[key]


def load_recognizer(
    path: str | os.PathLike | tuple | list | None = None, device: str = "auto", precision: str = "float32"
) -> EdgeRecognizer:
    """Load a recognizer (cached in this process by the model's content, the device and the precision).

    The cache is keyed by the sha256 of the weights file plus that of the
    JSON's content (see :func:`~.model_checks.model_fingerprint`), not by the
    path: weights retrained or recalibrated into the same folder are loaded
    afresh, and the files are checked again whenever they change.

    Parameters
    ----------
    path : path or sequence of paths, optional
        Model directory; the bundled ``model_weights`` by default.  A sequence
        of directories is read as one ensemble (:mod:`.ensemble`): the mean
        of their evidence, decided by the first one's decoder and thresholds.
    device : {"auto", "cpu", "cuda"}
        "auto" uses CUDA when available.
    precision : {"float32", "bfloat16"}
        The network's arithmetic (:mod:`~hyperspy_eels_edgeid.recognizer.precision`):
        "bfloat16" is faster where the processor has bfloat16 instructions, and
        its answers can differ slightly.  The decoder works in float32 either way.

    Raises
    ------
    WeightsError
        For missing, truncated or mismatched model files.
    ValueError
        For a `precision` other than the two above.
    DeviceUnavailableError
        (a RuntimeError and a ValueError) for ``device="cuda"`` without CUDA.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    >>> load_recognizer(device="cpu") is load_recognizer(device="cpu")
    True
    """
    check_precision(precision)
    if isinstance(path, (tuple, list)):
        if not path:
            raise ValueError("path: give a model directory, or a non-empty sequence of them for an ensemble.")
        loaded = [load_recognizer(p, device, precision) for p in path]
        members, weights = member_weights(loaded)
        if len(members) == 1:
            return members[0]
        names = [str(path[next(i for i, r in enumerate(loaded) if r is m)]) for m in members]
        check_members(names, [m.metadata for m in members], [m.grid for m in members],
                      [(m.net.stride, m.net.n_steps, m.net.edge_families) for m in members])  # fmt: skip
        key = (*(id(m) for m in members), *weights)  # cached members: the same objects while their files stay
        cached = _ENSEMBLES.get(key)  # (the value holds the members, so that their ids are not reused)
        if cached is None:
            while len(_ENSEMBLES) >= _CACHE_SIZE:
                _ENSEMBLES.pop(next(iter(_ENSEMBLES)), None)
            first = members[0]
            cached = _ENSEMBLES[key] = members, EdgeRecognizer(
                first.net, first.metadata, first.device, precision, tuple(m.net for m in members[1:]), weights
            )
        return cached[1]
    directory = str(pathlib.Path(default_weights_dir() if path is None else path).resolve())
    return _load_cached(directory, resolve_device(device), precision)


def clear_recognizer_cache() -> None:
    """Forget the recognizers :func:`load_recognizer` loaded (after a model's JSON was rewritten, e.g. by calibration).

    Parameters
    ----------
    None

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.loading import clear_recognizer_cache
    >>> clear_recognizer_cache()
    """
    _CACHE.clear()
    _ENSEMBLES.clear()
