"""rule.md's items for one arm (the package on PYTHONPATH).

    PYTHONPATH=ROOT python experiments/white_edge_axis/measure.py NAME

Items 1-2 through `identify_edges` (single spectra), items 3-4 as `identify_edges` reads a single spectrum without a
partner (the single-spectrum ensemble, shift search on, thresholds 0.35; `../reader_ensemble/measure.py`'s loop).
"""

import pathlib
import sys
import warnings

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "reader_ensemble"))
from measure import read_row  # noqa: E402

warnings.filterwarnings("ignore")
name = sys.argv[1]
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")


def row(label, elements, seeds, axis=(472.0, 0.25, 2400), **settings):
    got = []
    for seed in seeds:
        s = synthetic_eels(elements, energy_axis=axis, random_state=seed, **settings)
        s.identify_edges(show_progressbar=False)
        got.append(set(s.metadata.Sample.elements) if s.metadata.has_item("Sample.elements") else set())
    false = {}
    for g in got:
        for e in g - set(elements):
            false[e] = false.get(e, 0) + 1
    print(f"{name} | {label} | exact {sum(g == set(elements) for g in got)} of {len(got)}; "
          f"{elements[0]} written in {sum(elements[0] in g for g in got)}; false {false}", flush=True)


TALL = dict(tall_white_line_probability=1.0, tall_white_line_strength=(8.0, 30.0))
for metal in ("Ca", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu"):  # 1: tall lines (as ../tall_white_lines/probe.py)
    start = min(onset_energy(f"{metal}_L3"), 532.0) - 60.0  # as the probe: from 60 eV below the first edge
    row(f"1 {metal}+O tall 8-30", [metal, "O"], range(3500, 3520), axis=(start, 0.25, 2400), **TALL, **PHYSICAL)
row("2 La+Ni+O physical", ["La", "Ni", "O"], range(3500, 3540), **PHYSICAL)
for metal in ("Mn", "Fe", "Ni"):
    row(f"2 {metal}+O physical", [metal, "O"], range(3500, 3520), axis=(472.0, 0.25, 2400), **PHYSICAL)

rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
ROWS = [
    ("3 default", 1500, 20261701, SynthesisConfig()),
    ("3 realistic()", 1500, 20261702, SynthesisConfig.realistic()),
    ("4 edge-free default", 500, 20261703, SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]
for label, n, seed, config in ROWS:
    truth, pred = read_row(rec, n, seed, config)
    if label.startswith("4"):
        print(f"{name} | {label} | an element in {sum(bool(p) for p in pred)} of {n}", flush=True)
        continue
    m = set_metrics(truth, pred)
    print(f"{name} | {label} | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} exact "
          f"{m['exact']:.4f}", flush=True)
