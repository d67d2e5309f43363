"""Spike removal before the network: spikes go, everything else stays, and the bundled model stops reading them."""

import warnings

import numpy as np
import pytest

from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes


def _spectrum(dispersion=0.1, n=2000, counts=1e5, seed=0):
    energy = 400.0 + dispersion * np.arange(n)
    clean = counts * (energy / 400.0) ** -3
    return energy, clean, np.random.default_rng(seed).poisson(clean).astype(float)


def test_single_and_double_channel_spikes_are_removed_and_nothing_else():
    energy, clean, y = _spectrum()
    spiked = y.copy()
    spiked[500] += 20 * np.sqrt(clean[500])
    spiked[1200:1202] += 0.5 * clean[1200]
    given = spiked.copy()
    out = remove_spikes(energy, spiked[None])[0]
    changed = np.flatnonzero(out != spiked)
    assert changed.tolist() == [500, 1200, 1201]
    assert np.all(np.abs(out[changed] - clean[changed]) < 5 * np.sqrt(clean[changed]))
    np.testing.assert_array_equal(spiked, given)  # the input is not modified


@pytest.mark.parametrize("dispersion, fwhm", [(0.1, 1.0), (0.25, 1.0), (0.5, 2.0)])
def test_white_lines_and_edge_steps_are_kept(dispersion, fwhm):
    """Peaks at least three channels wide and a sharp step stay, even with a million counts."""
    energy, clean, _ = _spectrum(dispersion, n=1200, counts=1e6)
    onset = energy[600]
    sigma = fwhm / 2.355
    line = lambda centre: np.exp(-0.5 * ((energy - onset - centre) / sigma) ** 2)  # noqa: E731
    peaks = 2.0 * clean[600] * (line(2.0) + 0.6 * line(12.0))
    step = 0.5 * clean[600] * (energy >= onset)
    y = np.random.default_rng(1).poisson(clean + peaks + step).astype(float)
    np.testing.assert_array_equal(remove_spikes(energy, y[None])[0], y)


def test_coarse_channels_and_gaps_are_left_alone():
    energy, clean, y = _spectrum(dispersion=1.0)
    spiked = y.copy()
    spiked[500] += 0.5 * clean[500]
    # a white line can be one channel wide: without coarse_height nothing is taken there
    np.testing.assert_array_equal(remove_spikes(energy, spiked[None], coarse_height=None)[0], spiked)
    energy, clean, y = _spectrum()
    y[300:310] = np.nan
    y[312] += 0.5 * clean[312]  # within four channels of the gap
    y[900] += 0.5 * clean[900]
    out = remove_spikes(energy, y[None])[0]
    assert np.isnan(out[300:310]).all() and out[312] == y[312] and out[900] < y[900]


@pytest.mark.parametrize("dispersion", [1.0, 2.0, 8.0])
def test_coarse_channels_take_only_spikes_tall_against_the_signal(dispersion):
    """On channels over 0.5 eV a one-channel white line 0.4 x its baseline stays, a spike of 3 x goes."""
    energy, clean, _ = _spectrum(dispersion, n=600, counts=1e6)
    line = 0.4 * clean[300] * np.exp(-0.5 * ((energy - energy[300]) / (0.4 * dispersion)) ** 2)
    step = 0.1 * clean[300] * (energy >= energy[300])
    y = np.random.default_rng(2).poisson(clean + line + step).astype(float)
    spiked = y.copy()
    spiked[450] += 3.0 * clean[450]
    out = remove_spikes(energy, spiked[None], coarse_height=0.5)[0]
    assert np.flatnonzero(out != spiked).tolist() == [450]
    assert abs(out[450] - y[450]) < 0.02 * y[450]
    # without the height condition the white line's channel would be taken too
    assert 300 in np.flatnonzero(remove_spikes(energy, spiked[None], coarse_height=0.0)[0] != spiked)


def test_a_coarse_spike_spreading_into_its_neighbour_goes_whole():
    energy, clean, y = _spectrum(dispersion=2.0, n=300, counts=1e6)
    spiked = y.copy()
    spiked[150] += 3.0 * clean[150]
    spiked[151] += 0.3 * clean[151]  # a tenth of it in the next channel, below the height asked of one
    out = remove_spikes(energy, spiked[None])[0]
    assert np.flatnonzero(out != spiked).tolist() == [150, 151]
    assert np.all(np.abs(out[150:152] - y[150:152]) < 0.02 * y[150:152])


@pytest.mark.parametrize("dispersion", [0.1, 2.0])
def test_sparse_counts_are_not_taken_for_spikes(dispersion):
    """With a fifth of a count per channel most second differences are 0: the noise is not 0."""
    energy = 400.0 + dispersion * np.arange(1000)
    y = np.random.default_rng(4).poisson(0.2, (20, 1000)).astype(float)
    out = remove_spikes(energy, y)
    assert (out != y).mean() < 0.005 and out.sum() > 0.98 * y.sum()


@pytest.mark.parametrize("dispersion, length", [(0.1, 3), (0.1, 6), (1.0, 4), (2.0, 5)])
def test_streaks_over_several_channels_go_whole(dispersion, length):
    """A cosmic ray across 3-6 channels (3 x the signal) goes; the spectrum around it stays."""
    energy, clean, y = _spectrum(dispersion, n=800, counts=1e5)
    streaked = y.copy()
    streaked[400 : 400 + length] += 3.0 * clean[400]
    out = remove_spikes(energy, streaked[None])[0]
    assert np.flatnonzero(out != streaked).tolist() == list(range(400, 400 + length))
    assert np.all(np.abs(out[400 : 400 + length] - y[400 : 400 + length]) < 0.05 * y[400])


def test_a_streak_whose_baseline_reaches_a_gap_is_left_whole():
    energy, clean, y = _spectrum(n=800)
    y[400:410] = np.nan
    streaked = y.copy()
    streaked[394:399] += 3.0 * clean[394]  # its baseline would lie in the gap
    out = remove_spikes(energy, streaked[None])[0]
    np.testing.assert_array_equal(out, streaked)
    streaked = y.copy()
    streaked[380:385] += 3.0 * clean[380]  # clear of the gap
    changed = np.flatnonzero((remove_spikes(energy, streaked[None])[0] != streaked) & np.isfinite(streaked))
    assert changed.tolist() == list(range(380, 385))


def test_identify_edges_takes_a_spike_out_of_coarse_channels_by_default():
    import hyperspy_eels_edgeid  # noqa: F401
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    warnings.simplefilter("ignore")
    s = synthetic_eels([], energy_axis=(700.0, 2.0, 600), random_state=5)
    c = int(np.searchsorted(s.axes_manager[-1].axis, 1200.0))
    s.data[c] *= 6.0
    assert s.identify_edges(despike=False, add_elements=False).elements  # read as an element
    assert s.identify_edges(add_elements=False).elements == []


def test_the_bundled_model_stops_reading_a_spike_as_an_element():
    import hyperspy_eels_edgeid  # noqa: F401  (registers identify_edges)
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    warnings.simplefilter("ignore")
    s = synthetic_eels([], energy_axis=(900.0, 0.25, 2000), random_state=3)
    c = int(np.searchsorted(s.axes_manager[-1].axis, 1200.0))
    s.data[c] *= 6.0  # one channel at a Gd M5 line's place
    before = s.data.copy()
    assert s.identify_edges(despike=False, add_elements=False).elements  # read as an element
    table = s.identify_edges(add_elements=False)
    assert table.elements == [] and table.probabilities.metadata.EdgeID.despike is True
    np.testing.assert_array_equal(s.data, before)


def test_spectrum_images_are_despiked_block_by_block():
    import hyperspy_eels_edgeid  # noqa: F401
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    warnings.simplefilter("ignore")
    s = synthetic_eels([], navigation_shape=(2, 2), energy_axis=(900.0, 0.25, 2000), random_state=3)
    c = int(np.searchsorted(s.axes_manager[-1].axis, 1200.0))
    s.data[0, 0, c] *= 6.0
    gd = s.identify_edges(despike=False, add_elements=False, pixel_fraction=0.0)
    k = list(gd.metadata.EdgeID.elements).index("Gd")
    assert gd.data[0, 0, k] >= gd.metadata.EdgeID.thresholds[k]  # the spike is read as Gd's M5 line
    p = s.as_lazy().identify_edges(add_elements=False, pixel_fraction=0.0)
    assert p.metadata.EdgeID.despike is True and p.data[0, 0, k] < p.metadata.EdgeID.thresholds[k]
