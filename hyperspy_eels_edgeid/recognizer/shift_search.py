"""Search over shifts of the energy axis: keep the decision that fits exspy's table best.

The network was trained on axes off by up to 15 eV, yet its evidence weakens
when a spectrum's axis is off: with the axis moved by 10 eV the dev F1 falls
from 0.945 to about 0.91, and a decoder told the true shift recovers a third
of that at most (``experiments/axis_shift/``).  Giving the *network* a
corrected axis does recover it.  :func:`search_shifts` runs the recognizer on
the axis moved by every shift of :data:`SHIFTS_EV` and keeps, per spectrum,
the decision whose reported elements' detected onsets lie closest to their
tabulated onsets (:func:`alignment`): sharp edges lie within about 1 eV of
the table on a calibrated axis, on a miscalibrated one by the error.  The
spectrum's own axis is kept unless another shift fits better by more than
:data:`MARGIN` (one sure, well-aligned element): the best of 25 tries
would otherwise find, in some windows without any edge, a shift at which a
false element appears (``experiments/self_calibration/``).

The shift kept is the one under which the decision fits the table best, not
a measurement of the calibration: on calibrated synthetic spectra the best
shift without the margin lies more than 3 eV from zero in about a quarter of
them.  Use the low-loss spectrum to measure the calibration
(:func:`~hyperspy_eels_edgeid.hyperspy.low_loss.energy_calibration`).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
>>> from hyperspy_eels_edgeid.recognizer.shift_search import search_shifts
>>> rec = load_recognizer(device="cpu")
>>> e = np.arange(300.0, 800.0, 0.5)
>>> flat = 1e6 * (e / 300.0) ** -3.0
>>> shift, pred = search_shifts(rec, lambda c: rec.predict(e + c, flat[None]))
>>> float(shift[0])   # nothing reported at any shift: the axis is kept
0.0
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .prediction import EdgePrediction

__all__ = ["SHIFTS_EV", "ALIGNMENT_EV", "MARGIN", "alignment", "search_shifts"]

#: Shifts (eV) the axis is moved by, nearest zero first (so that a tie keeps the smaller one).
SHIFTS_EV = np.array(sorted(np.arange(-24.0, 24.1, 2.0), key=lambda c: (abs(c), c)))
#: Width (eV) of the alignment weight exp(-(r / ALIGNMENT_EV)^2) of a detected onset r off the table.
ALIGNMENT_EV = 1.5
#: A shift other than 0 is kept only when its alignment exceeds that of the axis as given by more than this.
MARGIN = 1.0


def alignment(recognizer, prediction: EdgePrediction, thresholds=None) -> np.ndarray:
    """How well each spectrum's decision fits the table: the sum over reported elements of probability x alignment.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model (its decoder's tabulated principal onsets).
    prediction : EdgePrediction
        A decision for N spectra.
    thresholds : float or array_like of shape (K,), optional
        The thresholds the decision was made at (default: the model's).

    Returns
    -------
    ndarray of float, shape (N,)
        Sum of probability x exp(-(r / ALIGNMENT_EV)^2) over the reported
        elements, r the detected onset less the nearest tabulated one.
    """
    thresholds = recognizer.thresholds if thresholds is None else thresholds
    reported = prediction.probabilities >= np.asarray(thresholds, dtype=np.float32)
    onsets = np.where(reported, np.nan_to_num(prediction.onsets), 0.0)
    residuals = np.nan_to_num(recognizer.decoder.residuals(onsets), nan=np.inf, posinf=np.inf)
    weight = np.exp(-((residuals / ALIGNMENT_EV) ** 2))
    return np.where(reported, prediction.probabilities * weight, 0.0).sum(axis=1)


def search_shifts(
    recognizer, predict_at: Callable[[float], EdgePrediction], thresholds=None, shifts=SHIFTS_EV, margin=MARGIN
) -> tuple[np.ndarray, EdgePrediction]:
    """Decide every spectrum on its axis moved by the shift whose decision fits the table best.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    predict_at : callable
        ``predict_at(c)`` gives the prediction (N spectra) with every
        spectrum's energy axis moved by `c` eV (the spectrum read as if its
        energies were `c` higher).
    thresholds : float or array_like of shape (K,), optional
        The thresholds `predict_at` decides at (default: the model's).
    shifts : array_like of float
        Shifts to try (eV), 0 first; on a tie the earlier one wins.
    margin : float
        How much better than at the first shift (the axis as given) another
        one must fit to be kept.

    Returns
    -------
    shift : ndarray of float, shape (N,)
        The shift kept for each spectrum.
    prediction : EdgePrediction
        Each spectrum's decision at its shift, with the onsets moved back onto
        the spectrum's own axis (the evidence stays on the moved axis, with
        its shift in ``evidence["searched_shift"]``).

    Raises
    ------
    ValueError
        If `shifts` does not start with 0.
    """
    shifts = np.asarray(shifts, dtype=float)
    if shifts.size == 0 or shifts[0] != 0.0:
        raise ValueError(f"shifts: give 0 first (the axis as given), got {shifts[:3].tolist()} ...")
    predictions = [predict_at(float(c)) for c in shifts]
    scores = np.stack([alignment(recognizer, p, thresholds) for p in predictions])
    best = scores.argmax(axis=0)
    rows = np.arange(best.size)
    best = np.where(scores[best, rows] > scores[0] + margin, best, 0)
    shift = shifts[best]

    def pick(name):
        return np.stack([getattr(p, name) for p in predictions])[best, rows]

    evidence = {
        k: np.stack([p.evidence[k] for p in predictions])[best, rows] for k in predictions[0].evidence if k != "searched_shift"
    }
    evidence["searched_shift"] = shift
    chosen = EdgePrediction(
        probabilities=pick("probabilities"),
        observable=pick("observable"),
        onsets=(pick("onsets") - shift[:, None]).astype(np.float32),
        elements=predictions[0].elements,
        explained_by=pick("explained_by"),
        network_probabilities=pick("network_probabilities"),
        evidence=evidence,
        white_edge_owned=None if predictions[0].white_edge_owned is None else pick("white_edge_owned"),
    )
    return shift, chosen
