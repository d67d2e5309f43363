"""Which elements `identify_edges` writes into `metadata.Sample.elements` of synthetic spectrum images (diagnostic).

For each seed, `synthetic_eels` makes an 8 x 8 spectrum image (default axis 100-1123.5 eV at 0.5 eV, default
`SynthesisConfig` but the elements drawn from the prior's common tier, 2-4 of them: a matrix element everywhere
and particles of the others); `identify_edges()` with its defaults (the bundled model, its threshold, the pixel
rule of 2 % and two pixels, spike removal) writes the elements it detects. Counted: true elements written, true
ones missed, false ones written (with the share of pixels that showed each); a true element the result lists as not
observable (its edges out of the window or at its ends) is counted apart. Nothing is chosen on this.

Usage: python experiments/spectrum_images/measure.py [--model DIR] [--seeds 1000 1040] [--shape 8 8 | --shape 32] [--touching-pixels]
       [--no-one-owner] [--realistic] [--sum-neighbours on|off]
"""

from __future__ import annotations

import argparse
import collections

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=[1000, 1040], help="first and one past the last seed")
    ap.add_argument("--shape", type=int, nargs="+", default=[8, 8], help="navigation shape: x y, or n for a line scan")
    ap.add_argument("--model", default=None, nargs="+",
                    help="model directory (default: the bundled model); several: their ensemble")
    ap.add_argument("--touching-pixels", action="store_true", help="identify_edges(touching_pixels=True)")
    ap.add_argument("--no-one-owner", action="store_true", help="identify_edges(one_owner_per_edge=False)")
    ap.add_argument("--no-shift-search", action="store_true", help="identify_edges(shift_search=False)")
    ap.add_argument("--realistic", action="store_true", help="SynthesisConfig.realistic() instead of the default")
    ap.add_argument("--sum-neighbours", choices=["on", "off"], default=None,
                    help="identify_edges(sum_neighbours=True or False; default: not passed)")
    a = ap.parse_args(argv)
    a.model = None if a.model is None else (a.model[0] if len(a.model) == 1 else tuple(a.model))
    base = SynthesisConfig.realistic() if a.realistic else SynthesisConfig()
    config = base.replace(candidate_elements=PRIOR_TIERS["common"])
    n_true = n_found = n_unseen = 0
    false, missed = collections.Counter(), collections.Counter()
    exact = 0
    for seed in range(*a.seeds):
        s = synthetic_eels(navigation_shape=tuple(a.shape), random_state=seed, config=config)
        truth = set(s.metadata.Truth.elements)
        result = s.identify_edges(
            weights=a.model, show_progressbar=False, touching_pixels=a.touching_pixels, one_owner_per_edge=not a.no_one_owner,
            shift_search=not a.no_shift_search, **({} if a.sum_neighbours is None else {"sum_neighbours": a.sum_neighbours == "on"}),
        )
        got = set(s.metadata.Sample.elements)
        # true elements whose edges the model cannot judge in this window (`summary().not_observable`)
        unseen = truth & set(result.summary().not_observable)
        truth -= unseen
        n_unseen += len(unseen)
        n_true += len(truth)
        n_found += len(truth & got)
        false.update(got - truth)
        missed.update(truth - got)
        exact += got == truth
        fractions = result.pixel_fractions()
        shares = {e: round(float(fractions[e]), 2) for e in got - truth}
        print(f"seed {seed}: truth {sorted(truth)} written {sorted(got)}"
              + (f" false {sorted(got - truth)} {shares}" if got - truth else "")
              + (f" missed {sorted(truth - got)}" if truth - got else "")
              + (f" not observable {sorted(unseen)}" if unseen else ""), flush=True)
    n = a.seeds[1] - a.seeds[0]
    print(f"{n} images {' x '.join(map(str, a.shape))}: true elements written {n_found} of {n_true} observable ({n_unseen} "
          f"more not observable in the window); false written "
          f"{sum(false.values())} ({sum(false.values()) / n:.2f} per image); exact {exact} of {n}")
    print(f"false: {dict(false.most_common())}; missed: {dict(missed.most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
