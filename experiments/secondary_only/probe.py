"""Elements seen only by their secondary edges: does the bundled model read them as other elements? (diagnostic)

Compounds are drawn by the forward model over a wide window that holds every element's principal edge
(`synthetic_eels(elements, atomic_ratios=...)`, the strongest principal edge's jump ratio log-uniform in 0.5-7 as
`scripts/measure_quantification.py` draws it, `SynthesisConfig(elnes_families=True)`), then cut so that the window
starts after one element's principal edge (Ca L1 438 eV inside in CaTiO3, Sn M3/M2 714/756 eV, Ag M3/M2 571/602 eV,
Gd M3/M2 1544/1688 eV in Gd without O, whose K edge the window would not hold; in SrTiO3 and ZrO2 the window holds
only Sr's and Zr's tails: exspy's table, the package's source of edges, has no M1 edges). Each cut is read by `identify_edges` as a user would (single spectrum: the single-spectrum
ensemble, shift search on). Counted per case (20 seeds, 61000-61019): reported elements that are not in the
compound (false), and the compound's elements reported.

    python experiments/secondary_only/probe.py > experiments/secondary_only/out.txt
"""

import argparse
import collections
import warnings

import numpy as np

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.simplefilter("ignore")
CONFIG = SynthesisConfig(elnes_families=True)
# name: (composition, generated axis (offset, dispersion, channels), window starts (eV), window end (eV))
CASES = {
    "SrTiO3": ({"Sr": 1, "Ti": 1, "O": 3}, (100.0, 0.25, 3400), (320.0, 350.0), 900.0),
    "CaTiO3": ({"Ca": 1, "Ti": 1, "O": 3}, (300.0, 0.25, 2800), (380.0, 400.0), 900.0),
    "ZrO2": ({"Zr": 1, "O": 2}, (150.0, 0.25, 3400), (360.0, 400.0), 900.0),
    "SnO2": ({"Sn": 1, "O": 2}, (420.0, 0.25, 2400), (600.0, 650.0), 1000.0),
    "Ag": ({"Ag": 1}, (300.0, 0.25, 2400), (420.0, 480.0), 900.0),
    "Gd": ({"Gd": 1}, (1100.0, 0.5, 2000), (1270.0, 1350.0), 2090.0),
}

parser = argparse.ArgumentParser()
parser.add_argument("--first-seed", type=int, default=61000)
parser.add_argument("--n", type=int, default=20)
parser.add_argument("--cases", nargs="+", default=list(CASES))
args = parser.parse_args()
seeds = range(args.first_seed, args.first_seed + args.n)
print(f"seeds {seeds.start}-{seeds.stop - 1}; per case and window start: false elements (counts), compound elements reported")
total = 0
for name in args.cases:
    composition, axis, starts, end = CASES[name]
    spectra = []
    for seed in seeds:
        target = float(np.exp(np.random.default_rng([seed, 1]).uniform(np.log(0.5), np.log(7.0))))
        spectra.append(synthetic_eels(list(composition), atomic_ratios=composition, jump_ratios=dict.fromkeys(composition, target),
                                      energy_axis=axis, random_state=seed, config=CONFIG))  # fmt: skip
    for start in starts:
        counts = collections.Counter()
        for s in spectra:
            cut = s.isig[start:end]
            del cut.metadata.Truth
            counts.update(edgeid.identify_edges(cut, add_elements=False, show_progressbar=False).elements)
        false = {e: n for e, n in counts.most_common() if e not in composition}
        total += sum(false.values())
        print(f"{name:7s} {start:6.0f}-{end:.0f} eV: false {sum(false.values()):2d} {false}; "
              f"own {dict((e, counts[e]) for e in composition)}", flush=True)
print(f"false elements in all: {total}")
