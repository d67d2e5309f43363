"""Ablation of the element decoder's rules on a trained network (the figures of the model card's ablation table).

The network is run once per spectrum; each row of the table decides again
from the same evidence with some of the decoder's rules switched off (every
other setting as in the model's JSON), so the rows differ only in the
decision.  For each row:

* real development spectra (``../shared/real_spectra_dev``): the threshold
  chosen on all of them (in-sample, a calibration figure) and
  leave-one-material-out cross-validation (choose on the other materials,
  score the held one);
* synthetic spectra of the default ``SynthesisConfig`` (uniform element
  draws) and of the same settings with elements drawn by the decoder's
  prior, ``--n`` each, at that row's in-sample threshold; a labelled element
  whose edge has a PSNR below 3 is "don't care";
* edge-free power laws over random windows: share with any element reported;
* the default synthetic spectra again, at the threshold chosen on them
  (the best mean F1 of the candidates; no real spectrum involved);
* the median onset error (eV) of the true positives on the default synthetic
  spectra, below and above 1000 eV.

A model with an edge head gets more rows: the shape term at each
``--family-weights`` value, then the companion term at each
``--companion-weights`` value on top of the shape term at weight 1, then
the full decoder at each ``--shared-edge-log-odds`` value (the rows before
it never let two elements share a detected edge; see
:mod:`hyperspy_eels_edgeid.recognizer.decoder`).

Usage::

    python scripts/decoder_ablation.py --n 10000 --json ablation.json
    python scripts/decoder_ablation.py --model runs/eq_edge --family-weights 0.5 1 2 --n 3000
"""

from __future__ import annotations

import argparse
import dataclasses
import json

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.priors import prior_log_odds
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.calibrate import THRESHOLD_CANDIDATES, leave_one_material_out
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, synthetic_evidence
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions

OFF = dict(
    prior_step=0.0, same_edge_ev=0.0, same_edge_rel=0.0, pre_edge_ev=0.0, post_edge_ev=0.0,
    post_edge_white_line_ev=0.0, pre_edge_white_line_ev=None, pre_edge_delayed_ev=None, post_edge_delayed_ev=None,
    defer_to_unjudged_ev=None, family_weight=0.0, companion_weight=0.0, shared_edge_log_odds=100.0,
)  # fmt: skip
WINDOW_END = (
    "pre_edge_ev", "post_edge_ev", "post_edge_white_line_ev", "pre_edge_white_line_ev", "pre_edge_delayed_ev",
    "post_edge_delayed_ev", "defer_to_unjudged_ev",
)  # fmt: skip
NO_SHARING = dict(shared_edge_log_odds=100.0)
ROWS = {
    "network only": OFF,
    "+ window-end rule": {k: v for k, v in OFF.items() if k not in WINDOW_END},
    "+ prior": dict(NO_SHARING, same_edge_ev=0.0, same_edge_rel=0.0, family_weight=0.0, companion_weight=0.0),
    "+ one element per edge": dict(NO_SHARING, family_weight=0.0, companion_weight=0.0),
}


def decide(decoder, evidence, threshold):
    return decoder.with_thresholds(threshold).decide_evidence(evidence)


def reported(rec, decoder, evidence, threshold):
    return [{rec.elements[k] for k in np.flatnonzero(row)} for row in decide(decoder, evidence, threshold).reported(threshold)]


def onset_errors(rec, n: int, seed: int) -> dict:
    """Median |detected - true| onset (eV) of labelled elements the network sees, below and above 1000 eV."""
    rng = np.random.default_rng(seed)
    errors = {"below 1000 eV": [], "above 1000 eV": []}
    index = {e: k for k, e in enumerate(rec.elements)}
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), SynthesisConfig(), rng)
        pred = rec.predict_resampled(*resample_batch(batch, rec.grid))
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] >= MIN_PSNR)]
        for row in labels:
            k = index.get(str(row["element"]))
            if k is not None and pred.evidence["observable"][row["spectrum"], k]:
                error = abs(float(pred.evidence["onsets"][row["spectrum"], k]) - float(row["onset"]))
                errors["below 1000 eV" if row["onset"] < 1000 else "above 1000 eV"].append(error)
    return {k: float(np.median(v)) if v else float("nan") for k, v in errors.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000, help="synthetic spectra per distribution")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--real-dir", default=REAL_DEV_DIR)
    ap.add_argument("--json", default=None)
    ap.add_argument("--model", default=None, help="model directory (default: the bundled model)")
    ap.add_argument("--family-weights", type=float, nargs="*", default=[0.5, 1.0, 2.0],
                    help="shape-term weights to try (models with an edge head)")  # fmt: skip
    ap.add_argument("--companion-weights", type=float, nargs="*", default=[0.5, 1.0, 2.0],
                    help="companion-term weights to try with the shape term at 1 (models with an edge head)")  # fmt: skip
    ap.add_argument("--shared-edge-log-odds", type=float, nargs="*", default=[2.0, 1.0, 0.5],
                    help="shared_edge_log_odds to try with both terms at 1 (models with an edge head)")  # fmt: skip
    ap.add_argument("--pool-shared-edges", action="store_true",
                    help="add a row of the full decoder with pool_shared_edges")  # fmt: skip
    ap.add_argument("--near-edge-log-odds", type=float, nargs="*", default=[],
                    help="near_edge_log_odds to try with the full decoder and near_edge_ev 50")  # fmt: skip
    ap.add_argument("--same-edge-rel", type=float, nargs="*", default=[],
                    help="same_edge_rel values to try with the full decoder (same_edge_ev unchanged)")  # fmt: skip
    ap.add_argument("--prior-steps", type=float, nargs="*", default=[],
                    help="prior_step values to try with the full decoder; also chosen jointly with the threshold "
                         "by leave-one-material-out")  # fmt: skip
    ap.add_argument("--window-onset-tolerances", type=float, nargs="*", default=[],
                    help="window_onset_tolerance_ev values to try with the full decoder")  # fmt: skip
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    real = real_predictions(rec, a.real_dir, False)
    truths = [r["truth"] for r in real]
    dont_care = [r["dont_care"] for r in real]
    materials = [r["material"] for r in real]
    real_evidence = {k: np.concatenate([r["evidence"][k] for r in real]) for k in real[0]["evidence"]}
    weights = dict(zip(rec.elements, np.exp(prior_log_odds(rec.elements)).tolist()))
    sets = {
        "synthetic (default)": synthetic_evidence(rec, a.n, a.seed, SynthesisConfig()),
        "synthetic (elements by the prior)": synthetic_evidence(rec, a.n, a.seed + 1, SynthesisConfig(element_weights=weights)),
        "edge-free": synthetic_evidence(rec, min(a.n, 1000), a.seed + 2, SynthesisConfig(n_elements_probabilities=(1.0,))),
    }
    rows = dict(ROWS)
    if "family_share" in real_evidence:
        for w in a.family_weights:
            rows[f"+ shape term (family_weight {w:g})"] = dict(NO_SHARING, family_weight=w, companion_weight=0.0)
        for w in a.companion_weights:
            rows[f"+ shape term 1 + companion term (companion_weight {w:g})"] = dict(
                NO_SHARING, family_weight=1.0, companion_weight=w
            )
        for v in a.shared_edge_log_odds:
            rows[f"+ both terms 1 + sure elements share a step (shared_edge_log_odds {v:g})"] = dict(
                shared_edge_log_odds=v
            )
    if a.pool_shared_edges:
        rows["full decoder, pooling an edge's owners"] = dict(pool_shared_edges=True)
    for v in a.near_edge_log_odds:
        rows[f"full decoder, near-edge penalty {v:g} (50 eV)"] = dict(near_edge_ev=50.0, near_edge_log_odds=v)
    for v in a.same_edge_rel:
        rows[f"full decoder, same_edge_rel {v:g}"] = dict(same_edge_rel=v)
    for v in a.window_onset_tolerances:
        rows[f"full decoder, window_onset_tolerance_ev {v:g}"] = dict(window_onset_tolerance_ev=v)
    for v in a.prior_steps:
        rows[f"full decoder, prior_step {v:g}"] = dict(prior_step=v)
    out = {"onset_error": onset_errors(rec, min(a.n, 2000), a.seed + 3)}
    joint = {}  # (prior_step, threshold) -> per-spectrum reported sets on the dev spectra
    print(f"median onset error (eV): {out['onset_error']}", flush=True)
    for name, overrides in rows.items():
        settings = dataclasses.replace(rec.decoder.settings, **overrides)
        decoder = ElementDecoder(
            rec.elements, [np.asarray(o) for o in rec.metadata["onsets"]], 0.5, settings, step_energy=rec.step_energy
        )
        by_threshold = {c: reported(rec, decoder, real_evidence, c) for c in THRESHOLD_CANDIDATES}
        if name.startswith("full decoder, prior_step"):
            joint.update({(settings.prior_step, c): sets for c, sets in by_threshold.items()})
        scores = {c: set_metrics(truths, s, dont_care)["f1"] for c, s in by_threshold.items()}
        best = max(scores, key=lambda c: (round(scores[c], 6), c))
        row = {
            "threshold": best,
            "dev_in_sample": set_metrics(truths, by_threshold[best], dont_care),
            "dev_leave_one_material_out": leave_one_material_out(truths, dont_care, materials, by_threshold),
        }
        # the default synthetic spectra at every candidate threshold (no real spectrum involved)
        evidence, t, weak = sets["synthetic (default)"]
        on_synthetic = {
            c: set_metrics(t, [p - w for p, w in zip(reported(rec, decoder, evidence, c), weak)])
            for c in THRESHOLD_CANDIDATES
        }
        for set_name, (evidence, t, weak) in sets.items():
            if set_name == "synthetic (default)":
                row[set_name] = on_synthetic[best]
                continue
            pred = [p - w for p, w in zip(reported(rec, decoder, evidence, best), weak)]
            if set_name == "edge-free":
                row[set_name] = float(np.mean([len(p) > 0 for p in pred]))
            else:
                row[set_name] = set_metrics(t, pred)
        best_synthetic = max(on_synthetic, key=lambda c: (round(on_synthetic[c]["f1"], 6), c))
        row["synthetic, threshold chosen on it"] = {"threshold": best_synthetic, **on_synthetic[best_synthetic]}
        out[name] = row
        f = lambda m: f"P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} exact {m['exact']:.3f}"  # noqa: E731
        cv = row["dev_leave_one_material_out"]
        print(f"{name}: threshold {best}; dev in-sample {f(row['dev_in_sample'])}; leave-one-material-out "
              f"{f(cv['metrics'])}; synthetic {f(row['synthetic (default)'])}; by prior "
              f"{f(row['synthetic (elements by the prior)'])}; edge-free {row['edge-free']:.3f}; synthetic at its own "
              f"threshold {best_synthetic}: {f(row['synthetic, threshold chosen on it'])}", flush=True)
    if joint:
        cv = leave_one_material_out(truths, dont_care, materials, joint)
        in_sample = {c: set_metrics(truths, sets, dont_care)["f1"] for c, sets in joint.items()}
        best = max(in_sample, key=lambda c: (round(in_sample[c], 6), c))  # ties as calibrate: the larger
        out["joint prior_step and threshold"] = {"in_sample_choice": best, "in_sample_f1": in_sample[best], **cv}
        m = cv["metrics"]
        print(f"prior_step and threshold chosen jointly: in-sample choice {best} (F1 {in_sample[best]:.3f}); "
              f"leave-one-material-out P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
              f"exact {m['exact']:.3f}, chosen {cv['thresholds']}", flush=True)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"model": a.model or "bundled", "n": a.n, "seed": a.seed, "rows": out}, fh, indent=1, default=float)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
