"""The pooled check of weak elements in small maps (hyperspy/pooled_check.py)."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.pooled_check import (
    POOLED_WORTH,
    applicable_vetoes,
    needs_check,
    pooled_vetoes,
    weak_elements,
)
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def test_only_maps_where_the_share_asks_for_fewer_than_three_pixels_are_checked():
    assert needs_check(0.02, 64) and needs_check(0.02, 149) and needs_check(0.05, 40)
    assert not needs_check(0.02, 150)  # three pixels asked for: the share decides
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

    def read(spectrum):
        seen.append(spectrum.tolist())
        return np.array([0.9, 0.2]), np.array([0.35, 0.35])

    assert pooled_vetoes(spectra, {0: np.array([1, 3]), 1: np.array([0])}, ["Fe", "O"], read) == {"O": 0.2}
    assert seen == [[12.0, 14.0, 16.0], [0.0, 1.0, 2.0]]


def test_recorded_vetoes_apply_at_the_runs_threshold_and_share_only():
    from hyperspy.misc.utils import DictionaryTreeBrowser

    edgeid = DictionaryTreeBrowser({"pixel_fraction": 0.02, "thresholds": [0.35, 0.35], "pooled_veto": {"O": 0.2}})
    assert applicable_vetoes(edgeid, None, 0.02) == {"O": 0.2}
    assert applicable_vetoes(edgeid, 0.35, 0.02) == {"O": 0.2}  # the run's threshold, given
    assert applicable_vetoes(edgeid, 0.5, 0.02) == {} and applicable_vetoes(edgeid, None, 0.05) == {}
    assert applicable_vetoes(DictionaryTreeBrowser({"pixel_fraction": 0.02}), None, 0.02) == {}
    assert applicable_vetoes(None, None, 0.02) == {}


@pytest.fixture(scope="module")
def noisy_map():
    """A noisy 8 x 8 Cu/Mn map where the bundled model shows F, I and O in a few weak pixels."""
    config = SynthesisConfig.realistic().replace(candidate_elements=PRIOR_TIERS["common"])
    return synthetic_eels(navigation_shape=(8, 8), random_state=16716, config=config)


def test_identify_edges_vetoes_weak_elements_the_pooled_spectrum_does_not_confirm(noisy_map):
    s = noisy_map.deepcopy()
    p = s.identify_edges(show_progressbar=False)
    vetoed = p.metadata.EdgeID.pooled_veto.as_dictionary()
    assert "O" in vetoed and all(v < 0.35 for v in vetoed.values())
    truth = set(s.metadata.Truth.elements)
    assert not set(vetoed) & truth  # the vetoed ones are false elements here
    written = s.metadata.Sample.elements
    assert not set(vetoed) & set(written) and p.metadata.EdgeID.detected == written
    assert p.detected_elements() == written  # re-deciding at the run's settings keeps the veto
    table = p.summary()
    assert "O" in table.held_back and "summed spectrum" in table.held_back["O"]
    # with one pixel enough (pixel_fraction=0) nothing was checked: the pixel rule alone decides
    assert "O" in p.detected_elements(pixel_fraction=0)


def test_no_check_where_the_share_asks_for_three_pixels(noisy_map):
    s = noisy_map.deepcopy()
    p = s.identify_edges(show_progressbar=False, pixel_fraction=0.05)  # 3.2 of 64 pixels
    assert p.metadata.EdgeID.get_item("pooled_veto") is None
