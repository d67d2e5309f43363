"""One spectrum's edges: the single-spectrum path of ``identify_edges``.

The spectrum is checked and prepared as every pixel of a map is (:mod:`.blocks`), read with the axis shift search
(:mod:`.axis_search`), checked for a 3d metal read as Ba, Pr, La, Ce or Cs by its white-line ratio
(:mod:`.line_ratio_check`; with a list of elements, on the reading without it too: :func:`metals_of_free_reading`),
and returned as an :class:`~hyperspy_eels_edgeid.hyperspy.table.EdgeTable` whose probabilities carry the run's
``metadata.EdgeID``, with what the list kept out (:func:`kept_out`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import _validation as checks
from .alternatives import alternatives_of, held_back, near_misses
from .axis_search import spectrum_prediction
from .blocks import prepare_spectra
from .image_table import asked_not_found
from .line_ratio_check import ratio_checked
from .run_metadata import class_axis, edge_near, moved_window, run_metadata
from .signal_metadata import title_of, titled
from .signals import EELSEdgeProbabilities
from .table import EdgeRow, EdgeTable

__all__ = ["identify_spectrum", "kept_out", "metals_of_free_reading", "read_spectrum", "read_without_list"]


def identify_spectrum(signal, recognizer, energy, reverse, thresholds, candidates, settings, calibration) -> EdgeTable:
    """Identify the edges of one spectrum: the decision of ``identify_edges`` for a signal without navigation axes.

    Parameters
    ----------
    signal : EELSSpectrum
        The spectrum (eager or lazy), validated by ``identify_edges``.
    recognizer : EdgeRecognizer
        The model (or ensemble) that reads it.
    energy : ndarray
        Its energy axis in eV, increasing.
    reverse : bool
        Whether the signal's own axis decreases (its data are read reversed).
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    candidates : ndarray of bool, shape (K,), or None
        Elements that may be reported.
    settings : IdentifySettings
        The run's options.
    calibration : dict
        What the low-loss partner measured (``metadata.EdgeID``'s calibration entries).

    Returns
    -------
    EdgeTable
    """
    data = signal.data
    if hasattr(data, "compute"):
        data = data.compute()
    x = np.asarray(data, dtype=np.float32).reshape(1, -1)
    if reverse:
        x = x[:, ::-1]
    code = int(checks.pixel_problems(x, settings.nonfinite)[0])
    if code != checks.OK:
        checks.raise_for(code, 1, 1)
    x = prepare_spectra(energy, x, settings.nonfinite, settings.despike, settings.background_subtracted)
    shift, prediction, ratio_named, free = read_spectrum(recognizer, energy, x, settings, candidates, thresholds)
    metadata = run_metadata(signal, recognizer, energy, thresholds, (), settings, shift)  # edges of the moved window
    metadata.update(calibration, axis_shift=shift)
    lo, hi = moved_window(energy, recognizer.grid, shift)
    checks.warn_if_nothing_observable(prediction.observable[0], energy, recognizer)
    p = prediction.probabilities[0]
    rows = []
    for i, element in enumerate(prediction.elements):
        if prediction.observable[0, i] and p[i] >= thresholds[i]:
            # named on the moved axis, where the network saw it; the onset back on the signal's
            edge, onset = edge_near(element, float(prediction.onsets[0, i]) + shift, lo, hi)
            onset -= shift
            alternatives = alternatives_of(recognizer, prediction, i, candidates=candidates)
            others = recognizer.other_edges(prediction, i)
            rows.append(EdgeRow(element, edge, onset, float(p[i]), float(thresholds[i]), None, alternatives, others))
    probabilities = EELSEdgeProbabilities(p.astype(np.float32), axes=[class_axis(prediction.elements)])
    probabilities.metadata.General.title = titled("Edge probabilities", title_of(signal))
    probabilities.metadata.set_item("Signal.quantity", "Probability")
    metadata = dict(metadata, detected=sorted(r.element for r in rows), n_invalid=0)
    metadata["observable"] = [bool(o) for o in prediction.observable[0]]
    metadata["predicted_onsets"] = [float(v) for v in prediction.onsets[0]]
    if prediction.white_edge_owned is not None:  # recognizer/white_edges.py
        owned = prediction.white_edge_owned[0]
        metadata["white_edge_owned"] = sorted(r.element for r in rows if owned[prediction.elements.index(r.element)])
    metadata["line_ratio_named"] = sorted(ratio_named)  # hyperspy/line_ratio_check.py
    left_out = kept_out(free, thresholds, candidates)
    if candidates is not None:
        metadata["left_out"] = left_out
    probabilities.metadata.set_item("EdgeID", metadata)
    not_observable = [el for el, ok in zip(prediction.elements, prediction.observable[0]) if not ok]
    held = held_back(prediction, 0)
    reported = {r.element for r in rows}
    is_reported = np.isin(prediction.elements, list(reported))
    seen = prediction.observable[0]
    asked = asked_not_found(settings.elements or (), prediction.elements, is_reported, p, seen, held)
    shown = reported | {e for r in rows for e, _ in r.alternatives} | set(held) | set(asked)
    allowed = prediction.observable[0] & (True if candidates is None else np.asarray(candidates, bool))
    return EdgeTable(
        rows,
        title=title_of(signal),
        not_observable=not_observable,
        probabilities=probabilities,
        n_valid=1,
        held_back=held,
        near_misses=near_misses(p, thresholds, prediction.elements, allowed, shown),
        left_out=left_out,
        asked_not_found=asked,
        unnamed_edges=recognizer.unnamed_edges(prediction, 0, thresholds),
    )


def read_spectrum(recognizer, energy, x, settings, candidates, thresholds):
    """A prepared spectrum read as ``identify_edges`` reads a single spectrum: the search, then the ratio checks.

    Parameters
    ----------
    recognizer, energy, x, settings, candidates, thresholds
        As :func:`~.axis_search.spectrum_prediction` takes them (`x`: its prepared `spectrum`); `recognizer` is
        the single-spectrum reader (the bundled ensemble or the weights given).

    Returns
    -------
    shift : float
        The axis shift kept.
    prediction : EdgePrediction
        The decision after the white-line ratio check (and, with candidates, :func:`metals_of_free_reading`).
    ratio_named : list of str
        The metals the ratio named.
    free : tuple or None
        :func:`read_without_list`'s (None without candidates).
    """
    shift, prediction = spectrum_prediction(recognizer, energy, x, settings, candidates, thresholds)
    prediction, ratio_named = ratio_checked(prediction, energy, x[0], thresholds, candidates, shift)
    free = None if candidates is None else read_without_list(recognizer, prediction, thresholds, energy, x[0], shift)
    if free is not None:  # a listed metal whose lines the reading without the list gives it by their ratio
        prediction, listed = metals_of_free_reading(prediction, free, thresholds, candidates)
        ratio_named = sorted(set(ratio_named) | set(listed))
    return shift, prediction, ratio_named, free


def read_without_list(recognizer, prediction, thresholds, energy, spectrum, shift=0.0):
    """The decision on `prediction`'s evidence with no candidates, checked by the white-line ratio.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model (or ensemble) that made `prediction`.
    prediction : EdgePrediction
        One spectrum's decision (with candidates).
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    energy, spectrum : ndarray
        The axis `prediction`'s onsets are on (less `shift`) and the spectrum read, for the ratio check.
    shift : float
        The axis shift the decision was made on.

    Returns
    -------
    free : EdgePrediction
    named : list of str
        The metals the ratio check named in it (:func:`~.line_ratio_check.ratio_checked`).
    """
    free = recognizer.decide(prediction.evidence, thresholds=thresholds)  # the same evidence, no list
    return ratio_checked(free, energy, spectrum, thresholds, None, shift)


def metals_of_free_reading(prediction, free, thresholds, candidates):
    """`prediction` with each listed 3d metal that the ratio check named in the reading without the list.

    With ``elements=["Co", "O"]`` the network's Ba is no candidate, so the ratio check cannot give its edge to Co in
    the listed decision; where it does so in the reading without the list (:func:`read_without_list`), Co takes
    that reading's probability and onset.

    Parameters
    ----------
    prediction : EdgePrediction
        One spectrum's decision with `candidates`.
    free : tuple
        :func:`read_without_list`'s.
    thresholds : ndarray, shape (K,)
    candidates : ndarray, shape (K,)

    Returns
    -------
    prediction : EdgePrediction
    named : list of str
    """
    (reading, metals), allowed = free, np.asarray(candidates, bool)
    elements, named = list(prediction.elements), []
    p, onsets, seen = prediction.probabilities.copy(), prediction.onsets.copy(), prediction.observable.copy()
    explained = prediction.explained_by.copy()
    for metal in metals:
        j = elements.index(metal)
        if allowed[j] and not (seen[0, j] and p[0, j] >= thresholds[j]):
            p[0, j], onsets[0, j], seen[0, j] = reading.probabilities[0, j], reading.onsets[0, j], True
            explained[0, j] = -1  # reported now: not held back behind another element
            named.append(metal)
    if not named:
        return prediction, named
    changed = dict(probabilities=p, onsets=onsets, observable=seen, explained_by=explained)
    return dataclasses.replace(prediction, **changed), named


def kept_out(free, thresholds, candidates) -> dict[str, float]:
    """The elements `candidates` kept out that the reading without them reports, with that probability.

    Parameters
    ----------
    free : tuple or None
        :func:`read_without_list`'s (None without candidates).
    thresholds : ndarray, shape (K,)
        The decision thresholds.
    candidates : ndarray, shape (K,), or None
        The run's candidates (nonzero: may be reported).

    Returns
    -------
    dict of str to float
        Empty without candidates.
    """
    if free is None or candidates is None:
        return {}
    reading, allowed = free[0], np.asarray(candidates, bool)
    p = reading.probabilities[0]
    return {e: round(float(p[k]), 3) for k, e in enumerate(reading.elements)
            if not allowed[k] and reading.observable[0, k] and p[k] >= thresholds[k]}  # fmt: skip
