"""What ``identify_edges`` records: ``metadata.EdgeID`` of its result, and the edges named in its table."""

from __future__ import annotations

import math

import numpy as np

from ..edges import atomic_number, edge_groups_of
from ..recognizer import model_files
from .pixel_rule import MAP_SAME_EDGE_EV
from .settings import CONTAMINATION, IdentifySettings
from .signal_metadata import title_of

__all__ = ["moved_window", "window_edges", "edge_near", "class_axis", "run_metadata"]


def moved_window(energy, grid, shift: float = 0.0) -> tuple[float, float]:
    """The part of the model's grid that the axis `energy`, moved by `shift`, covers (eV).

    Parameters
    ----------
    energy : array_like
        Increasing energy axis of the signal (eV).
    grid : array_like
        The model's grid (eV).
    shift : float
        The axis shift identification uses (:mod:`.axis_search`).

    Returns
    -------
    tuple of float
        The first and last energy (eV).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.run_metadata import moved_window
    >>> moved_window([40.0, 600.0], [50.0, 4000.0], shift=5.0)
    (50.0, 605.0)
    """
    return max(float(energy[0]) + shift, float(grid[0])), min(float(energy[-1]) + shift, float(grid[-1]))


def _principal_in(element: str, lo: float, hi: float) -> list:
    """The element's principal edge groups in [lo, hi] (all its groups there if none is principal)."""
    groups = [g for g in edge_groups_of(element) if lo <= g.onset <= hi]
    return [g for g in groups if g.principal] or groups


def window_edges(elements, lo: float, hi: float) -> tuple[list[str], list[float]]:
    """Principal edge (label, database onset) of each element inside [lo, hi]; ("", nan) if none.

    Parameters
    ----------
    elements : sequence of str
        Element symbols.
    lo, hi : float
        The window (eV).

    Returns
    -------
    labels : list of str
    onsets : list of float

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.run_metadata import window_edges
    >>> window_edges(["O", "C"], 400.0, 700.0)
    (['O_K', ''], [532.0, nan])
    """
    labels, onsets = [], []
    for element in elements:
        principal = _principal_in(element, lo, hi)
        if principal:
            g = min(principal, key=lambda g: g.onset)
            labels.append(g.label)
            onsets.append(float(g.onset))
        else:
            labels.append("")
            onsets.append(float("nan"))
    return labels, onsets


def edge_near(element: str, onset: float, lo: float, hi: float) -> tuple[str, float]:
    """The element's principal edge in [lo, hi] closest to a predicted onset.

    Parameters
    ----------
    element : str
        Element symbol.
    onset : float
        Predicted onset (eV); NaN for none.
    lo, hi : float
        The window (eV).

    Returns
    -------
    label : str
        The edge's label (the element itself if it has no edge in the window).
    onset : float
        The predicted onset, or the database onset where none was predicted.
    """
    principal = _principal_in(element, lo, hi)
    if not principal:
        return element, onset
    if not math.isfinite(onset):
        g = min(principal, key=lambda g: g.onset)
        return g.label, float(g.onset)
    g = min(principal, key=lambda g: abs(g.onset - onset))
    return g.label, float(onset)


def class_axis(elements) -> dict:
    """The signal axis of a probability signal: one channel per element, valued by atomic number.

    HyperSpy axes hold numbers, not text: the element axis is named
    "Element" and runs over the atomic numbers (units "Z"), so that plots
    read "Element (Z)" with Z on it, ``p.isig[26.0]`` is iron, and the axis
    survives ``.hspy``/``.zspy`` like any other; the symbols themselves
    are in ``metadata.EdgeID.elements``.

    Parameters
    ----------
    elements : sequence of str or int
        The element symbols (sorted by atomic number), or only their number
        (an axis of indices 0 to K - 1).

    Returns
    -------
    dict
        An axis dictionary for HyperSpy: uniform when the atomic numbers are
        consecutive (they are for the bundled model, Z = 3-95), non-uniform
        otherwise.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.run_metadata import class_axis
    >>> ax = class_axis(["C", "N", "O"])
    >>> ax["name"], ax["units"], ax["offset"], ax["size"]
    ('Element', 'Z', 6.0, 3)
    """
    if isinstance(elements, (int, np.integer)):
        return {"name": "Element", "units": "", "size": int(elements), "offset": 0.0, "scale": 1.0, "navigate": False}
    z = np.array([atomic_number(e) for e in elements], dtype=float)
    if z.size > 1 and not np.all(np.diff(z) > 0):
        return class_axis(len(z))  # not sorted by Z: keep indices
    if z.size < 2 or np.all(np.diff(z) == 1):
        offset = float(z[0]) if z.size else 0.0
        return {"name": "Element", "units": "Z", "size": int(z.size), "offset": offset, "scale": 1.0, "navigate": False}
    return {"name": "Element", "units": "Z", "axis": z, "navigate": False}


def run_metadata(
    signal, recognizer, energy, thresholds, observable, settings: IdentifySettings, shift=0.0, route=None
) -> dict:
    """``metadata.EdgeID`` of the result of a run.

    Parameters
    ----------
    signal : EELSSpectrum
        The input signal.
    recognizer : EdgeRecognizer
        The loaded model.
    energy : ndarray
        Increasing energy axis (eV).
    thresholds : ndarray, shape (K,)
        The decision thresholds used.
    observable : sequence of bool
        Per element, whether the model can see its edge in the window (empty if not known yet).
    settings : IdentifySettings
        The run's settings.
    shift : float
        The axis shift identification uses (:mod:`.axis_search`): the edges
        named are those of the moved window; ``energy_range`` is the signal's.
    route : (path or None, ndarray of bool), optional
        Another model and the pixels it reads (:func:`.training_conditions.reading_models`):
        kept as ``other_reader`` (its name and the number of its pixels).

    Returns
    -------
    dict
    """
    labels, onsets = window_edges(recognizer.elements, *moved_window(energy, recognizer.grid, shift))
    return {
        "elements": list(recognizer.elements),
        "edges": labels,
        "onsets": onsets,
        "observable": [bool(o) for o in observable],
        "thresholds": [float(t) for t in np.asarray(thresholds)],
        "pixel_fraction": float(settings.pixel_fraction),
        "touching_pixels": bool(settings.touching_pixels),
        "one_owner_per_edge": bool(settings.one_owner_per_edge),
        "same_edge_ev": float(recognizer.decoder.settings.same_edge_ev),
        "same_edge_rel": float(recognizer.decoder.settings.same_edge_rel),
        "map_same_edge_ev": MAP_SAME_EDGE_EV,
        "energy_range": [float(energy[0]), float(energy[-1])],
        "source_title": title_of(signal),
        "weights": _weights_name(settings.weights),
        "nonfinite": settings.nonfinite,
        "precision": settings.precision,
        "despike": bool(settings.despike),
        "background_subtracted": bool(settings.background_subtracted),
        "shift_search": bool(settings.shift_search),
        "sum_neighbours": bool(settings.sum_neighbours),
        # per element, the elements with a visible edge near its principal edge (exspy's table), comma-joined
        # (lists of unequal length do not survive .hspy), for the summary's alternatives
        "alternatives": [",".join(recognizer.decoder.alternatives_of(k)) for k in range(len(recognizer.elements))],
        "candidates": "all" if settings.elements is None
        else ",".join(sorted((set(settings.elements) | set(CONTAMINATION)) - set(settings.exclude))),
        "excluded": ",".join(sorted(settings.exclude)),
        "named": ",".join(sorted(settings.elements or ())),  # those of elements=, for the table's asked_not_found
        **({} if route is None else {"other_reader": _other_reader(route)}),
    }


def _other_reader(route) -> dict:
    """``other_reader``: the name of the model that read some pixels and how many."""
    return {"weights": _weights_name(route[0]), "pixels": int(route[1].sum())}


def _weights_name(weights) -> str:
    """How the metadata names the model: "bundled", "bundled coarse-spectrum reader" ... or the folder(s) given."""
    if weights is None:
        return "bundled"
    if isinstance(weights, (tuple, list)):  # an ensemble (recognizer.ensemble): its members' names, "x2" for twice
        names = [_weights_name(w) for w in weights]
        return " + ".join(n if names.count(n) == 1 else f"{n} x{names.count(n)}" for n in dict.fromkeys(names))
    readers = {
        "coarse-spectrum reader": model_files.coarse_weights_dir(),
        "thick-specimen reader": model_files.thick_weights_dir(),
        "branching-ratio network": model_files.branching_weights_dir(),
    }
    for name, reader in readers.items():
        if reader is not None and str(weights) == str(reader):
            return f"bundled {name}"
    return str(weights)
