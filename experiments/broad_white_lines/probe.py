"""Broad white lines: 3d metals beside O with lines 6-10 eV wide, and exspy's EELS_MnFe (rule.md's probe).

For each metal (Ti, Cr, Mn, Fe, Co, Ni), 20 synthetic spectra of the metal and O (`synthetic_eels`, default
settings but `broad_white_line_probability` 1 and `broad_white_line_fwhm` (6, 10); 0.25 eV per channel, 2,000
channels from 60 eV below the first edge; seeds 0-19, or from `--first-seed`) go through `identify_edges`;
exact = the elements written are the truth. Then `exspy.data.EELS_MnFe()`: the elements written and the
pixels showing Mn and Fe.

Usage: python experiments/broad_white_lines/probe.py [--model DIR] [--first-seed 0]
"""

from __future__ import annotations

import argparse
import collections
import warnings

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets

METALS = ("Ti", "Cr", "Mn", "Fe", "Co", "Ni")


def read_metals(metals, model, n: int, first_seed: int, **settings) -> float:
    """Each metal beside O in `n` spectra of `settings` through `identify_edges`; print and return the exact rate."""
    exact_total = 0
    for metal in metals:
        l3 = min(o for o in major_subshell_onsets(metal) if o > 300.0)  # the L3 edge (the M edges lie below 100 eV)
        first = min(l3, 532.0)
        exact, false, missed = 0, collections.Counter(), collections.Counter()
        for seed in range(first_seed, first_seed + n):
            s = synthetic_eels([metal, "O"], energy_axis=(first - 60.0, 0.25, 2000), random_state=seed, **settings)
            s.identify_edges(weights=model, show_progressbar=False)
            got, truth = set(s.metadata.Sample.elements), {metal, "O"}
            exact += got == truth
            false.update(got - truth)
            missed.update(truth - got)
        exact_total += exact
        print(f"{metal}: exact {exact}/{n}; missed {dict(missed)}; false {dict(false.most_common(4))}", flush=True)
    rate = exact_total / (n * len(metals))
    print(f"probe exact rate {rate:.3f}")
    return rate


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="model directory (default: the bundled model)")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=0)
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    read_metals(METALS, a.model, a.n, a.first_seed, broad_white_line_probability=1.0, broad_white_line_fwhm=(6.0, 10.0))
    import exspy

    s = exspy.data.EELS_MnFe()
    p = s.identify_edges(weights=a.model, show_progressbar=False)
    fractions = p.pixel_fractions()
    print(f"EELS_MnFe: Sample.elements {s.metadata.Sample.elements}; pixels with Mn {fractions['Mn']:.1f}, "
          f"Fe {fractions['Fe']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
