"""The paper's metrics of a set of predictions (Kong, Ji & Xin, "Prediction Validation").

With the conventions of the real-spectra benchmark for empty sets:

* per spectrum: precision = NEc / NEp, recall = NEc / NEr, F1 their harmonic
  mean (averaged over spectra); with no prediction, precision is 1 if there
  is nothing to find and 0 otherwise; with nothing to find, recall is 1;
* exact accuracy: share of spectra whose predicted set equals the truth;
* recognition accuracy: share of spectra whose truth is contained in the
  prediction;
* per-element precision and recall over all spectra.

Examples
--------
>>> from hyperspy_eels_edgeid.workflows.metrics import set_metrics
>>> m = set_metrics([{"Fe", "O"}, {"C"}], [{"Fe", "O"}, {"C", "N"}])
>>> round(m["f1"], 3), m["exact"], m["recognition"]
(0.833, 0.5, 1.0)
"""

from __future__ import annotations

import numpy as np

__all__ = ["prf", "set_metrics", "per_element_metrics"]


def prf(tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    """Precision, recall, F1 of one spectrum (benchmark conventions for empty sets).

    Parameters
    ----------
    tp : int
        Elements both true and predicted.
    n_pred : int
        Elements predicted.
    n_true : int
        Elements true.

    Returns
    -------
    precision, recall, f1 : float

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.metrics import prf
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

    Parameters
    ----------
    truth, pred : list of set of str
        Elements present / predicted, per spectrum.
    elements : list of str
        The elements to report.

    Returns
    -------
    dict
        ``{element: {"precision", "recall", "support", "predicted"}}``.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.metrics import per_element_metrics
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
