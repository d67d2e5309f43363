"""rule.md's items for one arm (the package on PYTHONPATH): elements `identify_edges` writes into `Sample.elements`
of synthetic single spectra and 4 x 4 maps of Fe beside O (whose tall L3/L2 lines the network reads as Cs M5/M4)
and of Cs beside O, and of 400 default draws compared spectrum by spectrum.

    PYTHONPATH=ROOT python experiments/cs_fe_lines/measure.py NAME
"""

import sys
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
name = sys.argv[1]
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")
AXIS = (472.0, 0.25, 2000)  # O K, Fe L2,3, Cs M4,5


def tall(low, high):
    return dict(tall_white_line_probability=1.0, tall_white_line_strength=(low, high))


def row(label, elements, seeds, shape=(), **settings):
    got = []
    for seed in seeds:
        s = synthetic_eels(elements, navigation_shape=shape, energy_axis=AXIS, random_state=seed, **settings)
        s.identify_edges(show_progressbar=False)
        got.append(set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set())
    false = {}
    for g in got:
        for e in g - set(elements):
            false[e] = false.get(e, 0) + 1
    print(f"{name} | {label} | exact {sum(g == set(elements) for g in got)} of {len(got)}; "
          f"{elements[0]} written in {sum(elements[0] in g for g in got)}; false {false}", flush=True)


row("A Fe+O tall 5-8", ["Fe", "O"], range(3600, 3620), **PHYSICAL, **tall(5.0, 8.0))
row("A Fe+O tall 8-30", ["Fe", "O"], range(3600, 3620), **PHYSICAL, **tall(8.0, 30.0))
row("A Fe+O physical", ["Fe", "O"], range(3600, 3620), **PHYSICAL)
row("A Fe+O tall 5-8, maps", ["Fe", "O"], range(3600, 3612), shape=(4, 4), **PHYSICAL, **tall(5.0, 8.0))
row("B Cs+O physical", ["Cs", "O"], range(3600, 3620), **PHYSICAL)
row("B Cs+O physical, maps", ["Cs", "O"], range(3600, 3612), shape=(4, 4), **PHYSICAL)
row("C Cs+O random M5/M4", ["Cs", "O"], range(3600, 3640))
row("C Cs+O random M5/M4, maps", ["Cs", "O"], range(3600, 3612), shape=(4, 4))
row("C Cs+Fe+O physical", ["Cs", "Fe", "O"], range(3600, 3620), **PHYSICAL)
for seed in range(3700, 4100):  # D: default draws (1-6 elements, default axis)
    s = synthetic_eels(random_state=seed)
    truth = set(s.metadata.Truth.elements)
    s.identify_edges(show_progressbar=False)
    got = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
    print(f"{name} | D seed {seed} | truth {sorted(truth)} | written {sorted(got)}", flush=True)
