import warnings

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy import flat_noise
from hyperspy_eels_edgeid.hyperspy.flat_noise import difference_correlation, noise_only
from hyperspy_eels_edgeid.hyperspy.identify import InvalidPixelsWarning


@pytest.mark.parametrize("counts", [0.3, 2.0, 50.0, 1e4])
def test_flat_noise_of_any_level_is_noise_only(counts):
    rng = np.random.default_rng(1)
    assert noise_only(rng.poisson(counts, (50, 1024)).astype(float)).all()
    assert noise_only(counts + rng.normal(0.0, 1.0, (50, 1024))).all()


@pytest.mark.parametrize("width", [1.0, 1.5, 4.0])
def test_noise_correlated_over_neighbouring_channels_is_noise_only(width):
    # a scintillator/CCD detector's point-spread function: neighbouring channels' differences miss most of it
    noise = gaussian_filter1d(np.random.default_rng(5).normal(0.0, 1.0, (50, 1024)), width, axis=-1)
    assert noise_only(100.0 + 3.0 * noise / noise.std()).all()


def test_uncorrelated_spectra_are_judged_without_the_correlated_noise_estimate(monkeypatch):
    rng = np.random.default_rng(6)
    energy = np.linspace(400.0, 912.0, 1024)
    level = np.exp(rng.uniform(np.log(0.2), np.log(30.0), (300, 1)))
    spectra = rng.poisson(level * (1.0 + rng.uniform(0.0, 2.0, (300, 1)) * (energy / 400.0) ** -3.0)).astype(float)
    assert (difference_correlation(spectra) < flat_noise.CORRELATED_DIFFERENCES).all()
    judged = noise_only(spectra)
    monkeypatch.setattr(flat_noise, "CORRELATED_DIFFERENCES", np.inf)  # the test without the estimate
    assert (noise_only(spectra) == judged).all() and 0 < judged.sum() < 300


def test_a_falling_background_or_an_edge_is_signal_even_at_few_counts():
    rng = np.random.default_rng(2)
    energy = np.linspace(400.0, 912.0, 1024)
    background = 3.0 * (energy / 400.0) ** -3.0
    edge = 1.5 * (energy > 532.0)
    spectra = np.vstack([rng.poisson(background * 9, (20, 1024)), rng.poisson(1.0 + edge, (20, 1024))])
    assert not noise_only(spectra.astype(float)).any()


def test_nonfinite_channels_short_and_constant_spectra_are_left_to_the_other_checks():
    rng = np.random.default_rng(3)
    flat = rng.poisson(2.0, (2, 1024)).astype(float)
    flat[0, 100:140] = np.nan
    assert noise_only(flat).tolist() == [True, True]
    assert not noise_only(rng.poisson(2.0, (3, 31)).astype(float)).any()
    assert not noise_only(np.ones((2, 1024))).any()


def test_vacuum_pixels_of_a_map_are_not_analysed_and_write_no_element():
    s = synthetic_eels(["O", "Fe"], navigation_shape=(16, 16), energy_axis=(400.0, 0.5, 1024), random_state=42001)
    rng = np.random.default_rng(42001)
    yy, xx = np.mgrid[:16, :16]
    vacuum = (xx - 8) ** 2 + (yy - 8) ** 2 > 36
    s.data[vacuum] = rng.poisson(2.0, (int(vacuum.sum()), s.data.shape[-1]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = s.identify_edges(show_progressbar=False)
    deep = (xx - 8) ** 2 + (yy - 8) ** 2 > 64  # vacuum whose whole 3 x 3 neighbourhood is vacuum
    assert np.isnan(p.data[deep & (xx > 0) & (xx < 15) & (yy > 0) & (yy < 15)]).all()
    assert np.isfinite(p.data[~vacuum]).all()
    assert any(issubclass(w.category, InvalidPixelsWarning) and "flat within their noise" in str(w.message)
               for w in caught)
    assert set(s.metadata.Sample.elements) == {"Fe", "O"}


def test_an_all_nan_row_gives_no_warning_and_is_left_to_the_other_checks():
    rng = np.random.default_rng(4)
    spectra = rng.poisson(2.0, (2, 256)).astype(float)
    spectra[1] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert noise_only(spectra).tolist() == [True, False]


def _vacuum(shape, lazy=False):
    from exspy.signals import EELSSpectrum

    s = EELSSpectrum(np.random.default_rng(5).poisson(2.0, shape + (1024,)).astype(float))
    axis = s.axes_manager.signal_axes[0]
    axis.offset, axis.scale, axis.units = 400.0, 0.5, "eV"
    return s.as_lazy() if lazy else s


def test_a_map_of_vacuum_only_is_refused_naming_the_reason():
    from hyperspy_eels_edgeid.hyperspy._validation import InvalidSpectrumError

    with pytest.raises(InvalidSpectrumError, match="flat within its noise"):
        _vacuum((4, 4)).identify_edges(show_progressbar=False)


@pytest.mark.parametrize("sum_neighbours", [True, False])
def test_a_lazy_line_scan_of_vacuum_gives_nan_pixels(sum_neighbours):
    s = _vacuum((6,), lazy=True)
    p = s.identify_edges(show_progressbar=False, add_elements=False, lazy_output=True, sum_neighbours=sum_neighbours)
    assert np.isnan(np.asarray(p.data.compute() if hasattr(p.data, "compute") else p.data)).all()
