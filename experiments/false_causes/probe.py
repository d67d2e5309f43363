"""Where the false elements of single synthetic spectra come from (a diagnostic: nothing is chosen on it).

Each false element (reported, not a scored label) of ``--n`` spectra is put in the first class it fits:

* ``present``: the element is in the spectrum but not a scored label (its edge just below the window, at a window
  end, or under PSNR 3);
* on the same edge: its detected onset lies within 15 eV + 1.5 % of an edge (any subshell) of a present element,
  which is then not reported (``substitute``), reported with this edge its principal one (``beside principal``),
  or reported with this edge a secondary one (``on secondary``);
* ``near edge``: within 50 eV of such an edge (near-edge structure, a delayed maximum);
* ``other``: none of these (noise, background, or an edge the table does not explain).

Decided as ``identify_edges`` decides (shift search, bundled threshold), by stage 20 or *E3*.

Usage: python experiments/false_causes/probe.py [--reader stage20|E3] [--n 2000] [--seed 46000] [--default-config]
"""

from __future__ import annotations

import argparse
import collections

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, predict_batch


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", choices=("stage20", "E3"), default="stage20")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=46000)
    ap.add_argument("--default-config", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    bundled = default_weights_dir()
    rec = load_recognizer(bundled if a.reader == "stage20" else [bundled, bundled / "branching", bundled / "thick"])
    config = SynthesisConfig() if a.default_config else SynthesisConfig.realistic()
    index = {e: k for k, e in enumerate(rec.elements)}
    rng = np.random.default_rng(a.seed)
    classes, by_element = collections.Counter(), collections.defaultdict(collections.Counter)
    pairs = collections.Counter()  # (present element, edge, substitute) of the substitutions
    n_false = n_reported = 0
    for start in range(0, a.n, 250):
        batch = synthesize_batch(min(250, a.n - start), config, rng)
        truth, pred, _, raw = predict_batch(rec, batch, rec.thresholds, min_psnr=MIN_PSNR, shift_search=True)
        for i, (t, p) in enumerate(zip(truth, pred)):
            n_reported += len(p)
            rows = batch.edges[batch.edges["spectrum"] == i]
            present = set(rows["element"].tolist())
            edges = rows["onset"].astype(float)
            for e in sorted(set(p) - t):
                n_false += 1
                onset = float(raw.onsets[i, index[e]])
                gap = np.min(np.abs(edges - onset)) if edges.size else np.inf
                if e in present:
                    c = "present"
                elif gap <= 15 + 0.015 * onset:
                    near = rows[int(np.argmin(np.abs(edges - onset)))]
                    owner = str(near["element"])
                    if owner not in p:
                        c = "substitute"  # the present element whose edge it sits on is not reported
                        pairs[f"{owner} {near['edge']} -> {e}"] += 1
                    elif bool(near["is_label"]):
                        c = "beside principal"  # reported beside the element whose principal edge it sits on
                    else:
                        c = "on secondary"  # on a secondary edge (L1, M2,3 ...) of a reported element
                elif gap <= 50:
                    c = "near edge"
                else:
                    c = "other"
                classes[c] += 1
                by_element[c][e] += 1
    print(f"reader {a.reader}, {a.n} {'default' if a.default_config else 'realistic()'} spectra, seed {a.seed}: "
          f"{n_reported} reported, {n_false} false")
    for c in ("present", "substitute", "beside principal", "on secondary", "near edge", "other"):
        top = ", ".join(f"{e} {k}" for e, k in by_element[c].most_common(8))
        print(f"{c:17s} {classes[c]:4d} ({classes[c] / max(n_false, 1):.0%}): {top}")
    print("substitutions: " + ", ".join(f"{k} {v}" for k, v in pairs.most_common(30)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
