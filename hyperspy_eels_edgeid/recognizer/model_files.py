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

import json
import os
import pathlib
from dataclasses import asdict
from typing import Any

import numpy as np

from ..edges import edge_groups_of
from .grid import GRID_SEGMENTS, grid_from_metadata, model_grid
from .decoder_settings import DecoderSettings
from .labels import allowed_steps, label_space
from .model_checks import FORMAT, FORMAT_VERSION, WeightsError, check_metadata, file_sha256

__all__ = [
    "WeightsError",
    "WEIGHTS_FILE",
    "METADATA_FILE",
    "FORMAT",
    "default_weights_dir",
    "coarse_weights_dir",
    "thick_weights_dir",
    "branching_weights_dir",
    "read_metadata",
    "decoder_settings_of",
    "save_model",
    "load_model",
    "build_network",
    "set_thresholds",
    "network_arguments",
    "model_metadata",
    "save_untrained_recognizer",
]

WEIGHTS_FILE = "edge_recognizer.safetensors"
METADATA_FILE = "edge_recognizer.json"

def default_weights_dir() -> pathlib.Path:
    """The weights bundled with the package (``hyperspy_eels_edgeid/model_weights``)."""
    return pathlib.Path(__file__).resolve().parents[1] / "model_weights"


def _bundled_reader(name: str) -> pathlib.Path | None:
    """The bundled second network ``model_weights/<name>``, or None where the package has none."""
    directory = default_weights_dir() / name
    return directory if (directory / METADATA_FILE).is_file() else None


def coarse_weights_dir() -> pathlib.Path | None:
    """The bundled coarse-spectrum reader (``model_weights/coarse``), or None where the package has none.

    A second network, fine-tuned on spectra whose channels are wider than the
    main model was trained on; ``identify_edges`` gives it such spectra
    (:func:`~hyperspy_eels_edgeid.hyperspy.training_conditions.bundled_weights_for`).
    """
    return _bundled_reader("coarse")


def thick_weights_dir() -> pathlib.Path | None:
    """The bundled thick-specimen reader (``model_weights/thick``), or None where the package has none.

    A second network, fine-tuned on spectra of specimens thicker (t/λ) than
    the main model was trained on; ``identify_edges`` gives it the spectra
    whose low-loss partner shows such a specimen, and reads a single spectrum
    of unknown thickness with it, the main model and the branching-ratio network together
    (:func:`~hyperspy_eels_edgeid.hyperspy.training_conditions.bundled_weights_for`).
    """
    return _bundled_reader("thick")


def branching_weights_dir() -> pathlib.Path | None:
    """The bundled branching-ratio network (``model_weights/branching``), or None where the package has none.

    A second network, the main model fine-tuned on spectra whose white lines
    have the ratios of real spectra (3d L3/L2 by element, lanthanide M5/M4 by
    4f occupancy); ``identify_edges`` reads a single spectrum of unknown
    thickness with it, the main model and the thick-specimen reader together
    (:func:`~hyperspy_eels_edgeid.hyperspy.training_conditions.bundled_weights_for`).
    """
    return _bundled_reader("branching")


def read_metadata(directory: str | os.PathLike | None = None) -> dict[str, Any]:
    """Read and check a model's JSON (no torch import).

    Parameters
    ----------
    directory : path, optional
        Model directory; the bundled model by default.

    Returns
    -------
    dict

    Raises
    ------
    WeightsError
        If the JSON is missing, unreadable, not of this format, or has a
        field of the wrong type, length or range (the error names the file
        and the field; see :func:`~.model_checks.check_metadata`).
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
    check_metadata(meta, path)
    return meta


def decoder_settings_of(directory, default: dict) -> dict[str, dict]:
    """A model's decoder settings, ``"decoder"`` and (where it has one) ``"image_decoder"``, to carry to a model
    trained from it (training does not change them).

    Parameters
    ----------
    directory : path
        Model directory.
    default : dict
        ``"decoder"`` where the JSON has none.

    Returns
    -------
    dict
        ``{"decoder": ..., "image_decoder": ...}`` (the second only where the JSON has it).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.model_files import decoder_settings_of, default_weights_dir
    >>> sorted(decoder_settings_of(default_weights_dir(), {}))
    ['decoder', 'image_decoder']
    """
    meta = read_metadata(directory)
    settings = {"decoder": meta.get("decoder", default)}
    if meta.get("image_decoder"):
        settings["image_decoder"] = meta["image_decoder"]
    return settings


def build_network(meta: dict[str, Any]):
    """An untrained network with the architecture described by `meta`.

    Parameters
    ----------
    meta : dict
        A model's JSON description (elements, onsets, grid segments, network arguments).

    Returns
    -------
    EdgeNet
        With its ``allowed`` table built from the label space on the model's grid.
    """
    import torch

    from .network import EdgeNet  # imports torch

    grid = grid_from_metadata(meta)
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
    meta["weights_sha256"] = file_sha256(weights)
    _write_json(directory / METADATA_FILE, meta)
    return directory


def _write_json(path: pathlib.Path, meta: dict[str, Any]) -> None:
    """Replace `path` at once (an interrupted write leaves the old file, never half of one)."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


def load_model(directory: str | os.PathLike | None = None, device: str = "cpu"):
    """Load a model directory after checking its integrity.

    Parameters
    ----------
    directory : path, optional
        Model directory; the bundled model by default.
    device : str
        Torch device to put the network on.

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
    digest = file_sha256(weights)
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


def network_arguments(**overrides) -> dict:
    """Default EdgeNet keyword arguments of the bundled architecture.

    Parameters
    ----------
    **overrides
        Arguments to change (e.g. ``hidden=8``).

    Returns
    -------
    dict
        Keyword arguments of :class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet`
        (less the grid size and number of classes, which come from the label space).
    """
    args = {"in_channels": 4, "conv_channels": [16, 32, 48, 64], "hidden": 100, "dense": 64, "dropout": 0.2}
    args.update(overrides)
    args["conv_channels"] = [int(c) for c in args["conv_channels"]]
    return args


def model_metadata(network: dict, thresholds: float | list[float] = 0.5, segments=None, **extra) -> dict:
    """JSON description of a new model on a grid and its label space.

    Parameters
    ----------
    network : dict
        EdgeNet keyword arguments (see :func:`network_arguments`).
    thresholds : float or list of float
        One decision threshold for all elements, or one per element.
    segments : sequence of (start, stop, step), optional
        The grid's segments; None: :data:`~hyperspy_eels_edgeid.recognizer.grid.GRID_SEGMENTS`.
    **extra
        Further entries (training provenance, notes).

    Returns
    -------
    dict
        Elements, onsets, grid segments, network arguments, thresholds and
        the element decoder's default settings, plus `extra`.
    """
    segments = GRID_SEGMENTS if segments is None else segments
    space = label_space(model_grid(segments))
    k = len(space)
    thr = [float(thresholds)] * k if np.isscalar(thresholds) else [float(t) for t in thresholds]
    meta = {
        "elements": list(space),
        "onsets": [space[e] for e in space],
        "grid_segments": [[float(v) for v in s] for s in segments],
        "network": network,
        "thresholds": thr,
        "decoder": asdict(DecoderSettings()),
    }
    meta.update(extra)
    return meta


def save_untrained_recognizer(path: str | os.PathLike, seed: int = 0, **network_kwargs) -> pathlib.Path:
    """Write a randomly initialised model in the bundled format (for plumbing tests).

    Parameters
    ----------
    path : path
        Directory to write.
    seed : int
        Seed of the initialisation.
    **network_kwargs
        Overrides of the architecture (e.g. ``conv_channels=[4, 4, 4, 4], hidden=8``).

    Examples
    --------
    >>> import tempfile
    >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    >>> from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer
    >>> d = save_untrained_recognizer(tempfile.mkdtemp(), conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    >>> len(load_recognizer(d, device="cpu").elements) >= 75
    True
    """
    import torch

    meta = model_metadata(network_arguments(**network_kwargs), trained=False, note="untrained, random weights")
    torch.manual_seed(seed)
    net = build_network(meta)
    return save_model(path, net, meta)
