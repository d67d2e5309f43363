"""The bundled model format: safetensors weights plus a JSON description.

A model directory holds two files:

``edge_recognizer.safetensors``
    The network's tensors (safetensors; never pickle).
``edge_recognizer.json``
    Format version, label space (elements and their principal onsets from
    exspy's database), grid segments, network arguments, per-element
    decision thresholds, training provenance, and the size and sha256 of the
    safetensors file.

:func:`load_model` checks that both files exist, that the weights have
the recorded size and checksum, and that the JSON's label space is the one
the weights were trained with (their ``allowed`` table, and each element's
onsets in exspy's database), and raises :class:`WeightsError` (a
``ValueError``) that says which file is wrong and what to do.  Reading the
JSON alone (:func:`read_metadata`) does not import torch.

Examples
--------
>>> import tempfile
>>> from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir, read_metadata
>>> meta = read_metadata(default_weights_dir())
>>> meta["format"]
'hyperspy_eels_edgeid.recognizer'
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
from typing import Any

import numpy as np

__all__ = [
    "WeightsError",
    "WEIGHTS_FILE",
    "METADATA_FILE",
    "FORMAT",
    "default_weights_dir",
    "label_space",
    "allowed_steps",
    "read_metadata",
    "save_model",
    "load_model",
    "build_network",
    "observable_elements",
    "set_thresholds",
    "set_end_zone_offset",
]

WEIGHTS_FILE = "edge_recognizer.safetensors"
METADATA_FILE = "edge_recognizer.json"
FORMAT = "hyperspy_eels_edgeid.recognizer"
FORMAT_VERSION = 1
#: A label's onset must lie this far inside the measured window (eV), as in
#: the synthesizer's labels and the real-spectra benchmark.
EDGE_MARGINS = (5.0, 10.0)
#: Where a principal edge may appear around its tabulated onset: the
#: synthesizer's largest shift (15 eV) and expansion (1.5 %) plus 5 eV.
ONSET_TOLERANCE_EV = 20.0
ONSET_TOLERANCE_REL = 0.015


class WeightsError(ValueError):
    """Missing, truncated, corrupt or mismatched model files."""


def default_weights_dir() -> pathlib.Path:
    """The weights bundled with the package (``hyperspy_eels_edgeid/model_weights``)."""
    return pathlib.Path(__file__).resolve().parents[1] / "model_weights"


def label_space(grid: np.ndarray, margins: tuple[float, float] = EDGE_MARGINS) -> dict[str, list[float]]:
    """Elements with a principal Major edge inside the grid, and those onsets.

    Parameters
    ----------
    grid : ndarray
        Model grid (eV).
    margins : (float, float)
        The onset must lie ``margins[0]`` after the grid start and
        ``margins[1]`` before its end.

    Returns
    -------
    dict
        ``{element: [onset, ...]}`` in order of atomic number; onsets from
        exspy's database (principal, Major edge groups).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.grid import model_grid
    >>> from hyperspy_eels_edgeid.recognizer.model_files import label_space
    >>> space = label_space(model_grid())
    >>> space["O"], len(space) >= 75
    ([532.0], True)
    """
    from ..edges import edge_groups_of, elements_with_principal_edge

    lo, hi = float(grid[0]) + margins[0], float(grid[-1]) - margins[1]
    space = {}
    for element in elements_with_principal_edge((float(grid[0]), float(grid[-1])), margins):
        space[element] = [g.onset for g in edge_groups_of(element) if g.principal and g.major and lo <= g.onset <= hi]
    return space


def allowed_steps(onsets: list[list[float]], step_energy: np.ndarray) -> np.ndarray:
    """(K, T) bool: steps within tolerance of an element's principal onsets.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.model_files import allowed_steps
    >>> allowed_steps([[500.0]], np.array([450.0, 490.0, 510.0, 560.0])).tolist()
    [[False, True, True, False]]
    """
    step_energy = np.asarray(step_energy, dtype=float)
    out = np.zeros((len(onsets), step_energy.size), dtype=bool)
    for k, element_onsets in enumerate(onsets):
        for onset in element_onsets:
            tol = ONSET_TOLERANCE_EV + ONSET_TOLERANCE_REL * onset
            out[k] |= np.abs(step_energy - onset) <= tol
    return out


def observable_elements(mask: np.ndarray, grid: np.ndarray, onsets: list[list[float]]) -> np.ndarray:
    """(N, K) bool: a principal onset of the element lies in the measured part of the grid.

    The onset must be at least ``EDGE_MARGINS[0]`` eV after the first and
    ``EDGE_MARGINS[1]`` eV before the last measured grid channel, and its own
    grid channel must be measured.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.model_files import observable_elements
    >>> grid = np.arange(100.0, 1000.0)
    >>> mask = (grid >= 400) & (grid <= 700)
    >>> observable_elements(mask[None], grid, [[284.0], [532.0], [695.0]]).tolist()
    [[False, True, False]]
    """
    mask = np.atleast_2d(mask).astype(bool)
    grid = np.asarray(grid, dtype=float)
    lo_m, hi_m = EDGE_MARGINS
    first, last = measured_range(mask, grid)
    out = np.zeros((mask.shape[0], len(onsets)), dtype=bool)
    for k, element_onsets in enumerate(onsets):
        for onset in element_onsets:
            idx = min(int(np.searchsorted(grid, onset)), grid.size - 1)
            out[:, k] |= (first + lo_m <= onset) & (onset <= last - hi_m) & mask[:, idx]
    return out


def measured_range(mask: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last measured grid energy of each row of `mask` (inf, -inf where none)."""
    mask = np.atleast_2d(mask).astype(bool)
    any_valid = mask.any(axis=1)
    first = np.where(any_valid, grid[np.argmax(mask, axis=1)], np.inf)
    last = np.where(any_valid, grid[mask.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)], -np.inf)
    return first, last


#: Half-width (eV, plus 1.5 % of the onset: the largest miscalibration the
#: forward model applies) of the zones at the labelled window's ends where a
#: principal onset makes the label ambiguous.
END_ZONE_EV = 20.0


def near_window_ends(start: np.ndarray, end: np.ndarray, onsets: list[list[float]]) -> np.ndarray:
    """(N, K) bool: a principal onset lies near the start or the end of the labelled window.

    Within ``END_ZONE_EV + 1.5 %`` of the onset, a shifted edge may fall
    inside or outside the window's label margins, so training does not
    penalise the network for reporting an *absent* element there (see
    :func:`hyperspy_eels_edgeid.workflows.training.make_targets`); the model's
    probability for such elements is therefore biased upwards and is
    corrected at inference (``end_zone_logit_offset`` in the model JSON).

    Parameters
    ----------
    start, end : ndarray, shape (N,)
        Labelled window of each spectrum (eV): the first measured energy plus
        ``EDGE_MARGINS[0]``, the last minus ``EDGE_MARGINS[1]``.
    onsets : list of list of float
        Principal onsets of each of the K elements.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.model_files import near_window_ends
    >>> near_window_ends(np.array([405.0]), np.array([690.0]), [[284.0], [532.0], [695.0]]).tolist()
    [[False, False, True]]
    """
    start = np.asarray(start, dtype=float)[:, None]
    end = np.asarray(end, dtype=float)[:, None]
    counts = np.array([len(o) for o in onsets])
    flat = np.concatenate([np.asarray(o, dtype=float) for o in onsets]) if counts.sum() else np.zeros(0)
    tol = END_ZONE_EV + 0.015 * flat
    hit = (np.abs(start - flat) <= tol) | (np.abs(end - flat) <= tol)  # (N, all onsets)
    # any hit per element: running count of hits at each element's last onset minus at the one before
    running = np.concatenate([np.zeros((hit.shape[0], 1), dtype=np.intp), np.cumsum(hit, axis=1)], axis=1)
    bounds = np.cumsum(np.r_[0, counts])
    return running[:, bounds[1:]] > running[:, bounds[:-1]]


def _sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_metadata(directory: str | os.PathLike | None = None) -> dict[str, Any]:
    """Read and check a model's JSON (no torch import).

    Raises
    ------
    WeightsError
        If the JSON is missing, unreadable or not of this format.
    """
    directory = default_weights_dir() if directory is None else pathlib.Path(directory)
    path = directory / METADATA_FILE
    if not path.is_file():
        raise WeightsError(
            f"model weights: {path} is missing. Pass the directory written by `eels-edgeid train` "
            "(it holds edge_recognizer.json and edge_recognizer.safetensors), or reinstall the package "
            "to restore the bundled weights."
        )
    try:
        meta = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise WeightsError(f"model weights: {path} is not valid JSON ({err}); the file is corrupt.") from None
    if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
        raise WeightsError(
            f"model weights: {path} is not a {FORMAT} file of version {FORMAT_VERSION} "
            f"(format={meta.get('format')!r}, version={meta.get('format_version')!r})."
        )
    for key in ("elements", "onsets", "grid_segments", "network", "thresholds", "weights_sha256", "weights_size"):
        if key not in meta:
            raise WeightsError(f"model weights: {path} lacks the entry {key!r}; the file is truncated or mismatched.")
    if len(meta["thresholds"]) != len(meta["elements"]) or len(meta["onsets"]) != len(meta["elements"]):
        raise WeightsError(
            f"model weights: {path} has thresholds/onsets that do not match its {len(meta['elements'])} elements."
        )
    return meta


def build_network(meta: dict[str, Any]):
    """An untrained network with the architecture described by `meta`."""
    import torch

    from .grid import model_grid
    from .network import EdgeNet

    grid = model_grid(tuple(tuple(s) for s in meta["grid_segments"]))
    kwargs = dict(meta["network"])
    kwargs["conv_channels"] = tuple(kwargs["conv_channels"])
    net = EdgeNet(n_classes=len(meta["elements"]), n_grid=grid.size, **kwargs)
    step_energy = grid[:: net.stride][: net.n_steps]
    net.allowed.copy_(torch.from_numpy(allowed_steps(meta["onsets"], step_energy)))
    return net


def save_model(directory: str | os.PathLike, net, meta: dict[str, Any]) -> pathlib.Path:
    """Write `net`'s tensors and `meta` (completed with checksum and size).

    Parameters
    ----------
    directory : path
        Created if needed.
    net : EdgeNet
    meta : dict
        Must hold ``elements``, ``onsets``, ``grid_segments``, ``network``
        (the EdgeNet keyword arguments) and ``thresholds``; other entries
        (training provenance) are kept.

    Returns
    -------
    pathlib.Path
        The directory.
    """
    from safetensors.torch import save_file

    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}
    weights = directory / WEIGHTS_FILE
    tmp = weights.with_suffix(".tmp")
    save_file(tensors, str(tmp))
    os.replace(tmp, weights)
    os.chmod(weights, 0o644)
    meta = dict(meta)
    meta["format"] = FORMAT
    meta["format_version"] = FORMAT_VERSION
    meta["thresholds"] = [float(t) for t in meta["thresholds"]]
    meta["weights_file"] = WEIGHTS_FILE
    meta["weights_size"] = weights.stat().st_size
    meta["weights_sha256"] = _sha256(weights)
    _write_json(directory / METADATA_FILE, meta)
    return directory


def _write_json(path: pathlib.Path, meta: dict[str, Any]) -> None:
    """Replace `path` at once (an interrupted write leaves the old file, never half of one)."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


def load_model(directory: str | os.PathLike | None = None, device: str = "cpu"):
    """Load a model directory after checking its integrity.

    Returns
    -------
    net : EdgeNet
        In eval mode on `device`.
    meta : dict

    Raises
    ------
    WeightsError
        For a missing, truncated, corrupt or mismatched file.
    """
    directory = default_weights_dir() if directory is None else pathlib.Path(directory)
    meta = read_metadata(directory)
    weights = directory / meta.get("weights_file", WEIGHTS_FILE)
    if not weights.is_file():
        raise WeightsError(
            f"model weights: {weights} is missing (its JSON is there); reinstall or re-export the model."
        )
    size = weights.stat().st_size
    if size != meta["weights_size"]:
        raise WeightsError(
            f"model weights: {weights} has {size} bytes but {meta['weights_size']} were written; "
            "the file is truncated or belongs to another model."
        )
    digest = _sha256(weights)
    if digest != meta["weights_sha256"]:
        raise WeightsError(
            f"model weights: the sha256 of {weights} ({digest[:12]}...) does not match its JSON "
            f"({meta['weights_sha256'][:12]}...); the file is corrupt or belongs to another model."
        )
    from safetensors.torch import load_file

    try:
        tensors = load_file(str(weights), device="cpu")
    except Exception as err:  # safetensors raises its own error types
        raise WeightsError(f"model weights: {weights} cannot be read as safetensors ({err}).") from None
    net = build_network(meta)
    _check_label_space(meta, net, tensors, directory)
    try:
        net.load_state_dict(tensors, strict=True)
    except RuntimeError as err:
        raise WeightsError(f"model weights: {weights} does not match the architecture in its JSON ({err}).") from None
    return net.to(device).eval(), meta


#: Largest difference (eV) tolerated between a model's onsets and exspy's database for the same
#: element (a later exspy may refine a value by a little; a relabelled element is tens of eV off).
ONSET_MATCH_EV = 3.0


def _check_label_space(meta: dict[str, Any], net, tensors: dict, directory: pathlib.Path) -> None:
    """The JSON's elements, onsets and grid must be those the weights were trained with.

    The weights carry the ``allowed`` (element, step) table built from the training label space;
    it must equal the one rebuilt from the JSON, and each element's onsets must be its own in
    exspy's database.
    """
    import torch

    json_file = directory / METADATA_FILE
    stored = tensors.get("allowed")
    # other shapes: another architecture or grid, which load_state_dict reports
    if stored is not None and stored.shape == net.allowed.shape and not torch.equal(stored.bool(), net.allowed):
        raise WeightsError(
            f"model weights: the label space in {json_file} (elements, onsets, grid) is not the one its weights "
            "were trained with; restore the JSON written with these weights (reinstall, or re-export the model)."
        )
    from ..edges import edge_groups_of

    for element, onsets in zip(meta["elements"], meta["onsets"]):
        try:
            tabulated = np.array([g.onset for g in edge_groups_of(element) if g.principal])
        except ValueError:
            raise WeightsError(
                f"model weights: {json_file} lists {element!r}, which exspy's element database does not know; "
                "the JSON's element list was edited or belongs to another model."
            ) from None
        if not all(tabulated.size and np.abs(tabulated - onset).min() <= ONSET_MATCH_EV for onset in onsets):
            raise WeightsError(
                f"model weights: {json_file} gives {element} the principal onsets {onsets} eV, but exspy's database "
                f"gives {tabulated.tolist()}; the JSON's element list was edited or belongs to another model."
            )


def set_thresholds(directory: str | os.PathLike, thresholds, note: str) -> dict:
    """Replace the decision thresholds in a model's JSON (the weights are untouched).

    Parameters
    ----------
    directory : path
        Model directory.
    thresholds : float or sequence of float
        One global value or one per element.
    note : str
        How they were chosen (kept in the JSON as ``threshold_calibration``).

    Returns
    -------
    dict
        The updated metadata.
    """
    directory = pathlib.Path(directory)
    meta = read_metadata(directory)
    k = len(meta["elements"])
    values = [float(thresholds)] * k if np.isscalar(thresholds) else [float(t) for t in thresholds]
    if len(values) != k or not all(0.0 < v <= 1.0 for v in values):
        raise ValueError(f"thresholds: give one value or {k} values in (0, 1].")
    return _update_metadata(directory, meta, thresholds=values, threshold_calibration=note)


def _update_metadata(directory: pathlib.Path, meta: dict[str, Any] | None = None, **items) -> dict:
    """Set `items` in a model's JSON, read from `directory` unless given as `meta` (the weights, and so
    their checksum, are untouched)."""
    meta = read_metadata(directory) if meta is None else meta
    meta.update(items)
    _write_json(directory / METADATA_FILE, meta)
    return meta


def set_end_zone_offset(directory: str | os.PathLike, offset: float, note: str) -> dict:
    """Replace the end-zone logit offset in a model's JSON (the weights are untouched).

    Parameters
    ----------
    directory : path
        Model directory.
    offset : float
        Subtracted from the presence logit of elements whose principal onset
        lies near the window's ends (see :func:`near_window_ends`); >= 0.
    note : str
        How it was chosen (kept in the JSON as ``end_zone_calibration``).

    Returns
    -------
    dict
        The updated metadata.
    """
    if not (np.isfinite(offset) and offset >= 0.0):
        raise ValueError(f"offset: give a finite value >= 0, got {offset}.")
    return _update_metadata(pathlib.Path(directory), end_zone_logit_offset=float(offset), end_zone_calibration=note)
