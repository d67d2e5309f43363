"""The threshold calibration of ``eels-edgeid calibrate --thresholds both``, with decisions made as
``identify_edges`` makes them: on the axis shift the search keeps (``rule.md``).

The network reads every spectrum once per shift of ``SHIFTS_EV`` (25 passes); for each candidate threshold the
decoder decides every shift's evidence again and ``search_shifts`` keeps one decision per spectrum.  Synthetic:
3,000 default spectra of the calibration seed 20261202 (the spectra ``calibrate`` draws; labels with PSNR < 3
don't care).  Real: the dev spectra as ``calibrate`` reads them (``real_predictions``: no spike removal).  The
curves without the search (shift 0 alone) are computed from the same evidence and must reproduce the bundled
calibration.

    python experiments/calibration_search/measure.py > experiments/calibration_search/out.txt
    python experiments/calibration_search/measure.py --weights bundled bundled thick   # an ensemble (here E21)

``--weights``: the model folders read as one ensemble, ``bundled`` and ``thick`` naming the bundled main model and
thick-specimen reader (default: the bundled main model alone).
"""

import argparse
import csv
import dataclasses
import time
from pathlib import Path

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import thick_weights_dir
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.recognizer.shift_search import SHIFTS_EV, search_shifts
from hyperspy_eels_edgeid.synthesis import synthesize_batch
from hyperspy_eels_edgeid.workflows.calibrate import THRESHOLD_CANDIDATES, _best, _with_synthetic, leave_one_material_out
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions

N, SEED, NOTHING = 3000, 20261202, np.float32(2.0)  # 2.0: the network's evidence only, nothing reported


def stack(parts):
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def synthetic(rec):
    """Per shift, the network's evidence on the calibration spectra; their truths and don't-care labels."""
    rng = np.random.default_rng(SEED)
    by_shift, truths, weak = {float(c): [] for c in SHIFTS_EV}, [], []
    for start in range(0, N, 250):
        batch = synthesize_batch(min(250, N - start), None, rng)
        t, _, _, raw = predict_batch(rec, batch, NOTHING, min_psnr=MIN_PSNR)
        truths += t
        labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] < MIN_PSNR)]
        weak += [{str(e) for e in labels["element"][labels["spectrum"] == i]} for i in range(len(batch))]
        for c in SHIFTS_EV:
            if c == 0.0:
                by_shift[0.0].append(raw.evidence)
                continue
            moved = dataclasses.replace(batch, parameters=dict(batch.parameters))
            moved.parameters["offset"] = batch.parameters["offset"] + c
            by_shift[float(c)].append(rec.predict_resampled(*resample_batch(moved, rec.grid), thresholds=NOTHING).evidence)
    return {c: stack(v) for c, v in by_shift.items()}, truths, weak


def real(rec):
    """Per shift, the network's evidence on the dev spectra (read as ``real_predictions`` reads them)."""
    rows = [r for r in csv.DictReader(open(Path(REAL_DEV_DIR) / "manifest.csv")) if r.get("background_subtracted") != "yes"]
    by_shift = {float(c): [] for c in SHIFTS_EV}
    for row in rows:
        data = np.loadtxt(Path(REAL_DEV_DIR) / row["file"], delimiter=",", skiprows=1)
        data = data[np.argsort(data[:, 0])]
        keep = np.concatenate([[True], np.diff(data[:, 0]) > 0])
        for c in SHIFTS_EV:
            by_shift[float(c)].append(rec.predict(data[keep, 0] + c, data[keep, 1][None], thresholds=NOTHING).evidence)
    return {c: stack(v) for c, v in by_shift.items()}


def reported_sets(rec, by_shift, t, search):
    """Per spectrum, the elements reported at threshold t, with or without the search."""
    decided = {c: rec.decide(ev, thresholds=t) for c, ev in by_shift.items()} if search else {0.0: rec.decide(by_shift[0.0], thresholds=t)}
    pred = search_shifts(rec, lambda c: decided[c], t)[1] if search else decided[0.0]
    hit = (pred.probabilities >= np.float32(t)) & pred.observable
    return [{rec.elements[k] for k in np.flatnonzero(row)} for row in hit]


def fmt(m):
    return f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} exact={m['exact']:.3f}"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", nargs="+", default=["bundled"])
    named = {"bundled": None, "thick": str(thick_weights_dir())}
    weights = tuple(named.get(w, w) for w in ap.parse_args(argv).weights)
    torch.set_num_threads(2)
    rec = load_recognizer(weights[0] if len(weights) == 1 else weights, device="cpu")
    t0 = time.time()
    dev = real_predictions(rec, REAL_DEV_DIR, False)
    truths_r = [r["truth"] for r in dev]
    dont_care = [r["dont_care"] for r in dev]
    materials = [r["material"] for r in dev]
    ev_real = real(rec)
    ev_syn, truths_s, weak = synthetic(rec)
    print(f"# evidence read in {time.time() - t0:.0f} s ({len(dev)} dev spectra, {N} synthetic, {len(SHIFTS_EV)} shifts)")
    for search in (False, True):
        syn_scores, real_sets = {}, {}
        for t in THRESHOLD_CANDIDATES:
            pred = [p - w for p, w in zip(reported_sets(rec, ev_syn, t, search), weak)]
            syn_scores[t] = set_metrics(truths_s, pred)["f1"]
            real_sets[t] = reported_sets(rec, ev_real, t, search)
        real_scores = {t: set_metrics(truths_r, s, dont_care)["f1"] for t, s in real_sets.items()}
        best = _best(_with_synthetic(real_scores, [syn_scores]))
        cv = leave_one_material_out(truths_r, dont_care, materials, real_sets, [syn_scores])
        print(f"\n## {'with' if search else 'without'} the shift search")
        print("synthetic F1 per threshold: " + ", ".join(f"{t:.2f}:{f:.4f}" for t, f in syn_scores.items()))
        print("dev mean F1 per threshold:  " + ", ".join(f"{t:.2f}:{f:.4f}" for t, f in real_scores.items()))
        print(f"chosen (both): {best}")
        print(f"in-sample at {best}: {fmt(set_metrics(truths_r, real_sets[best], dont_care))}")
        print(f"in-sample at 0.35: {fmt(set_metrics(truths_r, real_sets[0.35], dont_care))}")
        print(f"leave-one-material-out: {fmt(cv['metrics'])} (thresholds chosen: {sorted(set(cv['thresholds'].values()))})")
        for r, s in zip(dev, real_sets[0.35]):
            if s != r["truth"]:
                print(f"  at 0.35 {r['id']}: truth {sorted(r['truth'])}, reported {sorted(s)}")
    print(f"# done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
