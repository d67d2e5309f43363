"""How much of the default synthetic benchmark a position-only observer cannot decide (a diagnostic).

The default ``SynthesisConfig`` shifts every spectrum's axis by up to +-15 eV and stretches it by up to
+-1.5 %, and draws its elements uniformly among those with a principal edge in the window. An edge recorded at
R can then belong to any element whose principal edge of the same shape family lies where such a shift and
stretch could put it: ``E (1 - 0.015) - 15 <= R <= E (1 + 0.015) + 15``. This script counts, per labelled
element the benchmark scores (PSNR >= 3, on the model's grid), the other elements that are *indistinguishable*
from it in that sense:

* same family of principal edge (``recognizer.edge_families``: K, L2,3 with 3d white lines, M4,5 with 4f white
  lines ...), and R inside their calibration range;
* the true element shows no other edge of its own in the window (PSNR >= 3, inside the labels' margins), and
  none of the alternative's other edges, placed as its principal edge is, falls inside the window where the
  spectrum has no edge (such an edge would tell them apart: counted as seen even when it would be weak);
* neither is another true element of the spectrum.

An observer who knows everything else exactly (the shapes within a family, white-line ratios and near-edge
structure being drawn at random per spectrum, carry no element's signature) and uses the benchmark's uniform
prior names the right one of k + 1 such elements with probability 1 / (k + 1): the expected F1 and exact of
that observer are an upper bound of what any recognizer can score on these spectra, under these assumptions
(it overstates the ambiguity where the families' continua differ in shape, and understates it where companion
edges are too weak to see or families look alike, e.g. Co L2,3 and Ba M4,5). The same spectra are also scored
with a model, split by whether a label is ambiguous.

Usage: python experiments/ambiguity_ceiling/ceiling.py [--n 3000] [--seed 20261202] [--model DIR]
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
from hyperspy_eels_edgeid.recognizer.edge_families import family_index
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.labels import EDGE_MARGINS as MARGINS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch

SHIFT, EXPANSION = SynthesisConfig().shift[1], SynthesisConfig().expansion[1]  # the default's largest
# the decoder's window-end zones (its defaults, the bundled JSON's too), for the split of the model's recall
END_ZONE = (DecoderSettings.pre_edge_ev, DecoderSettings.post_edge_ev)


def groups(element):
    """(onset, family, principal) of every edge group of an element."""
    return [(g.onset, family_index(element, g.name), g.principal and g.major) for g in edge_groups_of(element)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--model", default=None)
    ap.add_argument("--any-family", action="store_true", help="alternatives of any shape family (position only)")
    a = ap.parse_args(argv)
    config = SynthesisConfig()
    rec = load_recognizer(a.model, device="cpu")
    table = {e: groups(e) for e in rec.elements}
    rng = np.random.default_rng(a.seed)
    f1_bound, exact_bound, n_labels, n_ambiguous = [], [], 0, 0
    hits = {}  # (ambiguous?, near a window end?): [reported, labels]
    alternatives = {}
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), config, rng)
        truth, pred, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR)
        p = batch.parameters
        for i in range(len(batch)):
            lo = float(p["offset"][i]) + MARGINS[0]
            hi = float(p["offset"][i] + p["dispersion"][i] * (p["n_channels"][i] - 1)) - MARGINS[1]
            rows = batch.edges[batch.edges["spectrum"] == i]
            seen = rows[(rows["psnr"] >= MIN_PSNR) & (rows["onset"] >= lo) & (rows["onset"] <= hi)]
            if not truth[i]:
                f1_bound.append(1.0)
                exact_bound.append(1.0)
                continue
            expected_tp, p_exact = 0.0, 1.0
            for x in truth[i]:
                label = rows[rows["is_label"] & (rows["element"] == x)]
                r = float(label["onset"][0])
                true_e = (r - float(p["shift"][i])) / (1.0 + float(p["expansion"][i]))
                fam = min((g for g in table[x] if g[2]), key=lambda g: abs(g[0] - true_e))[1]
                own = seen[(seen["element"] == x) & ~seen["is_label"]]
                k = 0
                if own.size == 0:
                    for y in rec.elements:
                        if y == x or y in truth[i]:
                            continue
                        for onset, fam_y, principal in table[y]:
                            if not principal or (fam_y != fam and not a.any_family):
                                continue
                            if not onset * (1 - EXPANSION) - SHIFT <= r <= onset * (1 + EXPANSION) + SHIFT:
                                continue
                            others = [o + r - onset for o, _, _ in table[y] if o != onset]
                            shows = any(lo <= e <= hi and not np.any(np.abs(seen["onset"] - e) <= 10.0) for e in others)
                            if not shows:
                                k += 1
                                alternatives.setdefault(x, set()).add(y)
                                break
                n_labels += 1
                n_ambiguous += k > 0
                expected_tp += 1.0 / (k + 1)
                p_exact *= 1.0 / (k + 1)
                key = (k > 0, r < lo - MARGINS[0] + END_ZONE[0] or r > hi + MARGINS[1] - END_ZONE[1])
                hits.setdefault(key, [0, 0])
                hits[key][0] += x in pred[i]
                hits[key][1] += 1
            f1_bound.append(expected_tp / len(truth[i]))
            exact_bound.append(p_exact)
    print(f"{a.n} default spectra, seed {a.seed}; {n_labels} labelled elements scored (PSNR >= {MIN_PSNR:g})")
    print(f"ambiguous (at least one indistinguishable alternative): {n_ambiguous} ({n_ambiguous / n_labels:.1%})")
    print(f"position-only observer with the uniform prior: expected F1 {np.mean(f1_bound):.3f}, "
          f"exact {np.mean(exact_bound):.3f} (an upper bound under the assumptions above)")
    for (amb, end), (got, n) in sorted(hits.items()):
        where = f"within {END_ZONE[0]:g} eV of the start or {END_ZONE[1]:g} eV of the end" if end else "inside"
        print(f"model recall, {'ambiguous' if amb else 'unambiguous'} labels {where}: {got / max(n, 1):.3f} ({got} of {n})")
    common = sorted(alternatives.items(), key=lambda kv: -len(kv[1]))[:15]
    print("most alternatives:", "; ".join(f"{x}: {','.join(sorted(ys))}" for x, ys in common))


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
