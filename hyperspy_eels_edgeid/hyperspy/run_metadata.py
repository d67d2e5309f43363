"""What ``identify_edges`` records: ``metadata.EdgeID`` of its result, and the edges named in its table."""

from __future__ import annotations

import math

import numpy as np

from ..edges import edge_groups_of
from .settings import IdentifySettings

__all__ = ["window_edges", "edge_near", "class_axis", "run_metadata"]


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


def class_axis(k: int) -> dict:
    """The signal axis of a probability signal: one channel per element.

    Parameters
    ----------
    k : int
        Number of elements.

    Returns
    -------
    dict
        An axis dictionary for HyperSpy.
    """
    return {"name": "Element", "units": "", "size": k, "offset": 0.0, "scale": 1.0, "navigate": False}


def run_metadata(signal, recognizer, energy, thresholds, observable, settings: IdentifySettings) -> dict:
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

    Returns
    -------
    dict
    """
    grid = recognizer.grid
    lo, hi = max(energy[0], grid[0]), min(energy[-1], grid[-1])
    labels, onsets = window_edges(recognizer.elements, lo, hi)
    return {
        "elements": list(recognizer.elements),
        "edges": labels,
        "onsets": onsets,
        "observable": [bool(o) for o in observable],
        "thresholds": [float(t) for t in np.asarray(thresholds)],
        "pixel_fraction": float(settings.pixel_fraction),
        "energy_range": [float(energy[0]), float(energy[-1])],
        "source_title": str(signal.metadata.General.title),
        "weights": "bundled" if settings.weights is None else str(settings.weights),
        "nonfinite": settings.nonfinite,
    }
