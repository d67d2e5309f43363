"""Evaluate a recognizer with the paper's metrics (``eels-edgeid evaluate``).

Metrics, with the paper's definitions (Kong, Ji & Xin, "Prediction
Validation") and the conventions of the real-spectra benchmark for empty
sets:

* per spectrum: precision = NEc / NEp, recall = NEc / NEr, F1 their harmonic
  mean (averaged over spectra); with no prediction, precision is 1 if there
  is nothing to find and 0 otherwise; with nothing to find, recall is 1;
* exact accuracy: share of spectra whose predicted set equals the truth;
* recognition accuracy: share of spectra whose truth is contained in the
  prediction;
* per-element precision and recall over all spectra;
* confusions between near-coincident edges;
* the sensitivity protocol of the paper's Table 4;
* the same per-spectrum and per-element metrics on the labelled real
  development spectra.

Examples
--------
>>> from hyperspy_eels_edgeid.workflows.evaluation import set_metrics
>>> m = set_metrics([{"Fe", "O"}, {"C"}], [{"Fe", "O"}, {"C", "N"}])
>>> round(m["f1"], 3), m["exact"], m["recognition"]
(0.833, 0.5, 1.0)
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

__all__ = ["prf", "set_metrics", "per_element_metrics"]


def prf(tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    """Precision, recall, F1 of one spectrum (benchmark conventions for empty sets).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.evaluation import prf
    >>> prf(1, 2, 1), prf(0, 0, 0), prf(0, 1, 0)
    ((0.5, 1.0, 0.6666666666666666), (1.0, 1.0, 1.0), (0.0, 1.0, 0.0))
    """
    p = tp / n_pred if n_pred else (1.0 if n_true == 0 else 0.0)
    r = tp / n_true if n_true else 1.0
    f = 2 * p * r / (p + r) if (p + r) else 0.0
    return p, r, f


def set_metrics(truth: list[set], pred: list[set], dont_care: list[set] | None = None) -> dict:
    """The paper's per-spectrum metrics, averaged.

    Parameters
    ----------
    truth, pred : list of set of str
        Elements present / predicted, per spectrum.
    dont_care : list of set of str, optional
        Elements neither rewarded nor punished when predicted.

    Returns
    -------
    dict
        ``n``, ``precision``, ``recall``, ``f1``, ``exact``, ``recognition``.
    """
    n = len(truth)
    if n == 0:
        return {"n": 0, "precision": float("nan"), "recall": float("nan"), "f1": float("nan"),
                "exact": float("nan"), "recognition": float("nan")}  # fmt: skip
    rows = []
    for i in range(n):
        t, p = set(truth[i]), set(pred[i])
        if dont_care is not None:
            p = p - (set(dont_care[i]) - t)
        rows.append((*prf(len(t & p), len(p), len(t)), p == t, t <= p))
    a = np.array(rows, dtype=float)
    return {
        "n": n,
        "precision": float(a[:, 0].mean()),
        "recall": float(a[:, 1].mean()),
        "f1": float(a[:, 2].mean()),
        "exact": float(a[:, 3].mean()),
        "recognition": float(a[:, 4].mean()),
    }


def per_element_metrics(truth: list[set], pred: list[set], elements: list[str]) -> dict:
    """Per-element precision, recall and support over all spectra.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.evaluation import per_element_metrics
    >>> per_element_metrics([{"C"}, {"C", "O"}], [{"C", "O"}, {"C"}], ["C", "O"])["O"]
    {'precision': 0.0, 'recall': 0.0, 'support': 1, 'predicted': 1}
    """
    out = {}
    for e in elements:
        tp = sum(1 for t, p in zip(truth, pred) if e in t and e in p)
        n_pred = sum(1 for p in pred if e in p)
        n_true = sum(1 for t in truth if e in t)
        out[e] = {
            "precision": tp / n_pred if n_pred else float("nan"),
            "recall": tp / n_true if n_true else float("nan"),
            "support": n_true,
            "predicted": n_pred,
        }
    return out


# ------------------------------------------------------------------ constants

#: The paper's 20 elements (its Table 1 and Table 4).
PAPER_ELEMENTS = ("B", "C", "N", "O", "F", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu",
                  "Si", "P", "S", "Cl", "Ar")  # fmt: skip

#: The paper's Table 4: lowest detectable (PSNR, jump ratio) per element.
PAPER_TABLE4 = {
    "B": (23.00, 0.077), "C": (10.40, 0.071), "N": (5.87, 0.068), "O": (4.51, 0.088), "F": (3.45, 0.099),
    "Ca": (7.69, 0.075), "Sc": (6.29, 0.078), "Ti": (5.36, 0.083), "V": (3.99, 0.070), "Cr": (3.85, 0.083),
    "Mn": (3.50, 0.090), "Fe": (3.68, 0.116), "Co": (3.52, 0.130), "Ni": (3.05, 0.126), "Cu": (3.16, 0.158),
    "Si": (56.29, 0.059), "P": (50.26, 0.086), "S": (19.26, 0.049), "Cl": (16.82, 0.062), "Ar": (7.94, 0.040),
}  # fmt: skip

#: Near-coincident principal edges (issue 3): groups of elements whose edges overlap.
CONFUSION_GROUPS = (("N", "Sc", "Cd"), ("O", "Sb"), ("Co", "Ba"), ("Ni", "La"), ("Cu", "Pr"))

#: Elements seldom in an electron-microscopy specimen: noble gases other than Ar (which ion milling
#: implants), and elements without a stable or very long-lived isotope other than Th and U (studied in
#: nuclear materials).  ``evaluate --calibrate-real --rare-threshold T`` gives them a higher threshold,
#: a prior the uniform element sampling of the training data does not carry.
RARE_IN_SPECIMENS = ("Ne", "Kr", "Xe", "Rn", "Tc", "Pm", "Po", "At", "Fr", "Ra", "Ac", "Pa", "Np", "Pu", "Am")

#: Labelled real development spectra: ``$EELS_EDGEID_REAL_DIR``, else ``../shared/real_spectra_dev`` beside a source checkout.
REAL_DEV_DIR = os.environ.get(
    "EELS_EDGEID_REAL_DIR", str(Path(__file__).resolve().parents[3] / "shared" / "real_spectra_dev")
)


# ---------------------------------------------------------------- synthetic


def _predict_batch(recognizer, batch, thresholds, resampled=None):
    """Resample each spectrum of a SpectrumBatch on its own axis (unless `resampled` gives the
    values and mask); predict; truth on the grid."""
    pred = recognizer.predict_resampled(*(resampled or batch.on_grid(recognizer.grid)))
    elements = recognizer.elements
    index = {e: k for k, e in enumerate(elements)}
    truth, predicted, onset_errors = [], [], []
    hit = (pred.probabilities >= thresholds) & pred.observable
    labels = batch.edges[batch.edges["is_label"]]
    for i in range(len(batch)):
        rows = labels[labels["spectrum"] == i]
        t = {str(e) for e in rows["element"] if str(e) in index and pred.observable[i, index[str(e)]]}
        p = {elements[k] for k in np.flatnonzero(hit[i])}
        truth.append(t)
        predicted.append(p)
        for e in t & p:
            true_onsets = rows["onset"][rows["element"] == e]
            onset_errors.append(float(np.min(np.abs(true_onsets - pred.onsets[i, index[e]]))))
    return truth, predicted, onset_errors, pred


def evaluate_synthetic(
    recognizer,
    n: int = 10000,
    seed: int = 20260101,
    config=None,
    chunk: int = 250,
    thresholds=None,
    show_progressbar: bool | None = None,
) -> dict:
    """The paper's metrics on `n` fresh synthetic spectra.

    The truth of a spectrum is its labelled elements (principal Major edge
    inside the window margins) whose edge also lies in the measured part of
    the model grid: an edge outside the grid cannot be seen by design and
    is not counted.

    Parameters
    ----------
    recognizer : EdgeRecognizer
    n : int
        Number of spectra (the issue's target: >= 10,000).
    seed : int
        Random seed; use one that training never used.
    config : SynthesisConfig, optional
        Forward model (default ``SynthesisConfig()``).
    chunk : int
        Spectra per synthesis/prediction call.
    thresholds : float or ndarray, optional
        Decision thresholds (default: the model's).

    Returns
    -------
    dict
        ``metrics`` (averaged per-spectrum), ``per_element``,
        ``onset_error_ev`` (median and 95th percentile over true positives).
    """
    from ..synthesis import SynthesisConfig, synthesize_batch

    config = SynthesisConfig() if config is None else config
    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    rng = np.random.default_rng(seed)
    truth, pred, errors = [], [], []
    for start in _progress(range(0, n, chunk), show_progressbar, "synthetic"):
        batch = synthesize_batch(min(chunk, n - start), config, rng)
        t, p, e, _ = _predict_batch(recognizer, batch, thresholds)
        truth += t
        pred += p
        errors += e
    errors = np.asarray(errors)
    return {
        "metrics": set_metrics(truth, pred),
        "per_element": per_element_metrics(truth, pred, list(recognizer.elements)),
        "onset_error_ev": {
            "median": float(np.median(errors)) if errors.size else float("nan"),
            "p95": float(np.percentile(errors, 95)) if errors.size else float("nan"),
        },
        "n": n,
        "seed": seed,
    }


def evaluate_confusions(recognizer, n_per_element: int = 100, seed: int = 7, thresholds=None) -> dict:
    """Confusions between near-coincident edges (:data:`CONFUSION_GROUPS`).

    For every element of a group, `n_per_element` spectra holding that
    element alone (a 256 eV window from 100 eV below its edge, 0.25 eV per channel,
    other parameters random) are predicted; reported are its recall and the
    rate at which each other member of the group is (wrongly) reported.

    Returns
    -------
    dict
        ``{"N": {"recall": ..., "reported_as": {"Sc": rate, "Cd": rate}}, ...}``
    """
    from ..edges import edge_groups_of
    from ..synthesis import SynthesisConfig, synthesize_batch

    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    config = SynthesisConfig()
    rng = np.random.default_rng(seed)
    out = {}
    for group in CONFUSION_GROUPS:
        for element in group:
            onset = min(g.onset for g in edge_groups_of(element) if g.principal and g.major and g.onset > 100)
            axis = (onset - 100.0, 0.25, 1024)
            batch = synthesize_batch(n_per_element, config, rng, elements=[element], energy_axis=axis)
            truth, pred, _, _ = _predict_batch(recognizer, batch, thresholds)
            others = [e for e in group if e != element]
            out[element] = {
                "recall": float(np.mean([element in p for p in pred])),
                "reported_as": {o: float(np.mean([o in p for p in pred])) for o in others},
            }
    return out


# -------------------------------------------------------------- sensitivity


def evaluate_sensitivity(
    recognizer,
    elements: tuple[str, ...] = PAPER_ELEMENTS,
    jump_ratios: np.ndarray | None = None,
    n_noise: int = 16,
    seed: int = 4,
    thresholds=None,
) -> dict:
    """The paper's sensitivity protocol (its Table 4).

    One element per spectrum on the paper's 90-1000 eV axis (0.2 eV per
    channel), background exponent fixed at 1.88, white Gaussian noise
    (no Savitzky-Golay smoothing, no shot noise, no plural scattering, no
    shift or expansion) with sigma one tenth of the minimum background over
    the window.  The jump ratio is lowered step by step (geometric steps
    from 0.5 to 0.005); at each step `n_noise` noise realisations are
    predicted, and the element counts as recognised when it is reported in
    at least half of them.  Reported per element: the lowest jump ratio
    recognised (and every larger one too), and the median PSNR of the edge
    at that jump ratio (peak above background over the noise sigma, as the
    synthesizer records it).

    Returns
    -------
    dict
        ``{element: {"jump_ratio": float or None, "psnr": float or None,
        "detection_rate": [...], "jump_ratios": [...]}}``
    """
    from ..synthesis import SynthesisConfig, synthesize_batch

    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    jump_ratios = np.geomspace(0.5, 0.005, 25) if jump_ratios is None else np.asarray(jump_ratios)
    axis = (90.0, 0.2, 4551)
    r = 1.88
    min_background = (1000.0 / 90.0) ** -r  # background is 1 at the window start
    config = SynthesisConfig(
        shot_noise=False, plural_scattering=False, secondary_edges=False, savgol_frame=(1, 1),
        noise_coefficient=1.0, noise_sigma=min_background / 10.0, shift=0.0, expansion=0.0,
    )  # fmt: skip
    index = {e: k for k, e in enumerate(recognizer.elements)}
    out = {}
    for element in elements:
        if element not in index:
            out[element] = {"jump_ratio": None, "psnr": None, "note": "not supported"}
            continue
        k = index[element]
        # one random stream per element: its result does not depend on how far the others went
        rng = np.random.default_rng([seed, k])
        rates, psnrs = [], []
        lowest, lowest_psnr = None, None
        for jr in jump_ratios:
            batch = synthesize_batch(
                n_noise, config, rng, elements=[element], jump_ratios={element: float(jr)},
                energy_axis=axis, fixed={"background_exponent": r},
            )  # fmt: skip
            _, pred, _, raw = _predict_batch(recognizer, batch, thresholds)
            rate = float(np.mean(raw.probabilities[:, k] >= thresholds[k]))
            rows = batch.edges[batch.edges["is_label"] & (batch.edges["element"] == element)]
            psnr = float(np.median(rows["psnr"])) if rows.size else float("nan")
            rates.append(rate)
            psnrs.append(psnr)
            if rate < 0.5:
                break
            lowest, lowest_psnr = float(jr), psnr
        out[element] = {
            "jump_ratio": lowest,
            "psnr": lowest_psnr,
            "paper_psnr": PAPER_TABLE4.get(element, (None, None))[0],
            "paper_jump_ratio": PAPER_TABLE4.get(element, (None, None))[1],
            "detection_rate": rates,
            "jump_ratios": [float(j) for j in jump_ratios[: len(rates)]],
        }
    return out


# ---------------------------------------------------------------- real data


def _split_field(field: str | None) -> set:
    return {e.strip() for e in (field or "").split(";") if e.strip()}


def _real_predictions(recognizer, directory: str, include_bg_subtracted: bool) -> list[dict] | None:
    """Run the recognizer once over the labelled real spectra; None when the directory is absent."""
    import csv

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
        p = recognizer.predict(energy[keep], intensity[keep][None])
        secondary = {e.split("_")[0] for e in _split_field(row.get("secondary_edges_in_range"))}
        out.append({
            "id": row["id"],
            "truth": _split_field(row["elements_in_range"]),
            "dont_care": _split_field(row.get("possible_extra_elements"))
            | (secondary & _split_field(row.get("all_elements"))),
            "probabilities": p.probabilities[0] * p.observable[0],
        })  # fmt: skip
    return out


def _score_real(predictions: list[dict], elements: list[str], thresholds: np.ndarray) -> dict:
    """The benchmark's scoring of real-spectra predictions at given thresholds."""
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

    Returns
    -------
    dict or None
        None (with a message) when the directory is absent.
    """
    predictions = _real_predictions(recognizer, directory, include_bg_subtracted)
    if predictions is None:
        return None
    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    return _score_real(predictions, recognizer.elements, thresholds)


def edge_free_false_positive_rate(recognizer, n: int = 200, seed: int = 11, thresholds=None) -> float:
    """Share of edge-free power-law spectra (random windows, noise) with any element reported."""
    from ..synthesis import SynthesisConfig, synthesize_batch

    thresholds = recognizer.thresholds if thresholds is None else np.asarray(thresholds, dtype=np.float32)
    config = SynthesisConfig(n_elements_probabilities=(1.0,))
    batch = synthesize_batch(n, config, np.random.default_rng(seed))
    _, pred, _, _ = _predict_batch(recognizer, batch, thresholds)
    return float(np.mean([len(p) > 0 for p in pred]))


# ---------------------------------------------------------------- thresholds


def _calibration_data(recognizer, n: int, seed: int):
    from ..synthesis import synthesize_batch

    rng = np.random.default_rng(seed)
    probs, truths = [], []
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), None, rng)
        t, _, _, raw = _predict_batch(recognizer, batch, np.float32(2.0))
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

    Returns
    -------
    offset : float
        The candidate of the highest mean F1 (ties: the smaller one).
    scores : dict
        Mean F1 per candidate offset.
    """
    from ..synthesis import SynthesisConfig, synthesize_batch

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
                values, mask = batch.on_grid(recognizer.grid)
                t, _, _, raw = _predict_batch(recognizer, batch, recognizer.thresholds, (values, mask))
                probabilities.append(raw.probabilities)
                near.append(recognizer._near_ends(mask) & raw.observable)
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
    from ..recognizer.inference import lower_logits

    scores = {}
    for offset in offsets:
        p = lower_logits(probabilities, near, offset)
        pred = [{elements[k] for k in np.flatnonzero(row >= thresholds)} for row in p]
        scores[float(offset)] = set_metrics(truths, pred)["f1"]
    return scores


def thresholds_with_rare(elements: list[str], threshold: float, rare_threshold: float | None) -> np.ndarray:
    """Per-element thresholds: `threshold`, and `rare_threshold` for :data:`RARE_IN_SPECIMENS`.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.evaluation import thresholds_with_rare
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
    predictions = _real_predictions(recognizer, directory, include_bg_subtracted)
    if not predictions:
        return None, {}
    elements = recognizer.elements
    scores = {
        float(c): _score_real(predictions, elements, thresholds_with_rare(elements, c, rare_threshold))["all"]["f1"]
        for c in candidates
    }
    return max(scores, key=lambda c: (round(scores[c], 6), c)), scores


# --------------------------------------------------------------------- CLI


def _progress(iterable, show: bool | None, desc: str):
    if show is None:
        try:
            import hyperspy.api as hs

            show = bool(hs.preferences.General.show_progressbar)
        except Exception:  # pragma: no cover
            show = False
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, leave=False)


def _fmt(m: dict) -> str:
    return (f"n={m['n']}  P={m['precision']:.3f}  R={m['recall']:.3f}  F1={m['f1']:.3f}  "
            f"exact={m['exact']:.3f}  recognition={m['recognition']:.3f}")  # fmt: skip


def _save_calibration(weights, setter, value, note: str, message: str) -> None:
    """Write a calibration into the model's JSON (the bundled model if `weights` is None) and reload."""
    from ..recognizer.inference import _load_cached
    from ..recognizer.model_files import default_weights_dir

    setter(weights or default_weights_dir(), value, note)
    _load_cached.cache_clear()
    print(message)


def _print_per_element(per_element: dict, minimum: int) -> None:
    """The eight lowest per-element recalls and precisions (over at least `minimum` spectra); the rest is in --json."""
    worst = sorted((v["recall"], e) for e, v in per_element.items() if v["support"] >= minimum)[:8]
    print("  lowest per-element recall: " + ", ".join(f"{e} {v:.2f}" for v, e in worst))
    worst = sorted((v["precision"], e) for e, v in per_element.items() if v["predicted"] >= minimum)[:8]
    print("  lowest per-element precision: " + ", ".join(f"{e} {v:.2f}" for v, e in worst))


def _print_scores(title: str, scores: dict, key_format: str) -> None:
    """One line: the title, then ``key:F1`` for every candidate a calibration tried."""
    print(f"{title}: " + ", ".join(f"{key_format.format(k)}:{f:.4f}" for k, f in scores.items()))


#: Parts of ``eels-edgeid evaluate`` that ``--skip`` may name.
EVALUATION_PARTS = ("synthetic", "confusions", "sensitivity", "real", "edgefree")


def _check_arguments(ap, a) -> None:
    """Refuse option values that would give meaningless figures or overwrite the bundled model."""
    from ..recognizer.model_files import default_weights_dir

    if a.calibrate and a.calibrate_real:
        ap.error("give --calibrate (synthetic spectra) or --calibrate-real (real spectra), not both")
    calibrating = [name for name in ("calibrate", "calibrate_real", "calibrate_end_zone") if getattr(a, name)]
    flags = ", ".join("--" + name.replace("_", "-") for name in calibrating)
    if calibrating and a.weights is None:
        ap.error(f"{flags}: give --weights DIR; a calibration rewrites the model's JSON, so calibrate a copy "
                 "of the model directory, not the bundled one")  # fmt: skip
    if calibrating and Path(a.weights).resolve() == default_weights_dir().resolve():
        ap.error(f"{flags}: {a.weights} is the bundled model inside the package; copy it and calibrate the copy")
    if a.rare_threshold is not None and not (a.calibrate_real or (a.calibrate and not a.per_element)):
        ap.error("--rare-threshold: only with --calibrate-real or a global --calibrate")
    for name in ("threshold", "rare_threshold"):
        value = getattr(a, name)
        if value is not None and not 0.0 < value <= 1.0:
            ap.error(f"--{name.replace('_', '-')}: give a probability in (0, 1], got {value}")
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    if skip - set(EVALUATION_PARTS):
        ap.error(f"--skip: unknown part(s) {', '.join(sorted(skip - set(EVALUATION_PARTS)))}; "
                 f"choose from {', '.join(EVALUATION_PARTS)}")  # fmt: skip
    if "synthetic" not in skip and a.n_synthetic < 1:
        ap.error(f"--n-synthetic: give at least 1 spectrum (the issue's target uses 10000), got {a.n_synthetic}")
    if calibrating and a.calibration_n < 1:
        ap.error(f"--calibration-n: give at least 1 spectrum, got {a.calibration_n}")


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid evaluate``: print (and optionally save as JSON) every metric."""
    import argparse
    import json
    import time

    from ..recognizer.inference import load_recognizer

    ap = argparse.ArgumentParser(
        prog="eels-edgeid evaluate", description="Evaluate a recognizer with the paper's metrics."
    )
    ap.add_argument("--weights", default=None,
                    help="model directory (default: the bundled weights; required to calibrate)")  # fmt: skip
    ap.add_argument("--device", default="auto")
    ap.add_argument("--n-synthetic", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20260101, help="seed of the synthetic evaluation set")
    ap.add_argument("--real-dir", default=REAL_DEV_DIR, help="labelled real spectra (skipped when absent)")
    ap.add_argument("--include-bg-subtracted", action="store_true")
    ap.add_argument("--threshold", type=float, default=None, help="global threshold instead of the model's")
    ap.add_argument("--skip", default="", help=f"comma list of parts to skip: {','.join(EVALUATION_PARTS)}")
    ap.add_argument("--json", default=None, help="write all results here")
    ap.add_argument("--no-progressbar", action="store_true")
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help="choose a global threshold on synthetic spectra (seed --calibration-seed) and write it to the model JSON",
    )
    ap.add_argument("--calibration-seed", type=int, default=99)
    ap.add_argument("--calibration-n", type=int, default=2000)
    ap.add_argument("--per-element", action="store_true", help="with --calibrate: one threshold per element")
    ap.add_argument("--calibrate-real", action="store_true",
                    help="choose a global threshold on the real spectra of --real-dir and write it to the model JSON; "
                         "their figures are then calibration, not a test")  # fmt: skip
    ap.add_argument("--rare-threshold", type=float, default=None,
                    help="with --calibrate-real or a global --calibrate: threshold of the elements seldom in specimens "
                         "(evaluation.RARE_IN_SPECIMENS)")  # fmt: skip
    ap.add_argument("--calibrate-end-zone", action="store_true",
                    help="after any threshold calibration, choose the end-zone logit offset on synthetic spectra "
                         "(--calibration-n of the default and of the realistic settings, seed --end-zone-seed) "
                         "and write it to the model JSON")  # fmt: skip
    ap.add_argument("--end-zone-seed", type=int, default=77)
    a = ap.parse_args(argv)
    _check_arguments(ap, a)
    if a.calibrate_real:
        from ..recognizer.model_files import set_thresholds

        rec = load_recognizer(a.weights, a.device)
        chosen, scores = calibrate_threshold_real(rec, a.real_dir, a.include_bg_subtracted, a.rare_threshold)
        if chosen is None:
            ap.error(f"--calibrate-real: no labelled spectra in {a.real_dir}")
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
    if a.calibrate:
        from ..recognizer.model_files import set_thresholds

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
    if a.calibrate_end_zone:
        from ..recognizer.model_files import set_end_zone_offset

        rec = load_recognizer(a.weights, a.device)
        offset, scores = calibrate_end_zone(rec, a.calibration_n, a.end_zone_seed)
        _print_scores("end-zone calibration (mean F1 per logit offset)", scores, "{:.1f}")
        note = (
            f"logit offset subtracted for elements with a principal onset near the labelled window's ends "
            f"(weights.near_window_ends); {offset} maximised the mean F1 on {2 * a.calibration_n} synthetic spectra "
            f"({a.calibration_n} default + {a.calibration_n} realistic SynthesisConfig, seed {a.end_zone_seed}) "
            "at the model's thresholds; not chosen on real spectra"
        )
        _save_calibration(a.weights, set_end_zone_offset, offset, note, f"end-zone logit offset set: {offset}")
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    rec = load_recognizer(a.weights, a.device)
    thr = None if a.threshold is None else np.full(len(rec.elements), a.threshold, dtype=np.float32)
    results: dict = {"weights": str(a.weights or "bundled"), "elements": len(rec.elements)}
    show = False if a.no_progressbar else None
    if "synthetic" not in skip:
        t0 = time.time()
        r = evaluate_synthetic(rec, a.n_synthetic, a.seed, thresholds=thr, show_progressbar=show)
        results["synthetic"] = r
        print(f"synthetic (seed {a.seed}): {_fmt(r['metrics'])}  onset error median {r['onset_error_ev']['median']:.2f} eV "
              f"({time.time() - t0:.0f} s)")  # fmt: skip
        _print_per_element(r["per_element"], minimum=20)
    if "edgefree" not in skip:
        rate = edge_free_false_positive_rate(rec, thresholds=thr)
        results["edge_free_false_positive_rate"] = rate
        print(f"edge-free power laws with any element reported: {rate:.3f}")
    if "confusions" not in skip:
        conf = evaluate_confusions(rec, thresholds=thr)
        results["confusions"] = conf
        print("near-coincident edges (recall; rate reported as the others):")
        for e, v in conf.items():
            print(
                f"  {e:3s} recall {v['recall']:.2f}  "
                + "  ".join(f"as {o} {r:.2f}" for o, r in v["reported_as"].items())
            )
    if "sensitivity" not in skip:
        sens = evaluate_sensitivity(rec, thresholds=thr)
        results["sensitivity"] = sens
        print("sensitivity (Table 4 protocol): element  lowest jump ratio  PSNR   | paper jump ratio  PSNR")
        for e, v in sens.items():
            jr = "-" if v.get("jump_ratio") is None else f"{v['jump_ratio']:.3f}"
            ps = "-" if v.get("psnr") is None else f"{v['psnr']:.2f}"
            pj = "-" if v.get("paper_jump_ratio") is None else f"{v['paper_jump_ratio']:.3f}"
            pp = "-" if v.get("paper_psnr") is None else f"{v['paper_psnr']:.2f}"
            print(f"  {e:3s} {jr:>8s} {ps:>8s}   | {pj:>8s} {pp:>8s}")
    if "real" not in skip:
        real = evaluate_real(rec, a.real_dir, a.include_bg_subtracted, thresholds=thr)
        if real is not None:
            results["real"] = real
            print(f"real dev spectra, all labels:     {_fmt(real['all'])}")
            print(f"real dev spectra, supported only: {_fmt(real['supported_only'])}")
            print(f"real dev spectra, paper's 20:     {_fmt(real['seed20'])}")
            _print_per_element(real["per_element"], minimum=1)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=float)
    return 0
