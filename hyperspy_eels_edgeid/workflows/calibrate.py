"""Calibrate a model: choose its decision thresholds and write them into its JSON (``eels-edgeid calibrate``).

The weights are never touched; a calibration rewrites the model's JSON
(:func:`~hyperspy_eels_edgeid.recognizer.model_files.set_thresholds`), so it
needs ``--weights DIR`` and refuses the bundled model inside the package:
calibrate a copy.  Every candidate threshold is applied through the model's
element decoder (:mod:`hyperspy_eels_edgeid.recognizer.decoder`), whose
one-element-per-edge rule depends on it.

* ``--thresholds synthetic``: a global threshold (or, with ``--per-element``,
  one per element) maximising the F1 on synthetic spectra;
* ``--thresholds real``: the global threshold maximising the mean F1 on the
  labelled real development spectra.  The figures of the spectra it was
  chosen on are calibration, not a test, so the command also reports
  leave-one-material-out cross-validation: for each material, the threshold
  chosen on the other materials' spectra scores the held-out material's;
* ``--thresholds both``: the global threshold maximising the mean of that
  real F1 and the F1 on synthetic spectra (seed ``--calibration-seed``), so
  that a plateau of the few real spectra does not decide alone; reported
  with the same cross-validation (the held-out material's threshold chosen
  on the other materials and the synthetic spectra);
* ``--maps N`` (with ``real`` or ``both``): one more F1 in the mean, the
  element-set F1 of N synthetic spectrum images (:func:`map_scores`), so that
  the threshold also suits images and line scans, where a pixel's false alarm
  has as many chances as there are pixels.

Examples
--------
::

    eels-edgeid calibrate --weights runs/model --thresholds real
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ..hyperspy.data import synthetic_eels
from ..hyperspy.identify import DEFAULT_PIXEL_FRACTION
from ..hyperspy.pixel_rule import image_elements
from ..recognizer.loading import clear_recognizer_cache, load_recognizer
from ..recognizer.model_files import default_weights_dir, set_thresholds
from ..recognizer.priors import PRIOR_TIERS
from ..synthesis import SynthesisConfig
from .metrics import set_metrics
from .protocols import synthetic_evidence
from .real_spectra import REAL_DEV_DIR, real_predictions

__all__ = [
    "THRESHOLD_CANDIDATES",
    "calibrate_threshold",
    "calibrate_threshold_real",
    "leave_one_material_out",
    "main",
    "map_scores",
]

#: Candidate thresholds tried by every calibration.
THRESHOLD_CANDIDATES = tuple(float(c) for c in np.round(np.arange(0.1, 0.95, 0.05), 2))


def calibrate_threshold(
    recognizer, n: int = 2000, seed: int = 99, grid=None, per_element: bool = False, min_support: int = 30
):
    """Decision thresholds chosen on synthetic spectra (never on reported data).

    The global threshold maximises the mean per-spectrum F1 (labelled
    elements with an edge PSNR below 3 are "don't care", as in the
    synthetic evaluation), each candidate decided again by the element
    decoder.  With `per_element`, each element with at least `min_support`
    true occurrences gets the threshold, at or above the global one,
    maximising its own F1 (others keep the global one): below it the
    element would not have competed for its edges in the decision.  Use a
    seed different from the reported evaluation's.

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
    candidates = np.asarray(THRESHOLD_CANDIDATES if grid is None else grid)
    evidence, truths, weak = synthetic_evidence(recognizer, n, seed)
    elements = recognizer.elements
    scores = {}
    for c in candidates:
        prob = recognizer.decide(evidence, thresholds=c).probabilities
        pred = [{elements[k] for k in np.flatnonzero(row >= c)} - w for row, w in zip(prob, weak)]
        scores[float(c)] = set_metrics(truths, pred)["f1"]
    best = max(scores, key=scores.get)
    if not per_element:
        return best, scores
    # per element: each element's own F1 with the global decision at `best` for the others
    prob = recognizer.decide(evidence, thresholds=best).probabilities
    truth = np.array([[e in t for e in elements] for t in truths])
    dont_care = np.array([[e in w for e in elements] for w in weak])
    out = np.full(len(elements), best, dtype=np.float32)
    above = [c for c in candidates if c >= best]
    for k in range(len(elements)):
        if truth[:, k].sum() < min_support:
            continue
        f1 = []
        for c in above:
            hit = (prob[:, k] >= c) & ~dont_care[:, k]
            tp = np.sum(hit & truth[:, k])
            f1.append(2 * tp / max(hit.sum() + truth[:, k].sum(), 1))
        out[k] = above[int(np.argmax(f1))]
    return out, scores


def map_scores(recognizer, n: int = 80, seed: int = 20000, grid=None, shape=(8, 8)) -> dict[float, float]:
    """Element-set F1 of synthetic spectrum images at each candidate threshold.

    `n` spectrum images of `shape` pixels from :func:`~hyperspy_eels_edgeid.hyperspy.data.synthetic_eels`
    (seeds `seed` ... `seed` + n - 1; elements from the prior's common tier, a matrix element and
    particles of the others, default settings otherwise) are read once by the network, each pixel alone; at each
    candidate threshold every pixel is decided again and the image's elements are those of
    ``identify_edges``'s pixel rule (2 % of the pixels, at least two, one owner per edge; the model's decoder of
    maps, :meth:`~hyperspy_eels_edgeid.recognizer.inference.EdgeRecognizer.for_images`; no spike removal: the
    images have none; no axis shift search, whose shift depends on the threshold; no neighbour sums and no checks
    of summed spectra: a lazy result's decision, ``identify_edges(sum_neighbours=False, lazy_output=True)``).
    The truth of an image is its elements whose edges the model can judge in the window.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    n : int
        Number of images.
    seed : int
        Seed of the first image.
    grid : sequence of float, optional
        Candidate thresholds (default :data:`THRESHOLD_CANDIDATES`).
    shape : tuple of int
        Navigation shape of each image.

    Returns
    -------
    dict
        Candidate threshold -> the averaged per-image F1 of the paper's metrics.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    >>> from hyperspy_eels_edgeid.workflows.calibrate import map_scores
    >>> scores = map_scores(load_recognizer(device="cpu"), n=2, grid=(0.3, 0.9))
    >>> sorted(scores)
    [0.3, 0.9]
    """
    candidates = THRESHOLD_CANDIDATES if grid is None else tuple(float(c) for c in grid)
    config = SynthesisConfig(candidate_elements=PRIOR_TIERS["common"])
    recognizer = recognizer.for_images()  # decided as identify_edges decides maps
    elements = np.asarray(recognizer.elements)
    index = {e: k for k, e in enumerate(recognizer.elements)}
    same_edge = (recognizer.decoder.settings.same_edge_ev, recognizer.decoder.settings.same_edge_rel)
    truths, written = [], {c: [] for c in candidates}
    for i in range(n):
        s = synthetic_eels(navigation_shape=tuple(shape), random_state=seed + i, config=config)
        energy = s.axes_manager.signal_axes[0].axis
        pixels = np.asarray(s.data, dtype=np.float32).reshape(-1, energy.size)
        evidence = recognizer.predict(energy, pixels).evidence
        # which elements the window lets the model judge: the axis decides, so every pixel says the same
        judged = recognizer.decoder.judgeable(evidence["window_start"], evidence["window_end"])[0]
        observable = evidence["observable"][0] & judged
        truths.append({e for e in s.metadata.Truth.elements if observable[index[e]]})
        for c in candidates:
            pred = recognizer.decide(evidence, thresholds=c)
            thresholds = np.full(len(elements), float(c))
            rule = image_elements(pred.probabilities, thresholds, DEFAULT_PIXEL_FRACTION, False, pred.onsets, same_edge)
            detected = rule[0]
            written[c].append(set(elements[detected]))
    return {c: set_metrics(truths, written[c])["f1"] for c in candidates}


def _real_scores(recognizer, predictions: list[dict], candidates) -> dict[float, list[set]]:
    """Elements reported in each real spectrum at each candidate threshold (the decoder rerun for each)."""
    elements = recognizer.elements
    out = {}
    for c in candidates:
        out[float(c)] = [
            {elements[k] for k in np.flatnonzero(recognizer.decide(r["evidence"], thresholds=c).probabilities[0] >= c)}
            for r in predictions
        ]
    return out


def _best(scores: dict) -> float:
    """The candidate of the highest score (ties: the higher threshold)."""
    return max(scores, key=lambda c: (round(scores[c], 6), c))


def _with_synthetic(scores: dict, synthetic) -> dict:
    """The mean of the real F1 and each synthetic F1 curve (a dict, or a list of them), per candidate."""
    terms = [] if synthetic is None else [synthetic] if isinstance(synthetic, dict) else list(synthetic)
    return {c: (f + sum(t[c] for t in terms)) / (1 + len(terms)) for c, f in scores.items()}


def leave_one_material_out(
    truths: list[set], dont_care: list[set], materials: list[str], reported: dict, synthetic=None
) -> dict:
    """Leave-one-material-out cross-validation of a threshold choice.

    For each material, the threshold of the highest mean F1 on the *other*
    materials' spectra decides the held-out material's spectra; the
    held-out decisions together are scored as one set.

    Parameters
    ----------
    truths, dont_care : list of set of str
        Per spectrum: labelled and "don't care" elements.
    materials : list of str
        Per spectrum: its material (the unit that is held out).
    reported : dict
        Candidate threshold -> per-spectrum sets of reported elements.
    synthetic : dict or list of dict, optional
        Candidate threshold -> F1 on synthetic spectra (or images, one dict
        per kind); when given, each choice maximises the mean of these and
        the other materials' F1.

    Returns
    -------
    dict
        ``metrics`` of the held-out decisions and ``thresholds``, the
        threshold chosen for each held-out material.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.calibrate import leave_one_material_out
    >>> truths, dc = [{"O"}, {"O"}, {"Fe"}], [set(), set(), set()]
    >>> reported = {0.3: [{"O", "C"}, {"O"}, {"Fe", "C"}], 0.6: [{"O"}, {"O"}, set()]}
    >>> cv = leave_one_material_out(truths, dc, ["A", "A", "B"], reported)
    >>> cv["thresholds"], round(cv["metrics"]["f1"], 3)
    ({'A': 0.3, 'B': 0.6}, 0.556)
    """
    chosen, held_out = {}, [set()] * len(truths)
    for material in sorted(set(materials)):
        train = [i for i, m in enumerate(materials) if m != material]
        scores = {
            c: set_metrics([truths[i] for i in train], [sets[i] for i in train], [dont_care[i] for i in train])["f1"]
            for c, sets in reported.items()
        }
        chosen[material] = _best(_with_synthetic(scores, synthetic))
        for i, m in enumerate(materials):
            if m == material:
                held_out[i] = reported[chosen[material]][i]
    return {"metrics": set_metrics(truths, held_out, dont_care), "thresholds": chosen}


def calibrate_threshold_real(
    recognizer, directory: str = REAL_DEV_DIR, include_bg_subtracted: bool = False, grid=None, synthetic=None
):
    """A global threshold chosen on the labelled real development spectra, with its cross-validation.

    What ``../shared/notes/sim_to_real.md`` recommends: the best threshold on
    synthetic data is not the best on real data.  The spectra it is chosen on
    then no longer measure the model without bias, so the in-sample figure
    is a calibration figure; the leave-one-material-out figure (see
    :func:`leave_one_material_out`) is the one to report next to it.

    Parameters
    ----------
    recognizer : EdgeRecognizer
        The model.
    directory : str
        Folder with ``manifest.csv`` and the spectra.
    include_bg_subtracted : bool
        Also the background-subtracted spectra.
    grid : sequence of float, optional
        Candidate thresholds (default :data:`THRESHOLD_CANDIDATES`).
    synthetic : dict or list of dict, optional
        Candidate threshold -> F1 on synthetic spectra (the ``scores`` of
        :func:`calibrate_threshold` on the same candidates), or several such
        curves (:func:`map_scores`'s too): the choice then maximises the mean
        of the real F1 and these.

    Returns
    -------
    threshold : float or None
        The candidate of the highest mean per-spectrum F1 on all the spectra
        (or of the mean with the `synthetic` curves; ties: the higher one); None when
        there is no labelled spectrum.
    report : dict
        ``scores`` (mean F1 per candidate), ``in_sample`` (metrics at the
        chosen threshold) and ``leave_one_material_out`` (see
        :func:`leave_one_material_out`); empty when there is no spectrum.
    """
    candidates = THRESHOLD_CANDIDATES if grid is None else tuple(float(c) for c in grid)
    predictions = real_predictions(recognizer, directory, include_bg_subtracted)
    if not predictions:
        return None, {}
    reported = _real_scores(recognizer, predictions, candidates)
    truths = [r["truth"] for r in predictions]
    dont_care = [r["dont_care"] for r in predictions]
    scores = {c: set_metrics(truths, sets, dont_care)["f1"] for c, sets in reported.items()}
    best = _best(_with_synthetic(scores, synthetic))
    materials = [r["material"] for r in predictions]
    return best, {
        "scores": scores,
        "in_sample": set_metrics(truths, reported[best], dont_care),
        "leave_one_material_out": leave_one_material_out(truths, dont_care, materials, reported, synthetic),
    }


# --------------------------------------------------------------------- CLI


def _save_calibration(weights, setter, value, note: str, message: str) -> None:
    """Write a calibration into the model's JSON (the bundled model if `weights` is None) and reload."""
    setter(weights or default_weights_dir(), value, note)
    clear_recognizer_cache()
    print(message)


def _print_scores(title: str, scores: dict, key_format: str) -> None:
    """One line: the title, then ``key:F1`` for every candidate a calibration tried."""
    print(f"{title}: " + ", ".join(f"{key_format.format(k)}:{f:.4f}" for k, f in scores.items()))


def _fmt(m: dict) -> str:
    return f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} exact={m['exact']:.3f}"


def _check_arguments(ap, a) -> None:
    """Refuse option values that would give meaningless calibrations or overwrite the bundled model."""
    if Path(a.weights).resolve().is_relative_to(default_weights_dir().resolve()):
        ap.error(f"--weights: {a.weights} is a bundled model inside the package; copy it and calibrate the copy")
    if a.per_element and a.thresholds != "synthetic":
        ap.error("--per-element: only with --thresholds synthetic")
    if a.calibration_n < 1:
        ap.error(f"--calibration-n: give at least 1 spectrum, got {a.calibration_n}")
    if a.maps < 0 or (a.maps and a.thresholds == "synthetic"):
        ap.error(f"--maps: a number of images >= 0, with --thresholds real or both; got {a.maps}")


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid calibrate``: choose decision thresholds and write them into the model's JSON.

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
        description="Choose the decision thresholds of a model and write them into its JSON (the weights are "
        "untouched). Calibrate a copy of a model directory, never the bundled one.",
    )
    ap.add_argument("--weights", required=True, help="model directory (a copy: its JSON is rewritten)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--thresholds", choices=("synthetic", "real", "both"), required=True,
                    help="choose a global threshold on synthetic spectra (seed --calibration-seed), on the real "
                         "spectra of --real-dir (reported with leave-one-material-out cross-validation), or on the "
                         "mean of both F1 (both)")  # fmt: skip
    ap.add_argument("--per-element", action="store_true", help="with --thresholds synthetic: one threshold per element")
    ap.add_argument("--calibration-seed", type=int, default=99)
    ap.add_argument("--calibration-n", type=int, default=2000)
    ap.add_argument("--maps", type=int, default=0,
                    help="with --thresholds real or both: the element-set F1 of this many synthetic 8 x 8 spectrum "
                         "images joins the mean (0: none)")  # fmt: skip
    ap.add_argument("--maps-seed", type=int, default=20000, help="seed of the first of those images")
    ap.add_argument("--real-dir", default=REAL_DEV_DIR, help="labelled real spectra (for --thresholds real)")
    ap.add_argument("--include-bg-subtracted", action="store_true")
    a = ap.parse_args(argv)
    _check_arguments(ap, a)
    rec = load_recognizer(a.weights, a.device)
    if a.thresholds in ("real", "both"):
        synthetic, what = [], ""
        if a.thresholds == "both":
            synthetic.append(calibrate_threshold(rec, a.calibration_n, a.calibration_seed)[1])
            _print_scores(f"synthetic F1 per global threshold (seed {a.calibration_seed})", synthetic[-1], "{:.2f}")
            what = f"the per-spectrum F1 on {a.calibration_n} synthetic spectra (seed {a.calibration_seed}), "
        if a.maps:
            synthetic.append(map_scores(rec, a.maps, a.maps_seed))
            _print_scores(f"element-set F1 of {a.maps} synthetic 8 x 8 maps (seeds from {a.maps_seed}) per global "
                          "threshold", synthetic[-1], "{:.2f}")  # fmt: skip
            what += f"the element-set F1 of {a.maps} synthetic 8 x 8 spectrum images (seeds from {a.maps_seed}), "
        chosen, report = calibrate_threshold_real(rec, a.real_dir, a.include_bg_subtracted, synthetic=synthetic or None)
        if chosen is None:
            ap.error(f"--thresholds real: no labelled spectra in {a.real_dir}")
        _print_scores("calibration on real spectra (mean F1 per global threshold)", report["scores"], "{:.2f}")
        cv = report["leave_one_material_out"]
        print(f"in-sample at {chosen} (calibration, not a test): {_fmt(report['in_sample'])}")
        print(f"leave-one-material-out: {_fmt(cv['metrics'])} (thresholds chosen: {sorted(set(cv['thresholds'].values()))})")
        what = f"the mean of {what}and " if what else ""
        note = (
            f"global threshold {chosen} maximising {what}the mean per-spectrum F1 on the labelled real spectra of "
            f"{Path(a.real_dir).name}/ (development set): in-sample {_fmt(report['in_sample'])} (calibration, not a "
            f"test); leave-one-material-out {_fmt(cv['metrics'])}"
        )
        _save_calibration(a.weights, set_thresholds, chosen, note, f"thresholds set: {chosen}")
    if a.thresholds == "synthetic":
        best, scores = calibrate_threshold(rec, a.calibration_n, a.calibration_seed, per_element=a.per_element)
        _print_scores("calibration (mean F1 per global threshold)", scores, "{:.2f}")
        kind = "per-element thresholds maximising each element's F1" if a.per_element else (
            "global threshold maximising the mean per-spectrum F1")  # fmt: skip
        chosen = f"{float(best):g}" if not a.per_element else f"{float(np.min(best)):g}-{float(np.max(best)):g}"
        note = (f"{kind} ({chosen}) on {a.calibration_n} synthetic spectra (default SynthesisConfig, seed "
                f"{a.calibration_seed}); not chosen on real spectra")  # fmt: skip
        _save_calibration(
            a.weights, set_thresholds, best, note,
            "thresholds set: "
            + str([round(float(t), 2) for t in np.ravel(best)] if a.per_element else round(float(best), 2)),
        )  # fmt: skip
    return 0
