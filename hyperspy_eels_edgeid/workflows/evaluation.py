"""Evaluate a recognizer with the paper's metrics (``eels-edgeid evaluate``); it measures and writes nothing.

The metrics are in :mod:`.metrics`, the protocols in :mod:`.protocols`;
choosing thresholds is ``eels-edgeid calibrate`` (:mod:`.calibrate`).

Examples
--------
::

    eels-edgeid evaluate --weights runs/model --skip sensitivity --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from ..recognizer.loading import load_recognizer
from .protocols import edge_free_false_positive_rate, evaluate_confusions, evaluate_sensitivity, evaluate_synthetic
from .real_spectra import REAL_DEV_DIR, evaluate_real

__all__ = ["EVALUATION_PARTS", "main"]

#: Parts of ``eels-edgeid evaluate`` that ``--skip`` may name.
EVALUATION_PARTS = ("synthetic", "confusions", "sensitivity", "real", "edgefree")


def _fmt(m: dict) -> str:
    return (f"n={m['n']}  P={m['precision']:.3f}  R={m['recall']:.3f}  F1={m['f1']:.3f}  "
            f"exact={m['exact']:.3f}  recognition={m['recognition']:.3f}")  # fmt: skip


def _print_per_element(per_element: dict, minimum: int) -> None:
    """The eight lowest per-element recalls and precisions (over at least `minimum` spectra); the rest is in --json."""
    for name, count in (("recall", "support"), ("precision", "predicted")):
        worst = sorted((v[name], e) for e, v in per_element.items() if v[count] >= minimum)[:8]
        if worst:  # none in small runs: no element reaches `minimum`
            print(f"  lowest per-element {name}: " + ", ".join(f"{e} {v:.2f}" for v, e in worst))


def _strict_json(value):
    """`value` with NaN and infinities as None (null), which strict JSON parsers accept."""
    if isinstance(value, dict):
        return {k: _strict_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict_json(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value.item() if isinstance(value, np.generic) else value


def _check_arguments(ap, a) -> None:
    """Refuse option values that would give meaningless figures."""
    if a.threshold is not None and not 0.0 < a.threshold <= 1.0:
        ap.error(f"--threshold: give a probability in (0, 1], got {a.threshold}")
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    if skip - set(EVALUATION_PARTS):
        ap.error(f"--skip: unknown part(s) {', '.join(sorted(skip - set(EVALUATION_PARTS)))}; "
                 f"choose from {', '.join(EVALUATION_PARTS)}")  # fmt: skip
    if "synthetic" not in skip and a.n_synthetic < 1:
        ap.error(f"--n-synthetic: give at least 1 spectrum (the model card uses 10000), got {a.n_synthetic}")
    folder = os.path.dirname(os.path.abspath(a.json)) if a.json else None
    if folder and not (os.path.isdir(folder) and os.access(folder, os.W_OK)):  # known before the hours of measuring
        ap.error(f"--json: cannot write into {folder} (it does not exist or is not writable)")


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid evaluate``: print (and optionally save as JSON) every metric.

    Parameters
    ----------
    argv : list of str, optional
        Which model, which parts (``--skip``), where to save (``--json``); default: the command line.

    Returns
    -------
    int
        0 when every part asked for ran.
    """
    ap = argparse.ArgumentParser(
        prog="eels-edgeid evaluate", description="Evaluate a recognizer with the paper's metrics (writes nothing "
        "but --json; eels-edgeid calibrate chooses thresholds)."
    )
    ap.add_argument("--weights", default=None, nargs="+",
                    help="model directory, or several read as one ensemble (default: the bundled weights)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--n-synthetic", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20260101, help="seed of the synthetic evaluation set")
    ap.add_argument("--real-dir", default=REAL_DEV_DIR, help="labelled real spectra (skipped when absent)")
    ap.add_argument("--include-bg-subtracted", action="store_true")
    ap.add_argument("--threshold", type=float, default=None, help="global threshold instead of the model's")
    ap.add_argument("--skip", default="", help=f"comma list of parts to skip: {','.join(EVALUATION_PARTS)}")
    ap.add_argument("--json", default=None, help="write all results here")
    ap.add_argument("--no-progressbar", action="store_true")
    ap.add_argument("--no-shift-search", action="store_true",
                    help="decide the synthetic and edge-free spectra on their recorded axes (identify_edges(shift_search=False))")
    a = ap.parse_args(argv)
    _check_arguments(ap, a)
    skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    rec = load_recognizer(a.weights, a.device)
    thr = None if a.threshold is None else np.full(len(rec.elements), a.threshold, dtype=np.float32)
    results: dict = {"weights": " + ".join(a.weights) if a.weights else "bundled", "elements": len(rec.elements)}
    show = False if a.no_progressbar else None
    if "synthetic" not in skip:
        t0 = time.time()
        r = evaluate_synthetic(rec, a.n_synthetic, a.seed, thresholds=thr, show_progressbar=show,
                               shift_search=not a.no_shift_search)  # fmt: skip
        results["synthetic"] = r
        print(f"synthetic (seed {a.seed}): {_fmt(r['metrics'])}  onset error median {r['onset_error_ev']['median']:.2f} eV "
              f"({time.time() - t0:.0f} s)")  # fmt: skip
        _print_per_element(r["per_element"], minimum=20)
    if "edgefree" not in skip:
        rate = edge_free_false_positive_rate(rec, thresholds=thr, shift_search=not a.no_shift_search)
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
            json.dump(_strict_json(results), f, indent=1, allow_nan=False)
    return 0
