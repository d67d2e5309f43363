"""Which false elements the bundled model reports on `SynthesisConfig.realistic()` spectra, and beside what.

A diagnostic for planning (nothing is chosen on it): `n` realistic spectra (seed given; PSNR < 3 don't care), the
bundled model and decoder at its threshold. Counts the false elements, the missed ones, and for each false
element the true element whose tabulated principal onset lies nearest its detected onset (within 60 eV),
with the edge families of both; for the false delayed M4,5 elements with no true edge within 60 eV, their
distance to the window's ends and the channel width.

Usage: python experiments/confusers/realistic_pairs.py [--n 5000] [--seed 4242]
"""

import argparse
import collections

import numpy as np

from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=4242)
    args = ap.parse_args()
    rec = load_recognizer(None, device="cpu")
    table, families = rec.decoder.principal_table, rec.decoder.principal_families
    index = {e: k for k, e in enumerate(rec.elements)}
    false, missed, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    lone = []  # false delayed M4,5 elements with no true edge within 60 eV: (after start, before end, eV/channel)
    n_true = n_pred = 0
    rng = np.random.default_rng(args.seed)
    for start in range(0, args.n, 1000):
        batch = synthesize_batch(min(1000, args.n - start), SynthesisConfig.realistic(), rng)
        truth, pred, _, prediction = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        for i, (t, p) in enumerate(zip(truth, pred)):
            n_true, n_pred = n_true + len(t), n_pred + len(p)
            missed.update(t - p)
            for element in p - t:
                false[element] += 1
                k = index[element]
                onset = prediction.onsets[i, k]
                nearest = int(np.nanargmin(np.abs(table[k] - onset))) if np.isfinite(onset) else None
                fam = "?" if nearest is None else FAMILIES[families[k, nearest]]
                best, gap = "none within 60 eV", 60.0
                for other in t:
                    j = index[other]
                    d = np.abs(table[j] - onset)
                    if np.isfinite(d).any() and np.nanmin(d) < gap:
                        m = int(np.nanargmin(d))
                        best, gap = f"{other} ({FAMILIES[families[j, m]]})", float(d[m])
                pairs[(f"{element} ({fam})", best)] += 1
                if fam == "M45" and gap == 60.0:
                    energy = batch.energy_axis(i)
                    tabulated = table[k, nearest]
                    lone.append((tabulated - energy[0], energy[-1] - tabulated, energy[1] - energy[0]))
    print(f"bundled model, {args.n} realistic() spectra, seed {args.seed}: {n_true} true elements, {n_pred} reported, "
          f"{sum(false.values())} false, {sum(missed.values())} missed")
    print("false elements, most frequent:", dict(false.most_common(20)))
    print("missed elements, most frequent:", dict(missed.most_common(20)))
    print("false element (its edge's family) <- nearest true element within 60 eV (its family), most frequent:")
    for (f, t), c in pairs.most_common(30):
        print(f"  {c:4d}  {f:22s} <- {t}")
    by_family = collections.Counter()
    for (f, _), c in pairs.items():
        by_family[f.split("(")[1].rstrip(")")] += c
    print("false elements by the family of their edge:", dict(by_family.most_common()))
    if lone:
        after, before, step = np.array(lone).T

        def bins(d):
            return f"{(d < 30).sum()} / {((d >= 30) & (d < 60)).sum()} / {(d >= 60).sum()}"

        print(f"false delayed M4,5 elements with no true edge within 60 eV: {len(lone)}; tabulated onset after the "
              f"window's start <30 / 30-60 / >=60 eV: {bins(after)}; before its end: {bins(before)}; eV per channel "
              f"(10th, 50th, 90th percentile): {np.percentile(step, [10, 50, 90]).round(2).tolist()}")


if __name__ == "__main__":
    main()
