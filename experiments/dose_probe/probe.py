"""Do false elements rise with the dose? The same synthetic draws read at fixed counts per channel (a diagnostic).

Real modern spectra (counted detectors, summed frames) reach far higher counts than the development spectra, and near-
edge structure then stands far above the noise.  Each level reads the same `realistic()` draws (same seed: the counts
range is the only change, so every other draw repeats) with the counts per channel at the window start fixed, with the
axis shift search as ``identify_edges`` decides; labels below PSNR 3 are "don't care".

Usage: ``python experiments/dose_probe/probe.py --reader stage20|E3 [--n 1000] [--seed 44000]``
"""

from __future__ import annotations

import argparse
import collections

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", choices=("stage20", "E3"), default="stage20")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=44000)
    ap.add_argument("--levels", type=float, nargs="+", default=[1e3, 1e4, 1e5, 1e6, 1e7])
    ap.add_argument("--default-config", action="store_true", help="SynthesisConfig() instead of realistic()")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    bundled = default_weights_dir()
    paths = bundled if a.reader == "stage20" else [bundled, bundled / "branching", bundled / "thick"]
    rec = load_recognizer(paths, device="cpu")
    base = SynthesisConfig() if a.default_config else SynthesisConfig.realistic()
    print(f"reader {a.reader}, {a.n} {'default' if a.default_config else 'realistic()'} spectra, seed {a.seed}, "
          f"threshold {rec.thresholds[0]:.2f}, with the shift search")
    print("| counts at window start | precision | recall | F1 | exact | false per spectrum | most frequent false |")
    print("|---|---|---|---|---|---|---|")
    for level in a.levels:
        config = base.replace(counts=(level, level))
        rng = np.random.default_rng(a.seed)
        truth, pred = [], []
        for start in range(0, a.n, 250):
            batch = synthesize_batch(min(250, a.n - start), config, rng)
            t, p, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR, shift_search=True)
            truth += t
            pred += p
        m = set_metrics(truth, pred)
        false = collections.Counter(e for t, p in zip(truth, pred) for e in set(p) - set(t))
        n_false = sum(false.values())
        top = ", ".join(f"{e} {c}" for e, c in false.most_common(6))
        print(f"| {level:.0e} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['exact']:.3f} | "
              f"{n_false / a.n:.3f} | {top} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
