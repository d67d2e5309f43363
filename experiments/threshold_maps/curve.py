"""Element-set F1 of synthetic spectrum images against the decision threshold, for several models (diagnostic).

For each model and threshold, `identify_edges(threshold=t)` writes `Sample.elements` of each image of
`../spectrum_images/measure.py`'s kind (`--seeds`, `--shape`; images never used to choose anything before);
scored per image as the averaged per-spectrum F1 of the paper's metrics (truth: the observable true elements,
as measure.py), with the true and false elements written. Prints one line per model and threshold.

Usage: python experiments/threshold_maps/curve.py --models model_weights runs/cp_C0 runs/cp_P1 --seeds 20000 20040
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="+", required=True)
    ap.add_argument("--seeds", type=int, nargs=2, default=[20000, 20040])
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8])
    ap.add_argument("--thresholds", type=float, nargs="+",
                    default=[0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    config = SynthesisConfig(candidate_elements=PRIOR_TIERS["common"])
    images = [synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
              for seed in range(*a.seeds)]
    for model in a.models:
        for t in a.thresholds:
            truths, written = [], []
            for s in images:
                result = s.identify_edges(weights=model, threshold=t, show_progressbar=False)
                truths.append(set(s.metadata.Truth.elements) - set(result.summary().not_observable))
                written.append(set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set())
            m = set_metrics(truths, written)
            n_true = sum(len(w & u) for w, u in zip(written, truths))
            n_false = sum(len(w - u) for w, u in zip(written, truths))
            print(f"{model} threshold {t:.2f}: F1 {m['f1']:.4f} exact {m['exact']:.3f} precision {m['precision']:.4f} "
                  f"true {n_true} of {sum(map(len, truths))} false {n_false}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
