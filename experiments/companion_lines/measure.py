"""rule.md's items for one arm (the package on PYTHONPATH), through `identify_edges` on single spectra.

    PYTHONPATH=ROOT python experiments/companion_lines/measure.py NAME
"""

import sys
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels

warnings.filterwarnings("ignore")
name = sys.argv[1]
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")
TALL = dict(tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 30.0))
AXIS = (472.0, 0.25, 2400)


def row(label, elements, seeds, **settings):
    got = []
    for seed in seeds:
        s = synthetic_eels(elements, energy_axis=AXIS, random_state=seed, **settings)
        s.identify_edges(show_progressbar=False)
        got.append(set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set())
    false = {}
    for g in got:
        for e in g - set(elements):
            false[e] = false.get(e, 0) + 1
    print(f"{name} | {label} | exact {sum(g == set(elements) for g in got)} of {len(got)}; "
          f"false {sum(false.values())} {false}; missed {sum(len(set(elements) - g) for g in got)}", flush=True)


S, L = range(4200, 4220), range(4200, 4240)
row("A La+Ni+O", ["La", "Ni", "O"], L, **PHYSICAL)
row("A Ce+Ni+O", ["Ce", "Ni", "O"], S, **PHYSICAL)
row("A Cs+Fe+O", ["Cs", "Fe", "O"], L, **PHYSICAL)
row("B La+O", ["La", "O"], L, **PHYSICAL)
row("B La+Mn+O", ["La", "Mn", "O"], S, **PHYSICAL)
row("B Ce+O", ["Ce", "O"], S, **PHYSICAL)
row("B Cs+O", ["Cs", "O"], S, **PHYSICAL)
row("B Fe+O", ["Fe", "O"], S, **PHYSICAL)
row("B Fe+O tall", ["Fe", "O"], S, **PHYSICAL, **TALL)
row("B Ni+O", ["Ni", "O"], S, **PHYSICAL)
row("B Ni+O tall", ["Ni", "O"], S, **PHYSICAL, **TALL)
row("C La+O random M5/M4", ["La", "O"], L)
row("C Ce+O random M5/M4", ["Ce", "O"], S)
for seed in range(4300, 4700):  # D: default draws
    s = synthetic_eels(random_state=seed)
    truth = set(s.metadata.Truth.elements)
    s.identify_edges(show_progressbar=False)
    got = set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set()
    print(f"{name} | D seed {seed} | truth {sorted(truth)} | written {sorted(got)}", flush=True)
