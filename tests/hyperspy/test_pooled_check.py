"""The pooled check of weak elements in small maps and the local check of the others (hyperspy/pooled_check.py,
hyperspy/local_check.py)."""

import dask.array as da
import numpy as np
import pytest

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import local_check, pooled_check
from hyperspy_eels_edgeid.hyperspy.local_check import LOCAL_PIXELS, local_sets, local_vetoes, neighbourhood
from hyperspy_eels_edgeid.hyperspy.onset_maps import pixels_signature
from hyperspy_eels_edgeid.hyperspy.pooled_check import (
    POOLED_WORTH,
    applicable_vetoes,
    decide_image,
    needs_check,
    pooled_spectra,
    summed_vetoes,
    weak_elements,
)
from hyperspy_eels_edgeid.hyperspy.signals import EELSEdgeProbabilities
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def test_every_map_that_asks_for_two_pixels_is_checked():
    assert needs_check(0.02, 64) and needs_check(0.02, 150) and needs_check(0.02, 65536) and needs_check(0.05, 40)
    assert not needs_check(0.0, 64)  # one pixel is enough: nothing is asked
    assert not needs_check(0.02, 1)


def test_elements_worth_two_nearly_sure_pixels_are_not_checked():
    p = np.zeros((10, 3), dtype=np.float32)
    p[[0, 1], 0] = 0.95  # 1.9: not weak
    p[[2, 3], 1] = 0.94  # 1.88: weak
    p[[4, 5, 6, 7], 2] = 0.5  # 2.0 in four pixels: not weak
    weak = weak_elements(p, np.full(3, 0.35), [0, 1, 2])
    assert list(weak) == [1] and weak[1].tolist() == [2, 3]
    assert POOLED_WORTH == 1.9
    assert weak_elements(p, np.full(3, 0.35), [0, 2]) == {}  # only detected elements are looked at


def test_the_pooled_spectrum_is_the_sum_of_the_showing_pixels():
    spectra = np.arange(12, dtype=float).reshape(4, 3)
    seen = []

    def read(sums):
        seen.extend(sums.tolist())
        return np.tile([0.9, 0.2], (len(sums), 1)), np.array([0.35, 0.35])

    weak = {0: np.array([1, 3]), 1: np.array([0])}
    assert summed_vetoes(pooled_spectra(spectra, list(weak.values())), weak, ["Fe", "O"], read) == {"O": 0.2}
    assert seen == [[12.0, 14.0, 16.0], [0.0, 1.0, 2.0]]


@pytest.mark.parametrize("lazy", [False, True])
def test_pooled_spectra_are_made_block_by_block_in_one_pass(lazy, monkeypatch):
    rng = np.random.default_rng(0)
    spectra = rng.poisson(50.0, size=(50, 7)).astype(np.float32)
    spectra[3] = np.nan  # a pixel not analysed, in no set: it must not reach any sum
    sets = [np.array([0, 1, 49]), np.arange(10, 40), np.array([], dtype=int)]
    expected = np.stack([spectra[s].astype(np.float64).sum(axis=0) for s in sets])
    if lazy:
        got = pooled_spectra(da.from_array(spectra, chunks=(8, 3)), sets)  # blocks across pixels and channels
    else:
        monkeypatch.setattr(pooled_check, "ROWS_PER_BLOCK", 16)  # sets that span blocks
        got = pooled_spectra(spectra, sets)
    assert got.dtype == np.float64 and got.shape == (3, 7)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    image = spectra.reshape(5, 10, 7)  # the same pixels as a map, in blocks across both navigation axes
    as_map = pooled_spectra(da.from_array(image, chunks=(2, 3, 3)) if lazy else image, sets)
    np.testing.assert_allclose(as_map, expected, rtol=1e-12)


def _vetoed_map(data, vetoes, asked=2):
    p = EELSEdgeProbabilities(data.astype(np.float32))
    p.metadata.set_item("EdgeID", {"elements": ["Fe", "O"], "thresholds": [0.35, 0.35], "pixel_fraction": 0.02})
    p.metadata.EdgeID.add_dictionary(
        {"pooled_veto": vetoes, "pooled_veto_pixels": pixels_signature(p), "pooled_veto_asked": asked}
    )
    return p


def test_recorded_vetoes_apply_on_the_same_pixels_threshold_and_pixels_asked_only():
    p = _vetoed_map(np.zeros((8, 8, 2)), {"O": 0.2})
    assert applicable_vetoes(p, None, 0.02, 64) == {"O": 0.2}
    assert applicable_vetoes(p, 0.35, 0.02, 64) == {"O": 0.2}  # the run's threshold, given
    assert applicable_vetoes(p, None, 0.0199999, 64) == {"O": 0.2}  # as many pixels asked for
    assert applicable_vetoes(p, 0.5, 0.02, 64) == {} and applicable_vetoes(p, None, 0.05, 64) == {}
    assert applicable_vetoes(p, None, 0.0, 64) == {}  # one pixel enough: nothing was checked
    assert applicable_vetoes(p.inav[:, :4], None, 0.02, 32) == {}  # a part of the map: other pixels
    assert applicable_vetoes(EELSEdgeProbabilities(np.zeros((8, 8, 2))), None, 0.02, 64) == {}


def test_a_vetoed_element_owns_no_edge():
    data = np.zeros((8, 8, 2))
    data[0, :3, 1] = 0.6  # O in three pixels: it would own the edge
    data[1, :2, 0] = 0.6  # Fe in two, on the same edge
    onsets = np.full((8, 8, 2), 532.0)
    p = _vetoed_map(data, {"O": 0.1})
    args = (data, np.full(2, 0.35), 0.02, False, onsets, (3.0, 0.0), None)
    detected, owner, *_, vetoed = decide_image(p, *args)
    assert vetoed == {"O": 0.1} and detected.tolist() == [True, False] and owner.tolist() == [-1, -1]
    detected, owner, *_, vetoed = decide_image(_vetoed_map(data, {}), *args)  # nothing vetoed: O owns the edge
    assert vetoed == {} and detected.tolist() == [False, True] and owner.tolist() == [1, -1]


@pytest.fixture(scope="module")
def noisy_map():
    """A noisy 8 x 8 Cu/Mn map where the bundled model shows F, I and O in a few weak pixels (each pixel read alone:
    ``sum_neighbours=False`` below)."""
    config = SynthesisConfig.realistic().replace(candidate_elements=PRIOR_TIERS["common"])
    return synthetic_eels(navigation_shape=(8, 8), random_state=16716, config=config)


def test_identify_edges_vetoes_weak_elements_the_pooled_spectrum_does_not_confirm(noisy_map):
    s = noisy_map.deepcopy()
    p = s.identify_edges(show_progressbar=False, sum_neighbours=False)
    thresholds = dict(zip(p.metadata.EdgeID.elements, p.metadata.EdgeID.thresholds))
    vetoed = p.metadata.EdgeID.pooled_veto.as_dictionary()
    assert "O" in vetoed and all(v < thresholds[e] for e, v in vetoed.items())
    truth = set(s.metadata.Truth.elements)
    assert not set(vetoed) & truth  # the vetoed ones are false elements here
    written = s.metadata.Sample.elements
    assert written == ["Cu", "Mn"] == sorted(truth)  # Cu, in two weak pixels, is confirmed by its pooled spectrum
    assert p.metadata.EdgeID.detected == written
    assert p.detected_elements() == written  # re-deciding at the run's settings keeps the veto
    table = p.summary()
    assert "O" in table.held_back and "summed spectra" in table.held_back["O"]
    # with one pixel enough (pixel_fraction=0) nothing was checked: the pixel rule alone decides
    assert "O" in p.detected_elements(pixel_fraction=0)


def test_the_check_runs_wherever_two_pixels_are_asked_for(noisy_map, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import identify

    calls = []
    monkeypatch.setattr(identify, "checked_table", lambda *args: calls.append(args) or args[2])
    read = dict(show_progressbar=False, sum_neighbours=False)
    noisy_map.deepcopy().identify_edges(**read, pixel_fraction=0)  # one pixel is enough
    assert calls == []
    noisy_map.deepcopy().identify_edges(**read, pixel_fraction=0.05)  # 3.2 of 64 pixels
    assert len(calls) == 1


def test_weak_elements_of_small_maps_are_read_whole_and_the_others_locally(noisy_map, monkeypatch):
    whole, local = [], []
    summed, by_neighbourhood = pooled_check.summed_vetoes, pooled_check.local_vetoes

    def record_whole(sums, weak, elements, read):
        whole.extend(elements[k] for k in weak)
        return summed(sums, weak, elements, read)

    def record_local(sums, sets, elements, read):
        local.extend(elements[k] for k in sets)
        assert all(1 <= len(n) <= LOCAL_PIXELS for n in sets.values()) and len(sums) == sum(map(len, sets.values()))
        return by_neighbourhood(sums, sets, elements, read)

    monkeypatch.setattr(pooled_check, "summed_vetoes", record_whole)
    monkeypatch.setattr(pooled_check, "local_vetoes", record_local)
    monkeypatch.setattr(pooled_check, "low_count_elements", lambda *args: ({}, []))  # test_few_counts.py's
    read = dict(show_progressbar=False, sum_neighbours=False)
    noisy_map.deepcopy().identify_edges(**read)  # 1.28 of 64 pixels asked: a small map
    assert "Cu" in whole and "Mn" in local and not set(whole) & set(local)  # Cu shows weakly, Mn surely
    whole.clear(), local.clear()
    noisy_map.deepcopy().identify_edges(**read, pixel_fraction=0.05)  # 3.2 asked: all local
    assert whole == [] and "Mn" in local


def test_a_neighbourhood_is_the_valid_pixels_one_step_away():
    valid = np.ones(20, bool)
    assert neighbourhood(6, (4, 5), valid).tolist() == [0, 1, 2, 5, 6, 7, 10, 11, 12]
    assert neighbourhood(19, (4, 5), valid).tolist() == [13, 14, 18, 19]  # the last corner
    valid[[0, 12]] = False  # not analysed: never summed
    assert neighbourhood(6, (4, 5), valid).tolist() == [1, 2, 5, 6, 7, 10, 11]
    assert neighbourhood(0, (20,), valid).tolist() == [1]  # a line scan's first pixel, itself not valid


def test_the_local_sets_are_the_neighbourhoods_of_the_most_probable_pixels():
    p = np.zeros((5, 5, 2))
    p[0, 0, 0], p[4, 4, 0], p[2, 2, 0], p[0, 4, 0], p[4, 0, 0], p[1, 1, 0] = 0.4, 0.9, 0.8, 0.7, 0.6, 0.3
    p[3, 3] = np.nan  # not analysed
    sets = local_sets(p.reshape(25, 2), np.array([0.35, 0.35]), [0, 1], (5, 5))
    got = [n.tolist() for n in sets[0]]  # 0.9, 0.8, 0.7, 0.6: the fifth (0.4) is not read; pixel 18 is not valid
    assert got == [[19, 23, 24], [6, 7, 8, 11, 12, 13, 16, 17], [3, 4, 8, 9], [15, 16, 20, 21]]
    assert sets[1] == []  # shows nowhere: vetoed


def test_an_element_is_kept_when_one_neighbourhood_reaches_the_level(monkeypatch):
    read = lambda x: (np.array([[0.1, 0.5], [0.3, 0.2], [0.5, 0.2]])[: len(x)], np.array([0.35, 0.35]))  # noqa: E731
    sets = {0: [np.array([0]), np.array([1])], 1: [np.array([2])]}
    assert local_check.LOCAL_LEVEL == 0.2
    assert local_vetoes(np.ones((3, 4)), sets, ["Fe", "O"], read) == {}  # 0.3 and 0.2 reach 0.2
    monkeypatch.setattr(local_check, "LOCAL_LEVEL", 0.25)
    assert local_vetoes(np.ones((3, 4)), sets, ["Fe", "O"], read) == {"O": 0.2}
    monkeypatch.setattr(local_check, "LOCAL_LEVEL", None)  # the threshold
    assert local_vetoes(np.ones((3, 4)), sets, ["Fe", "O"], read) == {"Fe": 0.3, "O": 0.2}
    assert local_vetoes(np.ones((0, 4)), {0: []}, ["Fe", "O"], read) == {"Fe": 0.0}


def test_the_local_level_is_never_above_the_threshold():
    read = lambda x: (np.array([[0.15, 0.15]]), np.array([0.1, 0.35]))  # noqa: E731  a run at threshold 0.1 for Fe
    assert local_vetoes(np.ones((1, 4)), {0: [np.array([0])]}, ["Fe", "O"], read) == {}
    assert local_vetoes(np.ones((1, 4)), {1: [np.array([0])]}, ["Fe", "O"], read) == {"O": 0.15}


def test_lazy_and_reversed_signals_get_the_same_vetoes(noisy_map):
    eager = noisy_map.deepcopy().identify_edges(show_progressbar=False, sum_neighbours=False)
    expected = eager.metadata.EdgeID.pooled_veto.as_dictionary()
    lazy = noisy_map.deepcopy().as_lazy()
    lazy.data = lazy.data.rechunk((4, 4, -1))
    got = lazy.identify_edges(show_progressbar=False, sum_neighbours=False).metadata.EdgeID.pooled_veto.as_dictionary()
    assert got.keys() == expected.keys()
    np.testing.assert_allclose(list(got.values()), list(expected.values()), atol=1e-4)
    flipped = noisy_map.deepcopy()
    axis = flipped.axes_manager.signal_axes[0]
    flipped.data = flipped.data[..., ::-1].copy()
    axis.offset, axis.scale = axis.axis[-1], -axis.scale  # the same spectra on a decreasing axis
    p = flipped.identify_edges(show_progressbar=False, sum_neighbours=False)
    assert p.metadata.EdgeID.pooled_veto.as_dictionary().keys() == expected.keys()
    assert flipped.metadata.Sample.elements == eager.metadata.EdgeID.detected


def test_a_line_scan_is_checked_too(noisy_map):
    from exspy.signals import EELSSpectrum

    energy = noisy_map.axes_manager.signal_axes[0]
    line = EELSSpectrum(noisy_map.data.reshape((64, -1)).copy())  # the map's 64 pixels as one line
    line.axes_manager.signal_axes[0].update_from(energy, ("offset", "scale", "units"))
    line.metadata.add_dictionary({"Acquisition_instrument": noisy_map.metadata.Acquisition_instrument.as_dictionary()})
    p = line.identify_edges(show_progressbar=False, sum_neighbours=False)
    assert "O" in p.metadata.EdgeID.pooled_veto.as_dictionary()
    assert "O" not in line.metadata.Sample.elements
