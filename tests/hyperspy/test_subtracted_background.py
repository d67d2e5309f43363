"""Background-subtracted spectra: recognised, given a power law back, and named by a warning."""

import dataclasses
import warnings

import numpy as np
import pytest

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.subtracted_background import (
    BackgroundSubtractedWarning,
    looks_background_subtracted,
    restore_background,
)
from hyperspy_eels_edgeid.hyperspy.training_conditions import bundled_weights_for
from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


@pytest.fixture(scope="module")
def batch():
    return synthesize_batch(300, SynthesisConfig(), np.random.default_rng(11), return_components=True)


def _axis(batch, i):
    return batch.parameters["offset"][i] + batch.parameters["dispersion"][i] * np.arange(batch.spectra.shape[1])


def test_raw_spectra_are_left_alone_and_subtracted_ones_recognised(batch):
    assert not looks_background_subtracted(batch.spectra).any()
    subtracted = batch.spectra - batch.background
    assert looks_background_subtracted(subtracted).mean() > 0.7
    for i in range(20):
        row = batch.spectra[i : i + 1]
        assert restore_background(_axis(batch, i), row) is row  # raw: the same array back
        restored = restore_background(_axis(batch, i), subtracted[i : i + 1])
        measured = np.isfinite(subtracted[i])
        added = (restored - subtracted[i : i + 1])[0, measured]
        if looks_background_subtracted(subtracted[i]).item():
            assert np.all(added > 0) and np.all(np.diff(added) < 0)  # a falling power law
        else:
            assert np.all(added == 0)


def test_the_power_law_brings_back_most_of_the_accuracy(batch):
    """The restoration must be worth it: F1 on subtracted spectra rises by a third of the way back to raw at least."""
    rec = load_recognizer(device="cpu")
    subtracted = batch.spectra - batch.background
    restored = np.concatenate([restore_background(_axis(batch, i), subtracted[i : i + 1]) for i in range(len(subtracted))])

    def f1(spectra):
        truth, found, _, _ = predict_batch(rec, dataclasses.replace(batch, spectra=spectra), rec.decoder.thresholds,
                                           min_psnr=3.0)  # fmt: skip
        return set_metrics(truth, found)["f1"]

    raw, bare, back = f1(batch.spectra), f1(subtracted), f1(restored)
    assert bare < raw - 0.1
    assert back > bare + (raw - bare) / 3


def test_identify_edges_warns_and_reads_the_restored_spectrum():
    s = synthetic_eels(["Fe", "O"], random_state=6)
    with warnings.catch_warnings():
        warnings.simplefilter("error", BackgroundSubtractedWarning)
        raw = s.identify_edges(add_elements=False)  # a raw spectrum: no warning
    energy = s.axes_manager[-1].axis
    law = np.exp(np.polyval(np.polyfit(np.log(energy[:40]), np.log(s.data[:40]), 1), np.log(energy)))
    flat = s.deepcopy()
    flat.data = (s.data - law).astype(np.float32)  # the pre-edge background fitted and taken out, as a user would
    assert looks_background_subtracted(flat.data).item()
    with pytest.warns(BackgroundSubtractedWarning, match="background-subtracted"):
        table = flat.identify_edges(add_elements=False, shift_search=False)
    rec = load_recognizer(bundled_weights_for(energy), device="cpu")  # the models identify_edges gives one spectrum
    expected = rec.predict(energy, restore_background(energy, flat.data[None]))
    np.testing.assert_allclose(table.probabilities.data, expected.probabilities[0], atol=1e-6)
    assert set(raw.elements) == set(table.elements) == {"Fe", "O"}
