"""Checks of a model's JSON field by field, and the fingerprint that keys the recognizer cache.

A model's JSON is a file a user can edit by hand.  :func:`check_metadata`
checks the type, length and range of every field the loader uses and
raises :class:`WeightsError` naming the file and the field, so that a
hand-edited file never surfaces as an ``AttributeError`` or ``TypeError``
deep in the loader, nor is accepted with a NaN threshold.
:func:`model_fingerprint` is the sha256 of the safetensors file plus that of
the JSON's content: the recognizer cache is keyed by it, so weights
retrained into the same folder in the same process are reloaded.

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.model_checks import WeightsError, check_metadata
>>> try:
...     check_metadata([1, 2], "edge_recognizer.json")
... except WeightsError as err:
...     print(err)
model weights: edge_recognizer.json: the top level must be a JSON object (a mapping of field names), not a list.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pathlib
from typing import Any

from .decoder_settings import DecoderSettings
from .grid import model_grid

__all__ = [
    "WeightsError",
    "FORMAT",
    "FORMAT_VERSION",
    "REQUIRED_FIELDS",
    "check_metadata",
    "file_sha256",
    "model_fingerprint",
]

FORMAT = "hyperspy_eels_edgeid.recognizer"
FORMAT_VERSION = 1

#: Fields every model JSON must have.
REQUIRED_FIELDS = ("elements", "onsets", "grid_segments", "network", "thresholds", "weights_sha256", "weights_size")

#: EdgeNet keyword arguments a model's ``network`` entry may hold: name -> kind of value.
_NETWORK_FIELDS = {
    "in_channels": "count",
    "conv_channels": "counts",
    "strides": "counts_or_null",
    "hidden": "count",
    "dense": "count",
    "dropout": "fraction",
    "mask_channel": "index",
    "edge_families": "index",
}


class WeightsError(ValueError):
    """Missing, truncated, corrupt or mismatched model files."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_finite(value: Any) -> bool:
    return _is_number(value) and math.isfinite(value)


def _is_count(value: Any, minimum: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def check_metadata(meta: Any, path: str | os.PathLike) -> dict[str, Any]:
    """Check every field of a model's JSON the loader uses.

    Parameters
    ----------
    meta : object
        The parsed JSON.
    path : path
        The file it was read from (named in the error).

    Returns
    -------
    dict
        `meta`, unchanged.

    Raises
    ------
    WeightsError
        Naming the file and the first field that is missing, of the wrong
        type or length, or out of range.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.model_checks import WeightsError, check_metadata
    >>> from hyperspy_eels_edgeid.recognizer.model_files import read_metadata
    >>> meta = dict(read_metadata(), thresholds="0.5")
    >>> try:
    ...     check_metadata(meta, "edge_recognizer.json")
    ... except WeightsError as err:
    ...     "'thresholds'" in str(err)
    True
    """

    def fail(field: str, problem: str) -> WeightsError:
        return WeightsError(
            f"model weights: {path}: the field {field!r} {problem}; the file was edited or is corrupt "
            "(restore the JSON written with these weights: reinstall, or re-export the model)."
        )

    if not isinstance(meta, dict):
        raise WeightsError(
            f"model weights: {path}: the top level must be a JSON object (a mapping of field names), "
            f"not {_type_name(meta)}."
        )
    if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
        raise WeightsError(
            f"model weights: {path} is not a {FORMAT} file of version {FORMAT_VERSION} "
            f"(format={meta.get('format')!r}, version={meta.get('format_version')!r})."
        )
    for key in REQUIRED_FIELDS:
        if key not in meta:
            raise WeightsError(f"model weights: {path} lacks the entry {key!r}; the file is truncated or mismatched.")
    elements = meta["elements"]
    if not isinstance(elements, list) or not elements or not all(isinstance(e, str) and e for e in elements):
        raise fail("elements", f"must be a non-empty list of element symbols, got {_type_name(elements)}")
    if len(set(elements)) != len(elements):
        raise fail("elements", "lists an element twice")
    k = len(elements)
    onsets = meta["onsets"]
    if not isinstance(onsets, list) or len(onsets) != k:
        raise fail("onsets", f"must be a list of {k} lists (one per element), got {_describe(onsets)}")
    for element, values in zip(elements, onsets):
        if not isinstance(values, list) or not all(_is_finite(v) and v > 0 for v in values):
            raise fail("onsets", f"gives {element} {values!r}; each entry must be a list of positive finite energies (eV)")
    _check_grid(meta["grid_segments"], fail)
    _check_network(meta["network"], fail)
    thresholds = meta["thresholds"]
    if not isinstance(thresholds, list) or len(thresholds) != k:
        raise fail("thresholds", f"must be a list of {k} numbers (one per element), got {_describe(thresholds)}")
    for element, t in zip(elements, thresholds):
        if not _is_finite(t) or not 0.0 <= t <= 1.0:
            raise fail("thresholds", f"gives {element} {t!r}; each threshold must be a finite number in [0, 1]")
    digest = meta["weights_sha256"]
    if not (isinstance(digest, str) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
        raise fail("weights_sha256", f"must be 64 lowercase hexadecimal digits, got {digest!r}")
    if not _is_count(meta["weights_size"], minimum=0):
        raise fail("weights_size", f"must be a non-negative integer, got {meta['weights_size']!r}")
    name = meta.get("weights_file", "edge_recognizer.safetensors")
    if not isinstance(name, str) or not name or name != pathlib.Path(name).name or name in (".", ".."):
        raise fail("weights_file", f"must be a file name in the model directory, got {name!r}")
    for key in ("decoder", "image_decoder"):  # the decoder, and what line scans and spectrum images change of it
        decoder = meta.get(key, {})
        if not isinstance(decoder, dict):
            raise fail(key, f"must be a mapping of the element decoder's settings, got {_type_name(decoder)}")
        try:
            DecoderSettings.from_json(decoder)
        except ValueError as err:
            raise fail(key, f"is not valid: {err}") from None
    return meta


def _describe(value: Any) -> str:
    return f"a list of {len(value)}" if isinstance(value, list) else _type_name(value)


def _check_grid(segments: Any, fail) -> None:
    if not isinstance(segments, list) or not segments:
        raise fail("grid_segments", f"must be a non-empty list of [start, stop, step], got {_type_name(segments)}")
    for segment in segments:
        if not (isinstance(segment, list) and len(segment) == 3 and all(_is_finite(v) for v in segment)):
            raise fail("grid_segments", f"holds {segment!r}; each segment must be [start, stop, step] in eV")
        start, stop, step = segment
        if not (0 < step and start < stop and start > 0):
            raise fail("grid_segments", f"holds {segment!r}; each needs 0 < start < stop and step > 0")
    try:
        model_grid(tuple(tuple(float(v) for v in s) for s in segments))
    except ValueError:
        raise fail("grid_segments", "must be contiguous and increasing") from None


def _check_network(network: Any, fail) -> None:
    if not isinstance(network, dict):
        raise fail("network", f"must be an object of EdgeNet arguments, got {_type_name(network)}")
    for key, value in network.items():
        kind = _NETWORK_FIELDS.get(key)
        field = f"network.{key}"
        if kind is None:
            raise fail(field, f"is not an argument of the network (known: {', '.join(_NETWORK_FIELDS)})")
        ok = {
            "count": lambda v: _is_count(v),
            "index": lambda v: _is_count(v, minimum=0),
            "counts": lambda v: isinstance(v, list) and bool(v) and all(_is_count(c) for c in v),
            "counts_or_null": lambda v: v is None or (isinstance(v, list) and all(_is_count(c) for c in v)),
            "fraction": lambda v: _is_finite(v) and 0.0 <= v < 1.0,
        }[kind](value)
        if not ok:
            what = {
                "count": "a positive integer",
                "index": "a non-negative integer",
                "counts": "a non-empty list of positive integers",
                "counts_or_null": "null or a list of positive integers",
                "fraction": "a number in [0, 1)",
            }[kind]
            raise fail(field, f"must be {what}, got {value!r}")


def file_sha256(path: str | os.PathLike) -> str:
    """The sha256 of a file, read in 1 MiB chunks.

    Parameters
    ----------
    path : path

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
    >>> _ = p.write_bytes(b"")
    >>> file_sha256(p)[:12]
    'e3b0c44298fc'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: (path, size, mtime_ns, ctime_ns, inode) -> sha256, so that a per-block call does not re-read the weights
_DIGESTS: dict[tuple, str] = {}


def model_fingerprint(directory: str | os.PathLike, metadata_file: str, weights_file: str) -> str | None:
    """The sha256 of a model's weights file plus that of its JSON's content.

    The weights' digest is recomputed whenever the file's size, times or
    inode change (a file rewritten in place, or replaced); within one file
    state it is remembered, so calling this per dask block costs a ``stat``
    and reading the JSON.

    Parameters
    ----------
    directory : path
        Model directory.
    metadata_file : str
        Name of its JSON.
    weights_file : str
        Name of its weights file when the JSON does not name another.

    Returns
    -------
    str or None
        None when a file is missing or unreadable (loading reports why).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.model_checks import model_fingerprint
    >>> from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, WEIGHTS_FILE, default_weights_dir
    >>> len(model_fingerprint(default_weights_dir(), METADATA_FILE, WEIGHTS_FILE))
    129
    """
    directory = pathlib.Path(directory)
    try:
        text = (directory / metadata_file).read_bytes()
    except OSError:
        return None
    name = weights_file
    try:
        meta = json.loads(text)
        if isinstance(meta, dict) and isinstance(meta.get("weights_file"), str):
            name = pathlib.Path(meta["weights_file"]).name or weights_file
    except ValueError:
        pass  # a corrupt JSON: loading reports it
    weights = directory / name
    try:
        st = weights.stat()
    except OSError:
        return None
    key = (str(weights), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 64:
            _DIGESTS.clear()
        try:
            _DIGESTS[key] = file_sha256(weights)
        except OSError:
            return None
    return _DIGESTS[key] + ":" + hashlib.sha256(text).hexdigest()
