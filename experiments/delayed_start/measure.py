"""Where do the bundled model's delayed M4,5 elements go wrong: by the distance of their edge from the window's start.

A diagnostic. Default synthetic spectra (``SynthesisConfig()``, seed given, PSNR < 3 don't care), the bundled model
and decoder at its threshold. For every reported element, and every labelled one, the distance from the first
measured energy to the tabulated principal onset nearest the detected (or labelled) one, binned; per family of
that edge (delayed M4,5 of Kr-Sn and Hf-Am, everything else), the reported elements that are true and false, and
the labelled ones that are missed.

Usage: python experiments/delayed_start/measure.py [--n 5000] [--seed 777]
"""

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

BINS = (0.0, 15.0, 20.0, 25.0, 30.0, 40.0, 60.0, np.inf)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=777)
    args = ap.parse_args()
    rec = load_recognizer(None, device="cpu")
    table, families = rec.decoder.principal_table, rec.decoder.principal_families
    index = {e: k for k, e in enumerate(rec.elements)}
    delayed = FAMILIES.index("M45")
    counts = collections.defaultdict(collections.Counter)
    rng = np.random.default_rng(args.seed)
    for start in range(0, args.n, 1000):
        batch = synthesize_batch(min(1000, args.n - start), SynthesisConfig(), rng)
        truth, pred, _, prediction = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        for i, (t, p) in enumerate(zip(truth, pred)):
            first = float(batch.energy_axis(i)[0])
            for element in p | t:
                k = index[element]
                onsets = table[k]
                detected = prediction.onsets[i, k]
                ref = detected if np.isfinite(detected) else np.nanmin(onsets[onsets >= first], initial=np.nan)
                if not np.isfinite(ref):
                    continue
                m = int(np.nanargmin(np.abs(onsets - ref)))
                family = "delayed M4,5" if families[k, m] == delayed else "other"
                distance = onsets[m] - first
                b = int(np.searchsorted(BINS, distance, side="right")) - 1
                label = "true" if element in p and element in t else "false" if element in p else "missed"
                counts[(family, b)][label] += 1
    print(f"bundled model, {args.n} default spectra, seed {args.seed}, threshold {rec.thresholds if np.isscalar(rec.thresholds) else 'per element'}")
    for family in ("delayed M4,5", "other"):
        for b in range(len(BINS) - 1):
            c = counts[(family, b)]
            reported = c["true"] + c["false"]
            if reported + c["missed"] == 0:
                continue
            print(f"{family:13s} onset {BINS[b]:4.0f}-{BINS[b + 1]:4.0f} eV after the start: reported {reported:5d} "
                  f"(false {c['false']:4d}, precision {c['true'] / max(reported, 1):.3f}), missed {c['missed']:4d}")


if __name__ == "__main__":
    main()
