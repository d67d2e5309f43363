"""rule3.md's items 1-4 for one arm (the package on PYTHONPATH): `identify_edges` on probe spectra (items 1-2), and
benchmark draws read as `identify_edges` reads a single spectrum without a partner (the single-spectrum ensemble,
the shift search, then, where the package has it, the line-ratio check on the prepared spectrum; items 3-5).

    PYTHONPATH=ROOT python experiments/line_ratio_check/measure3.py NAME
"""

import dataclasses
import sys
import warnings

import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.edges import major_subshell_onsets
from hyperspy_eels_edgeid.hyperspy.blocks import prepare_spectra
from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

try:
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import ratio_checked
except ImportError:  # arm OFF
    ratio_checked = None

warnings.filterwarnings("ignore")
name = sys.argv[1]
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")


def written(elements, first_eV, seed, **settings):
    s = synthetic_eels(elements, energy_axis=(first_eV, 0.25, 2000), random_state=seed, **PHYSICAL, **settings)
    s.identify_edges(show_progressbar=False)
    return set(s.metadata.Sample.elements)


for height in ((5.0, 8.0), (8.0, 30.0), None):
    tall = dict(tall_white_line_probability=1.0, tall_white_line_strength=height) if height else {}
    exact = sum(written(["Ni", "O"], 472.0, seed, **tall) == {"Ni", "O"} for seed in range(1300, 1320))
    print(f"{name} | 1 Ni beside O, lines {height or 'ordinary'} | exact {exact} of 20", flush=True)
for label, elements in (("La+O", ["La", "O"]), ("Ce+O", ["Ce", "O"]), ("La+Ni+O", ["La", "Ni", "O"])):
    got = [written(elements, 472.0, seed) for seed in range(1300, 1340)]
    false_ni = sum("Ni" in g and "Ni" not in elements for g in got)
    print(f"{name} | 2 {label} | Ni written falsely in {false_ni} of 40, {elements[0]} in "
          f"{sum(elements[0] in g for g in got)}, exact {sum(g == set(elements) for g in got)}", flush=True)

rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
ROWS = (("3 default, physical ratios", SynthesisConfig().replace(**PHYSICAL), 20261611, 3000),
        ("4 default", SynthesisConfig(), 20261612, 3000),
        ("4 realistic()", SynthesisConfig.realistic(), 20261613, 3000),
        )
for row, config, seed, n in ROWS:
    rng = np.random.default_rng(seed)
    truth, found, moved = [], [], 0
    for start in range(0, n, 250):
        batch = synthesize_batch(250, config, rng)
        t, p, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        if ratio_checked is not None:
            for i in range(len(batch)):
                energy = batch.energy_axis(i)
                x = prepare_spectra(energy, batch.spectra[i][None, : energy.size].astype(np.float32), "mask", True)
                one = dataclasses.replace(pred, evidence={}, **{f.name: getattr(pred, f.name)[i : i + 1]
                                                                for f in dataclasses.fields(pred)
                                                                if isinstance(getattr(pred, f.name), np.ndarray)})  # fmt: skip
                checked, named = ratio_checked(one, energy, x[0], rec.thresholds)
                if named:
                    moved += 1
                    hit = (checked.probabilities[0] >= rec.thresholds) & checked.observable[0]
                    before = {rec.elements[k] for k in np.flatnonzero((pred.probabilities[i] >= rec.thresholds)
                                                                       & pred.observable[i])}  # fmt: skip
                    weak = before - p[i]  # labels too weak to score (predict_batch's "don't care")
                    p[i] = {rec.elements[k] for k in np.flatnonzero(hit)} - weak
        truth += t
        found += p
    if row.startswith("5"):
        print(f"{name} | {row} | an element in {sum(bool(x) for x in found)} of {n}", flush=True)
        continue
    m = set_metrics(truth, found)
    print(f"{name} | {row} (seed {seed}) | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} "
          f"exact {m['exact']:.4f} | spectra moved by the check {moved}", flush=True)
