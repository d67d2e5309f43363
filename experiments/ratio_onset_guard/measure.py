"""rule.md's items for one arm (the package on PYTHONPATH): elements `identify_edges` writes into
`Sample.elements` of synthetic single spectra and 4 x 4 maps where the white-line ratio check may move a La or Ce
edge to Ni, or a Ba / Pr edge to Co / Cu.

    PYTHONPATH=ROOT python experiments/ratio_onset_guard/measure.py NAME [FIRST_SEED]

FIRST_SEED (default 2300, rule.md; rule2.md: 3300): S1-S5 use seeds from it, S6 from it + 100 (400 draws).
"""

import sys
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
name = sys.argv[1]
base = int(sys.argv[2]) if len(sys.argv) > 2 else 2300
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")


def tall(low, high):
    return dict(tall_white_line_probability=1.0, tall_white_line_strength=(low, high))


def written(elements, seed, shape=(), axis=(472.0, 0.25, 2400), **settings):
    s = synthetic_eels(elements, navigation_shape=shape, energy_axis=axis, random_state=seed, **settings)
    s.identify_edges(show_progressbar=False)
    return set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()


def row(label, elements, seeds, **kwargs):
    got = [written(elements, seed, **kwargs) for seed in seeds]
    false = {}
    for g in got:
        for e in g - set(elements):
            false[e] = false.get(e, 0) + 1
    print(f"{name} | {label} | exact {sum(g == set(elements) for g in got)} of {len(got)}; "
          f"{elements[0]} written in {sum(elements[0] in g for g in got)}; false {false}", flush=True)


S = range(base, base + 20)
L = range(base, base + 40)
M = range(base, base + 12)
row("S1 Ni+O tall 5-8", ["Ni", "O"], S, **PHYSICAL, **tall(5.0, 8.0))
row("S1 Ni+O tall 8-30", ["Ni", "O"], S, **PHYSICAL, **tall(8.0, 30.0))
row("S2 Co+O tall 5-8", ["Co", "O"], S, **PHYSICAL, **tall(5.0, 8.0))
row("S2 Cu+O tall 5-8", ["Cu", "O"], S, **PHYSICAL, **tall(5.0, 8.0))
row("S3 La+Mn+O random M5/M4", ["La", "Mn", "O"], L)
row("S3 La+O random M5/M4", ["La", "O"], L)
row("S3 Ce+O random M5/M4", ["Ce", "O"], L)
row("S4 La+O physical", ["La", "O"], S, **PHYSICAL)
row("S4 Ce+O physical", ["Ce", "O"], S, **PHYSICAL)
row("S4 La+Ni+O physical", ["La", "Ni", "O"], S, **PHYSICAL)
row("S5 the user guide's La/Mn/O example", ["La", "Mn", "O"], [0], axis=(450.0, 0.5, 1200),
    atomic_ratios={"La": 1, "Mn": 1, "O": 3})
row("M1 Ni+O tall 5-8, maps", ["Ni", "O"], M, shape=(4, 4), **PHYSICAL, **tall(5.0, 8.0))
row("M2 La+Mn+O random M5/M4, maps", ["La", "Mn", "O"], M, shape=(4, 4))
row("M3 Ce+O random M5/M4, maps", ["Ce", "O"], M, shape=(4, 4))
# S6: default draws (1-6 elements, default axis): the decisions of both arms compared spectrum by spectrum
for seed in range(base + 100, base + 500):
    s = synthetic_eels(random_state=seed)
    truth = set(s.metadata.Truth.elements)
    s.identify_edges(show_progressbar=False)
    got = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
    print(f"{name} | S6 seed {seed} | truth {sorted(truth)} | written {sorted(got)}", flush=True)
