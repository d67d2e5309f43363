"""The labelled real development spectra with spikes added: how much of the dev score survives?

Each dev spectrum (``workflows.real_spectra``, the benchmark's rules, the model's thresholds) gets
`n` spikes (one channel raised by 0.5-20 times its value, log-uniform), `--repeats` times with different
spikes; reported: the mean per-spectrum F1 / precision / exact over the repeats, and the false elements.
A robustness check of a model; nothing is chosen on it and nothing is trained on these spectra.

Usage: python experiments/spikes/dev_spikes.py [--model DIR] [--repeats 10] [--despike]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
from hyperspy_eels_edgeid.workflows.real_spectra import REAL_DEV_DIR, real_predictions, score_real

from common import add_removal_options, configured_removal  # this folder


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--despike", action="store_true", help="remove_spikes before the network")
    add_removal_options(ap)
    a = ap.parse_args(argv)
    global remove_spikes
    remove_spikes = configured_removal(a)
    rec = load_recognizer(a.model, device="cpu")
    predict = rec.predict
    print(f"model {a.model or 'bundled'}, dev spectra, {a.repeats} repeats, threshold {rec.thresholds[0]:.2f}"
          f"{', spikes removed before the network' if a.despike else ''}")
    for n in (0, 1, 3):
        rows, false = [], collections.Counter()
        sets = []
        for repeat in range(a.repeats if n else 1):
            rng = np.random.default_rng([repeat, n])

            def spiked(energy, spectra, **kw):
                spectra = np.array(spectra, dtype=float)
                for row in spectra:
                    for c in rng.integers(0, row.size, n):
                        row[c] += np.exp(rng.uniform(np.log(0.5), np.log(20.0))) * abs(row[c])
                return predict(energy, remove_spikes(energy, spectra) if a.despike else spectra, **kw)

            rec.predict = spiked
            preds = real_predictions(rec, REAL_DEV_DIR, include_bg_subtracted=False)
            rec.predict = predict
            m = score_real(preds, rec.elements, rec.thresholds)["all"]
            rows.append((m["f1"], m["precision"], m["exact"]))
            for p in preds:
                got = {rec.elements[k] for k in np.flatnonzero(p["probabilities"] >= rec.thresholds)}
                false.update(got - p["truth"] - p["dont_care"])
                sets.append((p["id"], sorted(got)))
        f1, precision, exact = np.mean(rows, axis=0)
        print(f"  {n} spikes per spectrum: F1 {f1:.3f} precision {precision:.3f} exact {exact:.3f}; "
              f"false (all repeats) {dict(false.most_common(10))}")
        if n == 0:
            print("    reported sets:", "; ".join(f"{i}: {','.join(g)}" for i, g in sets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
