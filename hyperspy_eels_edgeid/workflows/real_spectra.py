"""The labelled real development spectra: run a recognizer over them and score it with the benchmark's rules.

Scoring follows ``../shared/real_spectra_dev/score.py``: every labelled element counts (an unsupported
one is a miss); visible contamination (``possible_extra_elements``) and elements seen only through
secondary edges are "don't care"; background-subtracted spectra are skipped unless asked for.  These
spectra are for validation and calibration only, never for training.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from ..hyperspy.subtracted_background import looks_background_subtracted, restore_background
from .metrics import per_element_metrics, set_metrics
from .protocols import PAPER_ELEMENTS

__all__ = ["REAL_DEV_DIR", "real_predictions", "score_real", "evaluate_real"]

#: Labelled real development spectra: ``$EELS_EDGEID_REAL_DIR``, else ``../shared/real_spectra_dev`` beside a source checkout.
REAL_DEV_DIR = os.environ.get(
    "EELS_EDGEID_REAL_DIR", str(Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev")
)


def _split_field(field: str | None) -> set:
    """The names of a ';'-separated manifest field."""
    return {e.strip() for e in (field or "").split(";") if e.strip()}


def real_predictions(recognizer, directory: str, include_bg_subtracted: bool) -> list[dict] | None:
    """Run the recognizer once over the labelled real spectra.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    directory : str
        Folder with ``manifest.csv`` and the spectra.
    include_bg_subtracted : bool
        Also the background-subtracted spectra (given a power law back where they look so, as
        ``identify_edges`` does: :mod:`~hyperspy_eels_edgeid.hyperspy.subtracted_background`).

    Returns
    -------
    list of dict or None
        Per spectrum: ``id``, ``material``, ``truth``, ``dont_care``, ``probabilities``
        and the network's ``evidence`` (to decide again at other thresholds);
        None when the directory is absent.
    """
    directory = Path(directory)
    manifest = directory / "manifest.csv"
    if not manifest.is_file():
        print(f"real spectra: {manifest} not found; skipping the real-data evaluation.")
        return None
    with open(manifest) as f:
        rows = list(csv.DictReader(f))
    if not include_bg_subtracted:
        rows = [r for r in rows if r.get("background_subtracted") != "yes"]
    out = []
    for row in rows:
        data = np.loadtxt(directory / row["file"], delimiter=",", skiprows=1)
        order = np.argsort(data[:, 0])
        energy, intensity = data[order, 0], data[order, 1]
        keep = np.concatenate([[True], np.diff(energy) > 0])
        energy, intensity = energy[keep], intensity[keep][None]
        if looks_background_subtracted(intensity)[0]:  # as identify_edges reads it (hyperspy.subtracted_background)
            intensity = restore_background(energy, intensity)
        p = recognizer.predict(energy, intensity)
        secondary = {e.split("_")[0] for e in _split_field(row.get("secondary_edges_in_range"))}
        out.append({
            "id": row["id"],
            "truth": _split_field(row["elements_in_range"]),
            "dont_care": _split_field(row.get("possible_extra_elements"))
            | (secondary & _split_field(row.get("all_elements"))),
            # the unit held out by leave-one-material-out: the composition (free-text material names differ
            # for the same specimen, e.g. four spellings of boron nitride)
            "material": ";".join(sorted(_split_field(row.get("all_elements")))) or row.get("material") or row["id"],
            "probabilities": p.probabilities[0] * p.observable[0],
            "evidence": p.evidence,
        })  # fmt: skip
    return out


def score_real(predictions: list[dict], elements: list[str], thresholds: np.ndarray) -> dict:
    """The benchmark's scoring of real-spectra predictions at given thresholds.

    Parameters
    ----------
    predictions : list of dict
        As returned by :func:`real_predictions`.
    elements : list of str
        The model's elements.
    thresholds : ndarray, shape (K,)
        Decision thresholds.

    Returns
    -------
    dict
        ``all``, ``supported_only`` and ``seed20`` metrics, ``per_element`` and ``spectra``.
    """
    truth = [r["truth"] for r in predictions]
    dont_care = [r["dont_care"] for r in predictions]
    pred = [{elements[k] for k in np.flatnonzero(r["probabilities"] >= thresholds)} for r in predictions]
    supported = set(elements)
    seed20 = [i for i, t in enumerate(truth) if t & set(PAPER_ELEMENTS)]
    sup = [i for i, t in enumerate(truth) if t & supported]
    return {
        "all": set_metrics(truth, pred, dont_care),
        "supported_only": set_metrics(
            [truth[i] & supported for i in sup], [pred[i] & supported for i in sup], [dont_care[i] for i in sup]
        ),
        "seed20": set_metrics(
            [truth[i] & set(PAPER_ELEMENTS) for i in seed20],
            [pred[i] & set(PAPER_ELEMENTS) for i in seed20],
            [dont_care[i] for i in seed20],
        ),
        # "don't care" elements count neither way, as in the per-spectrum metrics
        "per_element": per_element_metrics(
            truth, [p - (d - t) for p, d, t in zip(pred, dont_care, truth)], sorted(set(elements) | set().union(*truth))
        ),
        "spectra": [
            {"id": r["id"], "truth": sorted(r["truth"]), "predicted": sorted(p), "dont_care": sorted(r["dont_care"])}
            for r, p in zip(predictions, pred)
        ],
    }


def evaluate_real(recognizer, directory: str = REAL_DEV_DIR, include_bg_subtracted: bool = False, thresholds=None):
    """The paper's metrics on the labelled real development spectra.

    Scoring follows the benchmark's rules: every labelled element counts
    (an unsupported one is a miss); visible contamination
    (``possible_extra_elements``) and elements seen only through secondary
    edges are "don't care"; background-subtracted spectra are skipped unless
    asked for.  These spectra are for validation only.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    directory : str
        Folder with ``manifest.csv`` and the spectra.
    include_bg_subtracted : bool
        Also the background-subtracted spectra.
    thresholds : float or ndarray, optional
        Decision thresholds (default: the model's).

    Returns
    -------
    dict or None
        None (with a message) when the directory is absent.
    """
    predictions = real_predictions(recognizer, directory, include_bg_subtracted)
    if predictions is None:
        return None
    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    return score_real(predictions, recognizer.elements, thresholds)
