"""How much of the synthetic F1 gap is weak edges? The bundled model scored with other "don't care" cuts.

The benchmark counts a labelled element whose principal edge has a PSNR below 3 as "don't care". Here the
same spectra (seed fixed, so the draws do not change with the cut) are scored with the cut at 3, 5, 10 and
20, the bundled decoder and threshold: if F1 rises far towards 0.95 as the cut rises, the remaining misses
are mostly edges near the noise, which more capacity would not find; if it stays, they are not. Also the
recall of true elements by PSNR bin (cut 3). A diagnostic: nothing is chosen on it.

Usage: python experiments/psnr_ceiling/measure.py [--model DIR] [--n 3000] [--seed 20261202]
"""

from __future__ import annotations

import argparse

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import evaluate_synthetic, predict_batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    print(f"model {a.model or 'bundled'}, {a.n} default spectra, seed {a.seed}, threshold {rec.thresholds[0]:.2f}")
    for cut in (3.0, 5.0, 10.0, 20.0):
        m = evaluate_synthetic(rec, a.n, a.seed, min_psnr=cut, show_progressbar=False, shift_search=False)["metrics"]
        print(f"don't care below PSNR {cut:4.0f}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
              f"exact {m['exact']:.3f}")
    # recall of labelled elements by their principal edge's PSNR (the same spectra: same seed, same draws)
    bins = [3, 5, 10, 20, 50, 100, np.inf]
    found, total = np.zeros(len(bins) - 1), np.zeros(len(bins) - 1)
    rng = np.random.default_rng(a.seed)
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), SynthesisConfig(), rng)
        truths, predicted, _, _ = predict_batch(rec, batch, rec.thresholds)
        e = batch.edges[batch.edges["is_label"]]
        for i, (truth, pred) in enumerate(zip(truths, predicted)):
            for el, psnr in zip(e["element"][e["spectrum"] == i], e["psnr"][e["spectrum"] == i]):
                b = np.searchsorted(bins, psnr, side="right") - 1
                if str(el) in truth and 0 <= b < len(total):
                    total[b] += 1
                    found[b] += str(el) in pred
    for b in range(len(total)):
        print(f"PSNR {bins[b]:>4}-{bins[b + 1]:<4}: labelled {int(total[b]):5d}, reported {found[b] / max(total[b], 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
