"""Several networks read as one (`load_recognizer` of a sequence of model directories): the mean of their evidence."""

from __future__ import annotations

import numpy as np
import pytest

from hyperspy_eels_edgeid.recognizer.ensemble import mean_evidence
from hyperspy_eels_edgeid.recognizer.inference import EdgeRecognizer
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_checks import WeightsError
from hyperspy_eels_edgeid.recognizer.model_files import (
    build_network,
    model_metadata,
    network_arguments,
    save_model,
    save_untrained_recognizer,
)

TINY = dict(conv_channels=[4] * 4, hidden=8, dense=8, edge_families=9)


@pytest.fixture(scope="module")
def two_models(tmp_path_factory):
    root = tmp_path_factory.mktemp("ensemble")
    return [str(save_untrained_recognizer(root / name, seed=seed, **TINY)) for name, seed in (("a", 1), ("b", 2))]


def _spectra(n=3):
    energy = np.linspace(300.0, 900.0, 1200)
    rng = np.random.default_rng(0)
    spectra = 1e5 * (energy / 300.0) ** -3.0 * (1 + 0.3 * (energy > 532.0)) * rng.uniform(0.5, 2.0, (n, 1))
    return energy, rng.poisson(spectra).astype(np.float32)


def test_mean_evidence_averages_numbers_and_ands_flags():
    a = {"logits": np.array([[2.0, -1.0]], np.float32), "seen": np.array([[True, True]])}
    b = {"logits": np.array([[0.0, 3.0]], np.float32), "seen": np.array([[True, False]])}
    out = mean_evidence([a, b])
    np.testing.assert_array_equal(out["logits"], [[1.0, 1.0]])
    np.testing.assert_array_equal(out["seen"], [[True, False]])
    assert mean_evidence([a]) is a


def test_an_ensemble_averages_its_members_evidence(two_models):
    energy, spectra = _spectra()
    a, b = (load_recognizer(m, device="cpu") for m in two_models)
    ensemble = load_recognizer(two_models, device="cpu")
    assert len(ensemble.nets) == 2 and ensemble is load_recognizer(tuple(two_models), device="cpu")
    ea, eb, ee = (r.predict(energy, spectra).evidence for r in (a, b, ensemble))
    assert not np.allclose(ea["logits"], eb["logits"])
    for key in ("logits", "family_share", "companion_support"):
        np.testing.assert_allclose(ee[key], (ea[key] + eb[key]) / 2, rtol=1e-5, atol=1e-6)
    # one network twice at equal weights reads as the network alone; a sequence of one is that model
    twice = EdgeRecognizer(a.net, a.metadata, "cpu", members=(a.net,), weights=[0.5, 0.5])
    assert len(twice.nets) == 2
    np.testing.assert_allclose(twice.predict(energy, spectra).probabilities, a.predict(energy, spectra).probabilities,
                               rtol=0, atol=1e-6)  # fmt: skip
    assert load_recognizer([two_models[0]], device="cpu") is a
    assert load_recognizer([two_models[0], two_models[0]], device="cpu") is a
    with pytest.raises(ValueError, match="non-empty"):
        load_recognizer([], device="cpu")


def test_members_on_another_grid_or_without_the_edge_head_are_refused(two_models, tmp_path):
    meta = model_metadata(network_arguments(**TINY), segments=((50.0, 1000.0, 0.5), (1000.0, 4000.0, 1.0)), trained=False)
    other = save_model(tmp_path / "c", build_network(meta), meta)
    headless = save_untrained_recognizer(tmp_path / "d", seed=4, **{**TINY, "edge_families": 0})
    for member in (other, headless):
        with pytest.raises(WeightsError, match="grid, network steps or edge head differ"):
            load_recognizer([two_models[0], str(member)], device="cpu")


def test_members_with_another_label_space_are_refused(two_models, tmp_path):
    """Two elements in the other order: the same shapes, but element k is not the same element in both."""
    meta = model_metadata(network_arguments(**TINY), trained=False)
    for key in ("elements", "onsets"):
        meta[key][0], meta[key][1] = meta[key][1], meta[key][0]
    swapped = save_model(tmp_path / "e", build_network(meta), meta)
    assert load_recognizer(str(swapped), device="cpu").elements[:2] == tuple(meta["elements"][:2])  # a valid model
    with pytest.raises(WeightsError, match="its elements differ"):
        load_recognizer([two_models[0], str(swapped)], device="cpu")


def test_identify_edges_reads_with_an_ensemble_and_names_it(two_models):
    """A map (dask blocks) and one spectrum give the ensemble's probabilities; the metadata and the table name it;
    the bundled model may be a member (None)."""
    import hyperspy_eels_edgeid as edgeid

    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(2,), random_state=0)
    kw = dict(add_elements=False, shift_search=False, threshold=0.5, sum_neighbours=False)
    p = edgeid.identify_edges(s, weights=two_models, **kw)
    assert p.metadata.EdgeID.weights == " + ".join(two_models)
    energy = s.axes_manager.signal_axes[0].axis
    expected = load_recognizer(two_models, device="cpu").predict(energy, s.data, thresholds=0.5).probabilities
    np.testing.assert_allclose(p.data, expected, rtol=0, atol=1e-6)
    table = edgeid.identify_edges(s.inav[0], weights=two_models, **kw)
    assert f"Read by the ensemble {' + '.join(two_models)}" in repr(table)
    with_bundled = edgeid.identify_edges(s, weights=[None, two_models[0]], **kw)
    assert with_bundled.metadata.EdgeID.weights == f"bundled + {two_models[0]}"


def test_a_directory_named_twice_weighs_twice(two_models):
    energy, spectra = _spectra()
    a, b = (load_recognizer(m, device="cpu").predict(energy, spectra).evidence for m in two_models)
    ensemble = load_recognizer([two_models[0], two_models[1], two_models[0]], device="cpu")
    assert len(ensemble.nets) == 2  # the first network runs once
    np.testing.assert_allclose(ensemble.predict(energy, spectra).evidence["logits"], (2 * a["logits"] + b["logits"]) / 3,
                               rtol=1e-5, atol=1e-6)  # fmt: skip
