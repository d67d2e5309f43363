"""The few-counts check of a map's minority elements (hyperspy/few_counts.py, in hyperspy/pooled_check.py)."""

import numpy as np
import pytest
from exspy.signals import EELSSpectrum

from hyperspy_eels_edgeid.hyperspy import pooled_check
from hyperspy_eels_edgeid.hyperspy.few_counts import LOW_COUNTS, MINORITY_SHARE, minority_elements, pixel_counts

ENERGY = np.arange(400.0, 700.0, 0.5)


@pytest.mark.parametrize("counts", [5.0, 60.0, 2000.0])
def test_pixel_counts_are_the_counts_per_channel_per_pixel_whatever_the_gain(counts):
    sums = np.random.default_rng(1).poisson(4 * counts, (20, ENERGY.size)).astype(float)  # sums of 4 pixels
    estimates = [pixel_counts(ENERGY, total, "O", 4) for total in sums]  # each from 70 channels before O K
    assert np.median(estimates) == pytest.approx(counts, rel=0.15)
    total = sums[0]
    assert pixel_counts(ENERGY, 23.0 * total, "O", 4) == pytest.approx(pixel_counts(ENERGY, total, "O", 4))
    assert np.isnan(pixel_counts(ENERGY, total, "Au", 4))  # no principal onset in 440-700 eV
    assert np.isnan(pixel_counts(ENERGY[:100], total[:100], "O", 4))  # O K beyond this window


def test_minority_elements_are_shown_in_fewer_than_half_the_valid_pixels():
    p = np.full((10, 2), 0.1)
    p[:4, 0] = 0.9  # 4 of 8 valid pixels: half, not fewer
    p[:3, 1] = 0.9
    p[8:] = np.nan  # not analysed
    assert {k: v.tolist() for k, v in minority_elements(p, np.array([0.35, 0.35]), [0, 1]).items()} == {1: [0, 1, 2]}
    assert MINORITY_SHARE == 0.5 and LOW_COUNTS == 100.0


def _map(counts, seed=0, kev=False, reverse=False):
    data = np.random.default_rng(seed).poisson(counts, (6, 6, ENERGY.size)).astype(float)
    s = EELSSpectrum(data[..., ::-1].copy() if reverse else data)
    axis = s.axes_manager.signal_axes[0]
    axis.offset, axis.scale, axis.units = (ENERGY[0] / 1e3, 0.5e-3, "keV") if kev else (ENERGY[0], 0.5, "eV")
    if reverse:  # the same spectra on a decreasing axis
        axis.offset, axis.scale = axis.axis[-1], -axis.scale
    return s


@pytest.mark.parametrize(
    "counts, shown, vetoed, kev, reverse", [(20.0, 3, True, False, False), (20.0, 3, True, True, False),
                                            (20.0, 3, True, False, True), (5000.0, 3, False, False, False),
                                            (20.0, 20, False, False, False)]
)  # fmt: skip
def test_minority_elements_of_few_counts_are_read_on_their_whole_sum(monkeypatch, counts, shown, vetoed, kev, reverse):
    monkeypatch.setattr(pooled_check, "local_vetoes", lambda *args: {})  # their neighbourhoods confirm them
    p = np.full((36, 2), 0.1)
    p[:, 0] = 0.9  # Ti everywhere
    p[:shown, 1] = 0.6  # O in a few pixels
    reads = []

    def read(spectra):  # a model that finds Ti and no O in any sum
        reads.append(len(spectra))
        return np.tile([0.9, 0.05], (len(spectra), 1)), np.array([0.35, 0.35])

    thresholds = np.array([0.35, 0.35])
    signal = _map(counts, kev=kev, reverse=reverse)
    got = pooled_check.image_vetoes(signal, p, ["Ti", "O"], ["O", "Ti"], thresholds, reverse, read, False)
    assert got == ({"O": 0.05} if vetoed else {})
    assert reads == ([1] if vetoed else [])  # the whole sum is read only where the check applies
    # background-subtracted spectra (restored for the network) hold no counts before an edge: never checked
    assert pooled_check.image_vetoes(signal, p, ["Ti", "O"], ["O", "Ti"], thresholds, reverse, read, False, False) == {}


def test_identify_edges_vetoes_an_element_that_noise_shows_in_few_pixels_of_few_counts(monkeypatch):
    from hyperspy_eels_edgeid.data import synthetic_eels
    from hyperspy_eels_edgeid.hyperspy import few_counts
    from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig

    # a noisy C/Mn map (`realistic()`), in which I shows in a few pixels and their neighbourhoods
    config = SynthesisConfig.realistic().replace(candidate_elements=PRIOR_TIERS["common"])
    s = synthetic_eels(navigation_shape=(8, 8), random_state=48423, config=config)
    p = s.deepcopy().identify_edges(show_progressbar=False)
    assert p.detected_elements() == sorted(s.metadata.Truth.elements) == ["C", "Mn"]
    vetoed = p.metadata.EdgeID.pooled_veto.as_dictionary()
    assert "I" in vetoed and vetoed["I"] < 0.35
    monkeypatch.setattr(few_counts, "LOW_COUNTS", 0.0)  # the check never applies: I is written
    assert "I" in s.deepcopy().identify_edges(show_progressbar=False).detected_elements()
