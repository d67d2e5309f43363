"""The labelled real development spectra under everyday changes of the same measurement.

Each dev spectrum (``workflows.real_spectra``, the benchmark's rules, the bundled model and threshold) is
changed, and scored again: binned by 2 and by 4 (coarser channels, the counts summed), its axis shifted by
-5 and +5 eV (a miscalibration), Poisson noise of a spectrum with 10x fewer counts (the counts scaled so
that the median channel holds 1,000, then thinned; spectra stay in counts). (Cutting the window's start
is not among them: the manifest's truth would still list edges cut away.) Reported: F1 / precision / exact and the false elements. A robustness check; nothing is chosen
on it and nothing is trained on these spectra.

Usage: python experiments/dev_robustness/measure.py [--model DIR] [--shifts -20 -10 10 20]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions, score_real


def binned(k):
    def change(energy, y, rng):
        n = (y.size // k) * k
        return energy[:n].reshape(-1, k).mean(axis=1), y[:n].reshape(-1, k).sum(axis=1)
    return change


def shifted(d):
    return lambda energy, y, rng: (energy + d, y)


def fewer_counts(energy, y, rng):
    scale = 1000.0 / max(np.median(y), 1e-9)
    return energy, rng.poisson(np.clip(y * scale, 0, None) / 10.0).astype(float)


CHANGES = {
    "as measured": lambda energy, y, rng: (energy, y),
    "binned by 2": binned(2), "binned by 4": binned(4),
    "axis -5 eV": shifted(-5.0), "axis +5 eV": shifted(5.0),
    "10x fewer counts (Poisson)": fewer_counts,
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--shifts", type=float, nargs="*", default=None,
                    help="score only these axis shifts (eV) instead of the changes above")
    a = ap.parse_args(argv)
    changes = CHANGES if a.shifts is None else {f"axis {d:+g} eV": shifted(d) for d in a.shifts}
    rec = load_recognizer(a.model, device="cpu")
    predict = rec.predict
    print(f"model {a.model or 'bundled'}, dev spectra, threshold {rec.thresholds[0]:.2f}")
    for name, change in changes.items():
        rng = np.random.default_rng(5)

        def changed(energy, spectra, **kw):
            e, y = change(np.asarray(energy, float), np.asarray(spectra, float)[0], rng)
            return predict(e, y[None], **kw)

        rec.predict = changed
        preds = real_predictions(rec, REAL_DEV_DIR, include_bg_subtracted=False)
        rec.predict = predict
        m = score_real(preds, rec.elements, rec.thresholds)["all"]
        false, missed = collections.Counter(), collections.Counter()
        for p in preds:
            got = {rec.elements[k] for k in np.flatnonzero(p["probabilities"] >= rec.thresholds)}
            false.update(got - p["truth"] - p["dont_care"])
            missed.update(p["truth"] - got)
        print(f"  {name:28s} F1 {m['f1']:.3f} precision {m['precision']:.3f} exact {m['exact']:.3f}; "
              f"false {dict(false)}; missed {dict(missed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
