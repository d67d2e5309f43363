"""What a white-line ratio check would change: an M4,5 element giving way to its 3d rival (diagnostic).

A reported element with M4,5 white lines (Xe-Lu) whose edge a 3d element with L2,3 white lines could own (one of
the decoder's table alternatives: Fe for Cs, Co for Ba, Ni for La and Ce, Cu for Pr) gives the edge to the 3d element
when the first of the two lines stands clearly taller than the second: the measured peak-height ratio (each line's
maximum over a 1 eV running mean, above the median of the 7 eV before it) above the geometric mean of the two
elements' typical ratios (`synthesis.shapes.L23_BRANCHING_BY_Z`, `M45_BRANCHING_BY_4F`). Scored on the spectra of a
`SynthesisConfig` (default, or with physical ratios), on the grid the model reads, from one network pass without the
shift search; before and after. Nothing is chosen on this.

Usage: python experiments/white_line_ratio/diagnose.py [--model DIR] [--n 3000] [--seed S] [--physical] [--realistic]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.edges import atomic_number, major_subshell_onsets
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.synthesis.shapes import m45_branching_ratio, L23_BRANCHING_BY_Z
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def line_ratio(energy, values, onset, splitting):
    """Peak height of the first white line over the second's, each above the median of the 7 eV before it."""
    step = np.median(np.diff(energy))
    k = max(1, int(round(1.0 / step)))
    smooth = np.convolve(values, np.ones(k) / k, mode="same")

    def height(p):
        peak = (energy >= p - 4.0) & (energy <= p + 6.0)
        base = (energy >= p - 9.0) & (energy <= p - 2.0)
        if peak.sum() < 3 or base.sum() < 3:
            return np.nan
        return smooth[peak].max() - np.median(smooth[base])

    h1, h2 = height(onset), height(onset + splitting)
    if not (np.isfinite(h1) and np.isfinite(h2)) or h1 <= 0:
        return np.nan
    return np.inf if h2 <= 0 else h1 / h2


def splitting(element):
    onsets = sorted(o for o in major_subshell_onsets(element) if o > 300.0)
    return onsets[1] - onsets[0] if len(onsets) > 1 else np.nan


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--physical", action="store_true", help="l23_branching '3d', m45_branching '4f'")
    ap.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic()")
    a = ap.parse_args(argv)
    rec = load_recognizer(a.model, device="cpu")
    config = SynthesisConfig.realistic() if a.realistic else SynthesisConfig()
    if a.physical:
        config = config.replace(l23_branching="3d", m45_branching="4f")
    index = {e: k for k, e in enumerate(rec.elements)}
    rivals = {}  # M4,5 white-line element -> its 3d white-line table alternatives (Fe-Cu)
    for m in rec.elements:
        if 54 <= atomic_number(m) <= 71:  # M4,5 white lines (Xe-Lu)
            alts = [d for d in rec.decoder.alternatives_of(index[m]) if d in ("Fe", "Co", "Ni", "Cu")]
            if alts:
                rivals[m] = alts
    print("rivals", rivals)
    rng = np.random.default_rng(a.seed)
    truth, before, after = [], [], []
    swaps = collections.Counter()
    for start in range(0, a.n, 500):
        batch = synthesize_batch(min(500, a.n - start), config, rng)
        values, mask = resample_batch(batch, rec.grid)
        t, p, _, pred = predict_batch(rec, batch, rec.thresholds, resampled=(values, mask), min_psnr=3.0)
        for i in range(len(t)):
            new = set(p[i])
            for m in sorted(p[i] & set(rivals)):
                onset = float(pred.onsets[i, index[m]])
                ok = mask[i].astype(bool)
                r = line_ratio(rec.grid[ok], values[i][ok], onset, splitting(m))
                for d in rivals[m]:
                    boundary = np.sqrt(L23_BRANCHING_BY_Z[atomic_number(d) - 19] * float(m45_branching_ratio(atomic_number(m))))
                    if np.isfinite(r) and r > boundary and m in new and d not in new:
                        new = (new - {m}) | {d}
                        swaps[(m, d, m in t[i], d in t[i])] += 1
            truth.append(t[i]); before.append(p[i]); after.append(new)
    print("swaps (from, to, from true, to true):", dict(swaps))
    for name, pred in (("before", before), ("after", after)):
        print(name, {k: round(v, 4) for k, v in set_metrics(truth, pred).items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
