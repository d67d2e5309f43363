"""Calibrate a model: write decision thresholds and the end-zone offset into its JSON (``eels-edgeid calibrate``).

The weights are never touched; a calibration rewrites the model's JSON
(:func:`~hyperspy_eels_edgeid.recognizer.model_files.set_thresholds`,
:func:`~hyperspy_eels_edgeid.recognizer.model_files.set_end_zone_offset`), so it
needs ``--weights DIR`` and refuses the bundled model inside the package:
calibrate a copy.

* ``--thresholds synthetic``: a global threshold (or, with ``--per-element``,
  one per element) maximising the F1 on synthetic spectra;
* ``--thresholds real``: the global threshold maximising the mean F1 on the
  labelled real development spectra (their figures are then calibration, not
  a test), optionally with ``--rare-threshold`` for the elements seldom in
  specimens;
* ``--end-zone``: the logit offset for elements whose edge lies near the
  window's ends, chosen on synthetic spectra after any threshold calibration.

Examples
--------
::

    eels-edgeid calibrate --weights runs/model --thresholds real --rare-threshold 0.9 --end-zone
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ..recognizer.resampling import resample_batch
from ..recognizer.inference import clear_recognizer_cache, load_recognizer, lower_logits
from ..recognizer.model_files import default_weights_dir, set_end_zone_offset, set_thresholds
from ..synthesis import SynthesisConfig, synthesize_batch
from .metrics import set_metrics
from .protocols import RARE_IN_SPECIMENS, REAL_DEV_DIR, predict_batch, real_predictions, score_real

__all__ = [
    "calibrate_threshold",
    "calibrate_end_zone",
    "end_zone_scores",
    "thresholds_with_rare",
    "calibrate_threshold_real",
    "main",
]


def _calibration_data(recognizer, n: int, seed: int):
    """Probabilities and truths of `n` default synthetic spectra (seed `seed`)."""
    rng = np.random.default_rng(seed)
    probs, truths = [], []
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), None, rng)
        t, _, _, raw = predict_batch(recognizer, batch, np.float32(2.0))
        probs.append(raw.probabilities * raw.observable)
        truths += t
    return np.concatenate(probs), truths


def calibrate_threshold(
    recognizer, n: int = 2000, seed: int = 99, grid=None, per_element: bool = False, min_support: int = 30
):
    """Decision thresholds chosen on synthetic spectra (never on reported data).

    The global threshold maximises the mean per-spectrum F1.  With
    `per_element`, each element with at least `min_support` true
    occurrences gets the threshold maximising its own F1 (others keep the
    global one).  Use a seed different from the reported evaluation's.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    n : int
        Number of synthetic spectra.
    seed : int
        Seed of the synthetic spectra.
    grid : sequence of float, optional
        Candidate thresholds (default 0.1, 0.15, ..., 0.9).
    per_element : bool
        Also choose one threshold per element.
    min_support : int
        Fewest true occurrences for an element's own threshold.

    Returns
    -------
    thresholds : float or ndarray of shape (K,)
    scores : dict
        Mean F1 per candidate global threshold.
    """
    candidates = np.round(np.arange(0.1, 0.95, 0.05), 2) if grid is None else np.asarray(grid)
    prob, truths = _calibration_data(recognizer, n, seed)
    elements = recognizer.elements
    scores = {}
    for c in candidates:
        pred = [{elements[k] for k in np.flatnonzero(row >= c)} for row in prob]
        scores[float(c)] = set_metrics(truths, pred)["f1"]
    best = max(scores, key=scores.get)
    if not per_element:
        return best, scores
    truth = np.array([[e in t for e in elements] for t in truths])
    out = np.full(len(elements), best, dtype=np.float32)
    for k in range(len(elements)):
        if truth[:, k].sum() < min_support:
            continue
        f1 = []
        for c in candidates:
            hit = prob[:, k] >= c
            tp = np.sum(hit & truth[:, k])
            f1.append(2 * tp / max(hit.sum() + truth[:, k].sum(), 1))
        out[k] = candidates[int(np.argmax(f1))]
    return out, scores


def calibrate_end_zone(recognizer, n: int = 2000, seed: int = 77, offsets=None) -> tuple[float, dict]:
    """The end-zone logit offset chosen on synthetic spectra (never on reported data).

    Training leaves an absent element unpenalised where its principal onset
    lies near the window's ends (its label is ambiguous there), so the
    raw probability there is biased upwards; inference subtracts the
    model's ``end_zone_logit_offset`` from those logits.  This chooses it:
    `n` spectra of the default ``SynthesisConfig`` and `n` of
    ``SynthesisConfig.realistic()`` (one random stream from `seed`), each
    candidate scored by the mean per-spectrum F1 at the model's thresholds.
    The network runs once; the candidates are applied to its output.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model (its offset is restored afterwards).
    n : int
        Spectra per setting (default and realistic).
    seed : int
        Seed of the random stream.
    offsets : sequence of float, optional
        Candidate offsets (default 0, 0.5, ..., 2.5).

    Returns
    -------
    offset : float
        The candidate of the highest mean F1 (ties: the smaller one).
    scores : dict
        Mean F1 per candidate offset.
    """
    if int(n) < 1:
        raise ValueError(f"n: give at least 1 spectrum per setting, got {n}.")
    offsets = np.round(np.arange(0.0, 2.51, 0.5), 2) if offsets is None else np.asarray(offsets, dtype=float)
    rng = np.random.default_rng(seed)
    kept, recognizer.end_zone_logit_offset = recognizer.end_zone_logit_offset, 0.0
    probabilities, near, truths = [], [], []
    try:
        for config in (SynthesisConfig(), SynthesisConfig.realistic()):
            for start in range(0, n, 250):
                batch = synthesize_batch(min(250, n - start), config, rng)
                values, mask = resample_batch(batch, recognizer.grid)
                t, _, _, raw = predict_batch(recognizer, batch, recognizer.thresholds, (values, mask))
                probabilities.append(raw.probabilities)
                near.append(recognizer.near_ends(mask) & raw.observable)
                truths += t
    finally:
        recognizer.end_zone_logit_offset = kept
    scores = end_zone_scores(
        np.concatenate(probabilities), np.concatenate(near), truths, recognizer.elements, recognizer.thresholds, offsets
    )
    return max(scores, key=lambda o: (round(scores[o], 6), -o)), scores


def end_zone_scores(probabilities, near, truths, elements, thresholds, offsets) -> dict:
    """Mean per-spectrum F1 for each end-zone logit offset (the correction of ``EdgeRecognizer``).

    Parameters
    ----------
    probabilities : ndarray, shape (N, K)
        Probabilities without the correction (0 where not observable).
    near : ndarray of bool, shape (N, K)
        Where the correction applies (principal onset near a window end).
    truths : list of set
    elements : list of str
    thresholds : ndarray, shape (K,)
    offsets : sequence of float

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[0.9, 0.6]])           # Fe true; O a false alarm near the window's end
    >>> s = end_zone_scores(p, np.array([[False, True]]), [{"Fe"}], ["Fe", "O"], np.full(2, 0.5), [0.0, 1.0])
    >>> {k: round(v, 3) for k, v in s.items()}
    {0.0: 0.667, 1.0: 1.0}
    """
    scores = {}
    for offset in offsets:
        p = lower_logits(probabilities, near, offset)
        pred = [{elements[k] for k in np.flatnonzero(row >= thresholds)} for row in p]
        scores[float(offset)] = set_metrics(truths, pred)["f1"]
    return scores


def thresholds_with_rare(elements: list[str], threshold: float, rare_threshold: float | None) -> np.ndarray:
    """Per-element thresholds: `threshold`, and `rare_threshold` for :data:`RARE_IN_SPECIMENS`.

    Parameters
    ----------
    elements : list of str
        The model's elements.
    threshold : float
        Threshold of the others.
    rare_threshold : float or None
        Threshold of the rare elements (None: `threshold`).

    Returns
    -------
    ndarray of float32

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.calibrate import thresholds_with_rare
    >>> thresholds_with_rare(["O", "Xe", "Fe"], 0.5, 0.9).tolist()
    [0.5, 0.8999999761581421, 0.5]
    """
    out = np.full(len(elements), threshold, dtype=np.float32)
    if rare_threshold is not None:
        out[[k for k, e in enumerate(elements) if e in RARE_IN_SPECIMENS]] = rare_threshold
    return out


def calibrate_threshold_real(
    recognizer,
    directory: str = REAL_DEV_DIR,
    include_bg_subtracted: bool = False,
    rare_threshold: float | None = None,
    grid=None,
):
    """A global threshold chosen on the labelled real development spectra.

    What ``../shared/notes/sim_to_real.md`` recommends: the best threshold on
    synthetic data is not the best on real data.  The spectra it is chosen on
    then no longer measure the model without bias; report their figures as
    calibration, not as a test.

    Parameters
    ----------
    rare_threshold : float, optional
        Fixed threshold of the elements in :data:`RARE_IN_SPECIMENS`
        (the global one is chosen for the others).

    Returns
    -------
    threshold : float or None
        The candidate global threshold of the highest mean per-spectrum F1
        (ties: the higher one); :func:`thresholds_with_rare` turns it and
        `rare_threshold` into per-element values.  None when there is no
        labelled spectrum.
    scores : dict
        Mean F1 per candidate global threshold.
    """
    candidates = np.round(np.arange(0.1, 0.95, 0.05), 2) if grid is None else np.asarray(grid)
    predictions = real_predictions(recognizer, directory, include_bg_subtracted)
    if not predictions:
        return None, {}
    elements = recognizer.elements
    scores = {
        float(c): score_real(predictions, elements, thresholds_with_rare(elements, c, rare_threshold))["all"]["f1"]
        for c in candidates
    }
    return max(scores, key=lambda c: (round(scores[c], 6), c)), scores


# --------------------------------------------------------------------- CLI


def _save_calibration(weights, setter, value, note: str, message: str) -> None:
    """Write a calibration into the model's JSON (the bundled model if `weights` is None) and reload."""
    setter(weights or default_weights_dir(), value, note)
    clear_recognizer_cache()
    print(message)


def _print_scores(title: str, scores: dict, key_format: str) -> None:
    """One line: the title, then ``key:F1`` for every candidate a calibration tried."""
    print(f"{title}: " + ", ".join(f"{key_format.format(k)}:{f:.4f}" for k, f in scores.items()))


def _check_arguments(ap, a) -> None:
    """Refuse option values that would give meaningless calibrations or overwrite the bundled model."""
    if a.thresholds is None and not a.end_zone:
        ap.error("give --thresholds synthetic, --thresholds real or --end-zone (or both)")
    if Path(a.weights).resolve() == default_weights_dir().resolve():
        ap.error(f"--weights: {a.weights} is the bundled model inside the package; copy it and calibrate the copy")
    if a.per_element and a.thresholds != "synthetic":
        ap.error("--per-element: only with --thresholds synthetic")
    if a.rare_threshold is not None and not (a.thresholds == "real" or (a.thresholds == "synthetic" and not a.per_element)):
        ap.error("--rare-threshold: only with --thresholds real or a global --thresholds synthetic")
    if a.rare_threshold is not None and not 0.0 < a.rare_threshold <= 1.0:
        ap.error(f"--rare-threshold: give a probability in (0, 1], got {a.rare_threshold}")
    if a.calibration_n < 1:
        ap.error(f"--calibration-n: give at least 1 spectrum, got {a.calibration_n}")


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid calibrate``: choose thresholds and the end-zone offset, and write them into the model's JSON.

    Parameters
    ----------
    argv : list of str, optional
        ``--weights DIR`` and what to calibrate; by default the command line's.

    Returns
    -------
    int
        0 once the JSON is written (bad options exit with argparse's status 2).
    """
    ap = argparse.ArgumentParser(
        prog="eels-edgeid calibrate",
        description="Choose decision thresholds and the end-zone logit offset of a model and write them into its "
        "JSON (the weights are untouched). Calibrate a copy of a model directory, never the bundled one.",
    )
    ap.add_argument("--weights", required=True, help="model directory (a copy: its JSON is rewritten)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--thresholds", choices=("synthetic", "real"), default=None,
                    help="choose a global threshold on synthetic spectra (seed --calibration-seed) or on the real "
                         "spectra of --real-dir (their figures are then calibration, not a test)")  # fmt: skip
    ap.add_argument("--per-element", action="store_true", help="with --thresholds synthetic: one threshold per element")
    ap.add_argument("--rare-threshold", type=float, default=None,
                    help="with --thresholds real or a global --thresholds synthetic: threshold of the elements seldom "
                         "in specimens (protocols.RARE_IN_SPECIMENS)")  # fmt: skip
    ap.add_argument("--end-zone", action="store_true",
                    help="after any threshold calibration, choose the end-zone logit offset on synthetic spectra "
                         "(--calibration-n of the default and of the realistic settings, seed --end-zone-seed)")  # fmt: skip
    ap.add_argument("--calibration-seed", type=int, default=99)
    ap.add_argument("--calibration-n", type=int, default=2000)
    ap.add_argument("--end-zone-seed", type=int, default=77)
    ap.add_argument("--real-dir", default=REAL_DEV_DIR, help="labelled real spectra (for --thresholds real)")
    ap.add_argument("--include-bg-subtracted", action="store_true")
    a = ap.parse_args(argv)
    _check_arguments(ap, a)
    if a.thresholds == "real":
        rec = load_recognizer(a.weights, a.device)
        chosen, scores = calibrate_threshold_real(rec, a.real_dir, a.include_bg_subtracted, a.rare_threshold)
        if chosen is None:
            ap.error(f"--thresholds real: no labelled spectra in {a.real_dir}")
        _print_scores("calibration on real spectra (mean F1 per global threshold)", scores, "{:.2f}")
        rare = "" if a.rare_threshold is None else f"; {a.rare_threshold} for {', '.join(RARE_IN_SPECIMENS)}"
        note = (
            f"global threshold {chosen} maximising the mean per-spectrum F1 on the labelled real spectra of "
            f"{Path(a.real_dir).name}/ (development set; its figures are calibration, not a test){rare}"
        )
        _save_calibration(
            a.weights, set_thresholds, thresholds_with_rare(rec.elements, chosen, a.rare_threshold), note,
            f"thresholds set: {chosen}{rare}",
        )  # fmt: skip
    if a.thresholds == "synthetic":
        rec = load_recognizer(a.weights, a.device)
        best, scores = calibrate_threshold(rec, a.calibration_n, a.calibration_seed, per_element=a.per_element)
        _print_scores("calibration (mean F1 per global threshold)", scores, "{:.2f}")
        kind = "per-element thresholds maximising each element's F1" if a.per_element else (
            "global threshold maximising the mean per-spectrum F1")  # fmt: skip
        rare = "" if a.rare_threshold is None else f"; {a.rare_threshold} for {', '.join(RARE_IN_SPECIMENS)}"
        note = (f"{kind} on {a.calibration_n} synthetic spectra (default SynthesisConfig, seed "
                f"{a.calibration_seed}); not chosen on real spectra{rare}")  # fmt: skip
        values = best if a.per_element else thresholds_with_rare(rec.elements, best, a.rare_threshold)
        _save_calibration(
            a.weights, set_thresholds, values, note,
            f"thresholds set: {np.round(best, 2).tolist() if a.per_element else best}{rare}",
        )  # fmt: skip
    if a.end_zone:
        rec = load_recognizer(a.weights, a.device)
        offset, scores = calibrate_end_zone(rec, a.calibration_n, a.end_zone_seed)
        _print_scores("end-zone calibration (mean F1 per logit offset)", scores, "{:.1f}")
        note = (
            f"logit offset subtracted for elements with a principal onset near the labelled window's ends "
            f"(labels.near_window_ends); {offset} maximised the mean F1 on {2 * a.calibration_n} synthetic spectra "
            f"({a.calibration_n} default + {a.calibration_n} realistic SynthesisConfig, seed {a.end_zone_seed}) "
            "at the model's thresholds; not chosen on real spectra"
        )
        _save_calibration(a.weights, set_end_zone_offset, offset, note, f"end-zone logit offset set: {offset}")
    return 0
