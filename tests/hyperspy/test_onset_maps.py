"""Per-pixel onset maps (``get_onset_maps``): truth, eager = lazy, one network pass, .hspy round trip."""

from __future__ import annotations

import numpy as np
import pytest
from ._identify_helpers import spectrum, spectrum_image, tiny_weights

from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.recognizer.block_prediction import predict_block
from hyperspy_eels_edgeid.recognizer.loading import supported_elements
from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

#: Largest distance (eV) between a mapped onset and the true onset of the synthetic spectrum image.
TOLERANCE_EV = 4.0


@pytest.fixture(scope="module")
def weights():
    return tiny_weights()


@pytest.mark.skipif(not read_metadata(None).get("trained", False), reason="the bundled weights are untrained")
def test_onset_maps_match_the_true_onsets():
    from hyperspy.signals import Signal2D

    from hyperspy_eels_edgeid.data import synthetic_eels

    si = synthetic_eels(["Fe", "O"], navigation_shape=(4, 3), random_state=0)
    truth = dict(zip(si.metadata.Truth.element_map_elements, si.metadata.Truth.element_maps))
    parameters = si.metadata.Truth.parameters
    p = si.identify_edges(device="cpu", add_elements=False)
    maps = {m.metadata.Sample.elements[0]: m for m in p.get_onset_maps()}
    assert set(maps) == {"Fe", "O"}
    thresholds = dict(zip(p.metadata.EdgeID.elements, p.metadata.EdgeID.thresholds))
    for element, m in maps.items():
        assert isinstance(m, Signal2D) and m.data.shape == (3, 4)
        assert m.metadata.Signal.quantity == "Onset (eV)"
        assert "Onset" in m.metadata.General.title or "onset" in m.metadata.General.title
        assert [ax.name for ax in m.axes_manager.signal_axes] == ["x", "y"]
        edge = m.metadata.Sample.edges[0]
        # the recorded axis is E = E_true * (1 + expansion) + shift (synthesis.generator)
        true_onset = onset_energy(edge) * (1.0 + parameters["expansion"]) + parameters["shift"]
        shown = p.isig[p.metadata.EdgeID.elements.index(element)].data >= thresholds[element]
        np.testing.assert_array_equal(np.isfinite(m.data), shown)  # NaN exactly where not shown
        assert np.all(np.abs(m.data[shown] - true_onset) <= TOLERANCE_EV), (element, m.data, true_onset)
        assert (shown & truth[element]).sum() >= 0.8 * truth[element].sum()


def test_eager_and_lazy_onset_maps_agree_and_the_network_runs_once(weights, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import blocks

    s = spectrum_image()
    eager = s.identify_edges(weights=weights, add_elements=False, navigation_chunks=(3, 5))
    calls = []
    original = blocks.identify_block

    def spy(block, *args, **kwargs):
        if block.size:
            calls.append(block.shape)
        return original(block, *args, **kwargs)

    monkeypatch.setattr(blocks, "identify_block", spy)
    lazy = s.as_lazy().identify_edges(weights=weights, lazy_output=True, navigation_chunks=(3, 5))
    assert lazy.metadata.EdgeID.pixel_onsets._lazy
    maps = lazy.get_onset_maps("all", threshold=1e-6)
    assert maps and all(m._lazy for m in maps)
    for m, e in zip(maps, eager.get_onset_maps("all", threshold=1e-6)):
        np.testing.assert_allclose(m.data.compute(), e.data, atol=1e-3, equal_nan=True)
        assert m.metadata.General.title == e.metadata.General.title
    calls.clear()
    n_blocks = int(np.prod(lazy.data.numblocks))
    assert n_blocks > 1
    lazy.compute()  # probabilities and onsets in one pass over the blocks: each block once
    assert len(calls) == n_blocks
    assert not lazy._lazy and not lazy.metadata.EdgeID.pixel_onsets._lazy
    np.testing.assert_allclose(lazy.data, eager.data, rtol=0, atol=1e-6)
    np.testing.assert_allclose(
        lazy.metadata.EdgeID.pixel_onsets.data, eager.metadata.EdgeID.pixel_onsets.data, atol=1e-3, equal_nan=True
    )


def test_onsets_are_nan_where_not_observable_and_probabilities_unchanged(weights):
    s = spectrum_image()
    p = s.identify_edges(weights=weights, add_elements=False, sum_neighbours=False)
    onsets = p.metadata.EdgeID.pixel_onsets
    assert onsets.data.shape == p.data.shape and onsets.metadata.Signal.quantity == "Onset (eV)"
    observable = np.asarray(p.metadata.EdgeID.observable)
    assert np.isnan(onsets.data[..., ~observable]).all()
    finite = onsets.data[np.isfinite(onsets.data)]
    assert finite.size and (finite >= 400.0).all() and (finite <= 912.0).all()  # inside the window (eV)
    # the probabilities are those of predict_block, as before onsets were added
    flat = s.data.reshape(-1, s.data.shape[-1])
    expected = predict_block(flat, s.axes_manager[-1].axis, weights, "cpu", 64)
    np.testing.assert_allclose(p.data.reshape(expected.shape), expected, rtol=0, atol=1e-6)


def test_predict_block_with_onsets(weights):
    energy = spectrum().axes_manager[-1].axis
    block = np.stack([spectrum(seed=i).data for i in range(3)]).reshape(3, 1, -1)
    k = len(supported_elements(weights))
    plain = predict_block(block, energy, weights, "cpu", 64)
    both = predict_block(block, energy, weights, "cpu", 64, with_onsets=True)
    assert both.shape == (3, 1, 2 * k) and both.dtype == np.float32
    np.testing.assert_array_equal(both[..., :k], plain)


def test_identify_block_with_onsets(weights):
    from hyperspy_eels_edgeid.hyperspy.blocks import identify_block

    energy = spectrum().axes_manager[-1].axis
    block = np.stack([spectrum(seed=i).data for i in range(3)]).reshape(1, 3, -1)
    block[0, 1] = 0.0  # a constant spectrum: refused, NaN probabilities and onsets
    k = len(supported_elements(weights))
    args = (energy, False, weights, "cpu", 64, "raise", k)
    plain = identify_block(block, *args)
    both = identify_block(block, *args, with_onsets=True)
    assert both.shape == (1, 3, 2 * k)
    np.testing.assert_array_equal(both[..., :k], plain)
    assert np.isnan(both[0, 1]).all() and np.isfinite(both[0, 0, k:]).any()


@pytest.mark.parametrize("lazy_output", [False, True])
def test_onset_maps_round_trip_through_hspy(weights, tmp_path, lazy_output):
    import hyperspy.api as hs

    p = spectrum_image().identify_edges(weights=weights, add_elements=False, lazy_output=lazy_output)
    expected = [m.data for m in spectrum_image().identify_edges(weights=weights).get_onset_maps("all", 1e-6)]
    path = tmp_path / "p.hspy"
    p.save(path)
    for lazy in (False, True):
        back = hs.load(path, lazy=lazy)
        maps = back.get_onset_maps("all", threshold=1e-6)
        assert [m.metadata.Signal.quantity for m in maps] == ["Onset (eV)"] * len(maps)
        for m, e in zip(maps, expected):
            data = m.data.compute() if lazy else m.data
            np.testing.assert_allclose(data, e, atol=1e-3, equal_nan=True)


def test_line_scan_single_spectrum_and_sliced_results(weights):
    from hyperspy.signals import Signal1D, Signal2D

    line = spectrum_image(shape=(7, 1)).inav[:, 0].identify_edges(weights=weights, add_elements=False)
    maps = line.get_onset_maps("all")
    assert maps and all(isinstance(m, Signal1D) and not isinstance(m, Signal2D) for m in maps)
    assert maps[0].data.shape == (7,)
    table = spectrum().identify_edges(weights=weights, add_elements=False)
    with pytest.raises(ValueError, match="single spectrum"):
        table.probabilities.get_onset_maps()
    p = spectrum_image().identify_edges(weights=weights, add_elements=False)
    with pytest.raises(ValueError, match="sliced"):
        p.inav[1:3].get_onset_maps("all")
    # a flipped or transposed result keeps its shape: its onsets must not be read in the old pixel order
    square = spectrum_image(shape=(4, 4)).identify_edges(weights=weights, add_elements=False)
    for moved in (square.inav[::-1], square.inav[:, ::-1], square.swap_axes(0, 1)):
        with pytest.raises(ValueError, match="flipped"):
            moved.get_onset_maps("all")
        assert "detected: not recorded here" in repr(moved)  # the unsliced result's list is not shown as its own
    assert square.inav[:, :].get_onset_maps("all")  # the whole result, copied: still its own onsets
    # nothing observable: the message says so (it asked for 'all', which was given)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        empty = spectrum_image(shape=(2, 2)).isig[:120].deepcopy()
        empty.axes_manager.signal_axes[0].offset = 3000.0
        nothing = empty.identify_edges(weights=weights, add_elements=False)
    with pytest.raises(ValueError, match="none is observable here"):
        nothing.plot_element_maps("all")
    # a slice of a lazy result, computed, shows the elements decided on its own pixels
    # (at a threshold where the untrained model detects some, no shift search, which decides on the mean spectrum)
    image = spectrum_image(shape=(4, 4))
    first = image.identify_edges(weights=weights, add_elements=False, shift_search=False).data
    threshold = 0.999 * float(np.sort(np.median(first, axis=(0, 1)))[-3])
    # Co, Cu and Ni not candidates: the white-line ratio check, which a lazy result does not make, is out of play
    settings = dict(weights=weights, shift_search=False, threshold=threshold, exclude=["Co", "Cu", "Ni"])
    lazy_slice = image.identify_edges(lazy_output=True, **settings).inav[:2, :2]
    lazy_slice.compute()
    own = image.inav[:2, :2].identify_edges(add_elements=False, **settings).metadata.EdgeID.detected
    assert own and "see summary()" not in repr(lazy_slice) and lazy_slice.metadata.EdgeID.detected == own
    with pytest.raises(ValueError, match="not one of"):
        p.get_onset_maps(["Xx"])
    del p.metadata.EdgeID.pixel_onsets
    with pytest.raises(ValueError, match="no per-pixel onsets"):
        p.get_onset_maps("all")


def test_a_failed_compute_leaves_the_lazy_result_as_it_was(weights, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import blocks

    lazy = spectrum_image().as_lazy().identify_edges(weights=weights, lazy_output=True)
    shape = lazy.data.shape

    def broken(*args, **kwargs):
        raise RuntimeError("block failed")

    monkeypatch.setattr(blocks, "predict_block", broken)
    with pytest.raises(RuntimeError, match="block failed"):
        lazy.compute()
    assert lazy._lazy and lazy.data.shape == shape
