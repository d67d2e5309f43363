"""Where the paper's Table-4 protocol loses each element: network, decoder terms, or the protocol (diagnostic).

The spectra of ``evaluate_sensitivity`` (90-1000 eV at 0.2 eV, exponent 1.88, white noise of a tenth of the minimum
background, secondary edges off), at a few jump ratios, with secondary edges off (the protocol) and on; for each
element: the share detected at the model's threshold, the mean network probability, the mean decoder probability,
edge-head shape share and companion support, and the share of spectra where the element is judgeable at all.
Nothing is chosen on this.

Usage: python experiments/table4_diagnosis/terms.py [--model DIR] [--n 16] [--jump-ratios 0.5 0.2 0.1 0.05]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import (
    PAPER_ELEMENTS, PAPER_TABLE4, SENSITIVITY_AXIS, SENSITIVITY_EXPONENT, sensitivity_config,
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=16)
    ap.add_argument("--jump-ratios", type=float, nargs="+", default=[0.5, 0.2, 0.1, 0.05])
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    thresholds = rec.thresholds
    r, axis, base = SENSITIVITY_EXPONENT, SENSITIVITY_AXIS, sensitivity_config()
    index = {e: k for k, e in enumerate(rec.elements)}
    print("element paper_jr secondary jr: detected net_p dec_p shape_share companion judgeable top_other")
    for element in PAPER_ELEMENTS:
        k = index[element]
        for secondary in (False, True):
            config = base.replace(secondary_edges=secondary)
            rng = np.random.default_rng([4, k])
            for jr in a.jump_ratios:
                batch = synthesize_batch(a.n, config, rng, elements=[element], jump_ratios={element: jr},
                                         energy_axis=axis, fixed={"background_exponent": r})  # fmt: skip
                values, mask = resample_batch(batch, rec.grid)
                pred = rec.predict_resampled(values, mask)
                ev = pred.evidence
                det = pred.probabilities[:, k] >= thresholds[k]
                hit = (pred.probabilities >= thresholds) & pred.observable
                others = [rec.elements[j] for i in range(a.n) for j in np.flatnonzero(hit[i]) if j != k]
                top = Counter(sorted(others)).most_common(1)[0][0] if others else "-"  # ties: first in order
                share = ev.get("family_share", np.ones_like(pred.probabilities))[:, k]
                comp = ev.get("companion_support", np.zeros_like(pred.probabilities))[:, k]
                print(f"{element:2s} {PAPER_TABLE4[element][1]:.3f} {int(secondary)} {jr:.3f}: {det.mean():.2f} "
                      f"{pred.network_probabilities[:, k].mean():.2f} {pred.probabilities[:, k].mean():.2f} "
                      f"{np.nanmean(share):.2f} {np.nanmean(comp):.2f} {pred.observable[:, k].mean():.2f} "
                      f"{top}({others.count(top) if others else 0})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
