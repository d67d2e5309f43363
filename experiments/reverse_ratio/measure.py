"""rule.md's items 1-3 for one arm (the package on PYTHONPATH): `identify_edges` on probe spectra (items 1-2), and
benchmark draws read as `identify_edges` reads a single spectrum without a partner (the single-spectrum ensemble, the
shift search, then the arm's line-ratio check on the prepared spectrum; item 3). Adapted from
`../line_ratio_check/measure.py`, with fresh seeds.

    PYTHONPATH=ROOT python experiments/reverse_ratio/measure.py NAME
"""

import dataclasses
import sys
import warnings

import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.blocks import prepare_spectra
from hyperspy_eels_edgeid.hyperspy.line_ratio_check import ratio_checked
from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
name = sys.argv[1]
PHYSICAL = dict(l23_branching="3d", m45_branching="4f")


def written(elements, first_eV, seed, **settings):
    s = synthetic_eels(elements, energy_axis=(first_eV, 0.25, 2000), random_state=seed, **PHYSICAL, **settings)
    s.identify_edges(show_progressbar=False)
    return set(s.metadata.Sample.elements)


for height in (None, (5.0, 8.0), (8.0, 30.0)):
    tall = dict(tall_white_line_probability=1.0, tall_white_line_strength=height) if height else {}
    got = [written(["Co", "O"], 472.0, seed, **tall) for seed in range(47000, 47040)]
    print(f"{name} | 1 Co+O lines {height or 'ordinary'} | exact {sum(g == {'Co', 'O'} for g in got)} of 40, "
          f"Co written {sum('Co' in g for g in got)}, Ba written {sum('Ba' in g for g in got)}", flush=True)
for label, elements, first in (("Ba+O", ["Ba", "O"], 472.0), ("Ba+Ti+O", ["Ba", "Ti", "O"], 400.0)):
    got = [written(elements, first, seed) for seed in range(47100, 47180)]
    print(f"{name} | 2 {label} | exact {sum(g == set(elements) for g in got)} of 80, Ba written "
          f"{sum('Ba' in g for g in got)}, Co written {sum('Co' in g for g in got)}", flush=True)

rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
ROWS = (("3 default, physical ratios", SynthesisConfig().replace(**PHYSICAL), 47200),
        ("3 default", SynthesisConfig(), 47201),
        ("3 realistic()", SynthesisConfig.realistic(), 47202))
for row, config, seed in ROWS:
    rng = np.random.default_rng(seed)
    truth, found, moved = [], [], 0
    for start in range(0, 3000, 250):
        batch = synthesize_batch(250, config, rng)
        t, p, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
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
    m = set_metrics(truth, found)
    print(f"{name} | {row} (seed {seed}) | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} "
          f"exact {m['exact']:.4f} | spectra moved by the check {moved}", flush=True)
