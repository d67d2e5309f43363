"""rule2.md's items 1 and 2 for E21 and EB (background-subtracted single spectra, on the axis as given).

    python experiments/single_spectrum_branching/subtracted.py [--n 2000] [--seed 20261605]
"""

import argparse
import dataclasses
import warnings

import numpy as np

import hyperspy_eels_edgeid  # noqa: F401  (adds identify_edges)
from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.subtracted_background import looks_background_subtracted, restore_background
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import branching_weights_dir, default_weights_dir, thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=2000)
ap.add_argument("--seed", type=int, default=20261605)
a = ap.parse_args()
warnings.filterwarnings("ignore")
main, thick, branching = str(default_weights_dir()), str(thick_weights_dir()), str(branching_weights_dir())
ARMS = {"E21": (main, main, thick), "EB": (main, branching, thick)}
recs = {name: load_recognizer(members, device="cpu") for name, members in ARMS.items()}
for label, config in (("default", SynthesisConfig()), ("realistic()", SynthesisConfig.realistic())):
    batch = synthesize_batch(a.n, config, np.random.default_rng(a.seed), return_components=True)
    offset, dispersion = batch.parameters["offset"], batch.parameters["dispersion"]
    channels = np.arange(batch.spectra.shape[1])
    subtracted = batch.spectra - batch.background
    recognised = looks_background_subtracted(subtracted)
    restored = np.stack([restore_background(offset[i] + dispersion[i] * channels, row) if recognised[i] else row
                         for i, row in enumerate(subtracted)])  # fmt: skip
    for name, rec in recs.items():
        truth, found, _, _ = predict_batch(rec, dataclasses.replace(batch, spectra=restored), rec.decoder.thresholds,
                                           min_psnr=3.0)  # fmt: skip
        m = set_metrics(truth, found)
        print(f"1 {label}, {a.n} restored spectra, seed {a.seed} | {name} | F1 {m['f1']:.4f} precision "
              f"{m['precision']:.4f} exact {m['exact']:.4f}", flush=True)


def without_background(s):
    """As tests/hyperspy/test_subtracted_background.py takes it out: a power law fitted to the first 40 channels."""
    energy = s.axes_manager[-1].axis
    flat = s.deepcopy()
    fit = np.polyfit(np.log(energy[:40]), np.log(flat.data[:40]), 1)
    flat.data -= np.exp(np.polyval(fit, np.log(energy))).astype(flat.data.dtype)
    return flat


for name, members in ARMS.items():
    exact, got = 0, []
    for seed in range(20):
        flat = without_background(synthetic_eels(["Fe", "O"], random_state=seed))
        elements = flat.identify_edges(weights=members, add_elements=False, shift_search=False).elements
        exact += set(elements) == {"Fe", "O"}
        got.append("".join(sorted(elements)) or "-")
    print(f"2 the test's case, seeds 0-19 | {name} | exactly Fe and O in {exact} of 20 | {' '.join(got)}", flush=True)
