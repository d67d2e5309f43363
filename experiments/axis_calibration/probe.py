"""The window-end rule judged on the axis the spectrum's sure edges show, against the table's (decoder only).

Runs the bundled network once on 3,000 default synthetic spectra (seed 20261202, the calibration seed) and
3,000 ``SynthesisConfig.realistic()`` ones (seed 20261206), keeping each spectrum's drawn axis shift and
expansion, then decides at the bundled threshold with:

* ``table``: the bundled decoder (rule 2 judges exspy's onset);
* ``A``: ``axis_anchor_log_odds`` 2 (rule 2 judges the tabulated onset moved by the shift of the nearest other
  element of log-odds >= 2);
* ``A + residuals``: the same, and rule 3's residual penalty measured from the shifted table (for information);
* ``oracle``: rule 2 judges the tabulated onset moved by the drawn shift and expansion (the best any estimate
  of the axis could do; for information).

Prints P / R / F1 / exact per set and variant, and how many labels each variant misses by the window-end rule.
Command: ``python experiments/axis_calibration/probe.py`` (about 2 min on the 2-core machine).
"""

from __future__ import annotations

import argparse
import dataclasses

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def evidence_with_axes(rec, n, seed, config):
    rng = np.random.default_rng(seed)
    ev, truths, weak, shift, expansion = [], [], [], [], []
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), config, rng)
        t, _, _, raw = predict_batch(rec, batch, np.float32(2.0), min_psnr=MIN_PSNR)
        ev.append(raw.evidence)
        truths += t
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
        weak += [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
        shift.append(batch.parameters["shift"])
        expansion.append(batch.parameters["expansion"])
    ev = {k: np.concatenate([e[k] for e in ev]) for k in ev[0]}
    return ev, truths, weak, np.concatenate(shift), np.concatenate(expansion)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--anchor-log-odds", type=float, default=2.0)
    a = ap.parse_args(argv)
    rec = load_recognizer(device="cpu")
    threshold = float(np.asarray(rec.thresholds).max())
    base = rec.decoder.settings
    variants = {
        "table": base,
        "A": dataclasses.replace(base, axis_anchor_log_odds=a.anchor_log_odds),
        "A + residuals": dataclasses.replace(base, axis_anchor_log_odds=a.anchor_log_odds, axis_shift_residuals=True),
        "oracle": base,
    }
    onsets = [np.asarray(o) for o in rec.metadata["onsets"]]
    for name, n, seed, config in (
        ("default", a.n, 20261202, SynthesisConfig()),
        ("realistic", a.n, 20261206, SynthesisConfig.realistic()),
    ):
        ev, truths, weak, shift, expansion = evidence_with_axes(rec, n, seed, config)
        print(f"{name} ({n} spectra, seed {seed}), threshold {threshold}")
        for label, settings in variants.items():
            dec = ElementDecoder(rec.elements, onsets, threshold, settings, step_energy=rec.step_energy)
            axis = None
            if label == "oracle":
                table = ev["onsets"] - dec.residuals(np.where(ev["observable"], ev["onsets"], 0.0))
                axis = shift[:, None] + expansion[:, None] * table  # recorded E = E_true (1 + x) + shift
            d = dec.decide(ev["logits"], ev["onsets"], ev["observable"], ev["window_start"], ev["window_end"],
                           family_share=ev.get("family_share"), companion_support=ev.get("companion_support"),
                           axis_shift=axis)
            rep = d.reported(threshold)
            pred = [{rec.elements[k] for k in np.flatnonzero(r)} - w for r, w in zip(rep, weak)]
            m = set_metrics(truths, pred)
            index = {e: k for k, e in enumerate(rec.elements)}
            unjudged = sum(not d.observable[i, index[e]] for i, t in enumerate(truths) for e in t)
            print(f"  {label:14s} P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} exact {m['exact']:.4f}"
                  f"  true elements not judged {unjudged}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
