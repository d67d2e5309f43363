"""Bad input gets a clear exception (what is wrong, what to do); awkward but valid input works."""

from __future__ import annotations

import numpy as np
import pytest
from ._identify_helpers import CHANNELS, OFFSET, SCALE, energy_axis, spectrum, spectrum_image, tiny_weights

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.identify import (
    EdgeIdentificationError,
    EnergyAxisError,
    InvalidSpectrumError,
    LowLossSpectrumError,
    NonFiniteDataError,
    NoOverlapError,
    NotEELSError,
)


@pytest.fixture(scope="module")
def weights():
    return tiny_weights()


def _eels(data, **axis_kw):
    import exspy

    data = np.asarray(data)
    axis = energy_axis(size=data.shape[-1]) | axis_kw
    if "axis" in axis_kw:
        axis = {k: v for k, v in axis.items() if k not in ("offset", "scale", "size")}
    return exspy.signals.EELSSpectrum(data, axes=[axis])


def _probabilities(s, weights, **kw):
    return edgeid.identify_edges(s, weights=weights, add_elements=False, **kw).probabilities.data


# --------------------------------------------------------------------------- wrong kind of signal
def test_plain_signal1d_is_refused_with_set_signal_type_hint(weights):
    import hyperspy.api as hs

    s = hs.signals.Signal1D(spectrum().data)
    with pytest.raises(NotEELSError, match=r"set_signal_type\('EELS'\)"):
        edgeid.identify_edges(s, weights=weights)


@pytest.mark.parametrize("thing", [np.ones(1024), [1.0, 2.0], None])
def test_non_signals_are_refused(weights, thing):
    with pytest.raises(NotEELSError, match="EELSSpectrum"):
        edgeid.identify_edges(thing, weights=weights)


def test_complex_data_are_refused(weights):
    s = spectrum()
    s2 = _eels(s.data.astype(np.complex64))
    with pytest.raises((EdgeIdentificationError, NotEELSError), match="real|complex"):
        edgeid.identify_edges(s2, weights=weights)


def test_masked_arrays_are_refused_with_the_way_to_mask(weights):
    s = spectrum()
    masked = np.ma.masked_array(s.data, mask=np.zeros(s.data.shape, bool))
    masked.mask[:10] = True
    s2 = _eels(s.data)
    s2.data = masked  # HyperSpy keeps a masked array as it is
    assert np.ma.isMaskedArray(s2.data)
    with pytest.raises(EdgeIdentificationError, match=r"masked array.*filled\(np.nan\).*nonfinite='mask'"):
        edgeid.identify_edges(s2, weights=weights)
    s2.data = np.ma.masked_array(s.data)  # nothing masked: read
    edgeid.identify_edges(s2, weights=weights)


# --------------------------------------------------------------------------- energy axis
@pytest.mark.parametrize("size", [0, 1, 5, 15])
def test_too_short_axis(weights, size):
    s = _eels(np.ones(size) * 100.0)
    with pytest.raises(EnergyAxisError, match=r"channel.*at least 16"):
        edgeid.identify_edges(s, weights=weights)


def test_energy_axis_not_last_in_the_data(weights):
    """After rollaxis the energy axis is not the data's last axis: refused with the fix, not read across pixels."""
    rolled = spectrum_image(shape=(3, 2)).rollaxis(2, 0)
    with pytest.raises(EnergyAxisError, match="not the last axis"):
        edgeid.identify_edges(rolled, weights=weights)
    fixed = rolled.transpose(signal_axes=[rolled.axes_manager.signal_axes[0]])
    shape = edgeid.identify_edges(fixed, weights=weights, add_elements=False).data.shape
    assert shape == (2, 3, len(edgeid.supported_elements(weights)))


def test_a_signal_without_title_or_with_odd_sample_elements(weights):
    s = spectrum()
    del s.metadata.General.title
    edgeid.identify_edges(s, weights=weights, add_elements=False)  # no AttributeError
    for given, kept in (("Ti", {"Ti"}), (np.array(["Ti", "Zr"]), {"Ti", "Zr"})):
        s.metadata.set_item("Sample.elements", given)
        edgeid.identify_edges(s, weights=weights, add_elements="extend")
        assert kept <= set(s.metadata.Sample.elements) and "i" not in s.metadata.Sample.elements


def test_uncalibrated_axis(weights):
    import exspy

    s = exspy.signals.EELSSpectrum(spectrum().data)
    with pytest.raises(EnergyAxisError, match="not calibrated"):
        edgeid.identify_edges(s, weights=weights)


def test_wrong_units(weights):
    s = spectrum(units="nm")
    with pytest.raises(EnergyAxisError, match="'nm'.*eV, keV or meV"):
        edgeid.identify_edges(s, weights=weights)


def test_no_overlap_with_the_grid(weights):
    s = spectrum(offset=5000.0)
    with pytest.raises(NoOverlapError, match="starts at 5000.0 eV, above the model's energy range"):
        edgeid.identify_edges(s, weights=weights)
    s = _eels(np.linspace(1000, 10, 100), offset=20.0, scale=0.5)  # 20-69.5 eV, no zero-loss peak
    with pytest.raises(NoOverlapError, match="ends at 69.5 eV, below"):
        edgeid.identify_edges(s, weights=weights)


def test_window_too_narrow_for_any_edge_warns(weights):
    """A window around Mo L3 (2520 eV) between two of the model's steps there: inside the grid and
    wider than the 30 eV overlap asked for, but holding none of its steps (read from the model, so the
    test holds for any grid)."""
    import warnings

    from hyperspy_eels_edgeid.hyperspy.identify import NothingObservableWarning
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    steps = load_recognizer(weights, device="cpu").step_energy
    start = float(steps[steps <= 2520.0].max()) + 0.5
    stop = float(steps[steps > 2520.0].min()) - 0.5
    power_law = 1e5 * (np.arange(start, stop, 0.05) / start) ** -3.0
    with pytest.warns(NothingObservableWarning, match=f"{start:.1f}-"):
        table = edgeid.identify_edges(_eels(power_law, offset=start, scale=0.05), weights=weights)
    assert table.elements == [] and "Mo" in table.not_observable
    import exspy

    image = exspy.signals.EELSSpectrum(np.tile(power_law, (2, 3, 1)))
    image.axes_manager.signal_axes[0].offset = start
    image.axes_manager.signal_axes[0].scale = 0.05
    image.axes_manager.signal_axes[0].units = "eV"
    assert image.axes_manager.navigation_shape == (3, 2)
    with pytest.warns(NothingObservableWarning):
        edgeid.identify_edges(image, weights=weights, add_elements=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", NothingObservableWarning)
        edgeid.identify_edges(spectrum(), weights=weights, add_elements=False)


def test_window_whose_edges_all_lie_in_the_window_end_margins_warns_alike_for_a_spectrum_and_an_image(weights):
    """1500-1540 eV holds network steps but only edges the window-end rule does not judge (Yb M5 at 1528 eV, 12 eV
    before the end): the table, the image's not-observable list and the warning agree."""
    import exspy

    from hyperspy_eels_edgeid.hyperspy.identify import NothingObservableWarning

    e = 1500.0 + 0.5 * np.arange(80)
    power_law = 1e9 * e**-3.0
    with pytest.warns(NothingObservableWarning):
        table = edgeid.identify_edges(_eels(power_law, offset=1500.0, scale=0.5), weights=weights, add_elements=False)
    assert table.elements == [] and "Yb" in table.not_observable
    image = exspy.signals.EELSSpectrum(np.tile(power_law, (2, 2, 1)))
    image.axes_manager.signal_axes[0].offset = 1500.0
    image.axes_manager.signal_axes[0].scale = 0.5
    image.axes_manager.signal_axes[0].units = "eV"
    with pytest.warns(NothingObservableWarning):
        p = edgeid.identify_edges(image, weights=weights, add_elements=False)
    assert "Yb" in p.summary().not_observable
    assert p.get_element_maps("all") == []


def test_low_loss_spectrum(weights):
    e = np.arange(-20.0, 80.0, 0.1)
    y = 1e6 * np.exp(-0.5 * (e / 0.5) ** 2) + 1e4 * np.exp(-0.5 * ((e - 22) / 5) ** 2) + 10
    s = _eels(y, offset=-20.0, scale=0.1)
    with pytest.raises(LowLossSpectrumError, match="low-loss spectrum.*Pass the core-loss spectrum"):
        edgeid.identify_edges(s, weights=weights)


def test_zero_loss_peak_with_core_loss_region_is_refused(weights):
    """A zero-loss peak in range is refused whatever the window's length (issue 15); the message names the crop."""
    e = np.arange(-20.0, 1000.0, 0.5)
    y = 1e8 * np.exp(-0.5 * (e / 0.5) ** 2) + 1e5 * np.clip(e, 30, None) ** -2.5 * 1e3 + 10
    s = _eels(y, offset=-20.0, scale=0.5)
    with pytest.raises(LowLossSpectrumError, match=r"s\.isig\[50\.0:\]"):
        edgeid.identify_edges(s, weights=weights, add_elements=False)
    table = edgeid.identify_edges(s.isig[50.0:], weights=weights, add_elements=False)  # the fix it names works
    assert table.probabilities.data.shape == (len(edgeid.supported_elements()),)


def test_kev_axis_equals_ev_axis(weights):
    ev = _probabilities(spectrum(), weights)
    kev = _probabilities(spectrum(units="keV", offset=OFFSET / 1e3, scale=SCALE / 1e3), weights)
    np.testing.assert_allclose(kev, ev, rtol=0, atol=1e-5)


def test_non_uniform_axis(weights):
    energy = OFFSET + SCALE * np.arange(CHANNELS)
    uniform = _probabilities(spectrum(), weights)
    same = _eels(spectrum().data, axis=energy)
    assert not same.axes_manager.signal_axes[0].is_uniform
    np.testing.assert_allclose(_probabilities(same, weights), uniform, rtol=0, atol=1e-5)
    warped = _eels(spectrum().data, axis=OFFSET + 600.0 * (np.arange(CHANNELS) / CHANNELS) ** 1.1)
    p = _probabilities(warped, weights)
    assert p.shape == uniform.shape and np.isfinite(p).all()


def test_decreasing_axis_is_read_backwards(weights):
    s = spectrum()
    energy = OFFSET + SCALE * np.arange(CHANNELS)
    backwards = _eels(s.data[::-1].copy(), axis=energy[::-1].copy())
    np.testing.assert_allclose(_probabilities(backwards, weights), _probabilities(s, weights), rtol=0, atol=1e-5)


# --------------------------------------------------------------------------- dtypes
@pytest.mark.parametrize("dtype", [">f4", ">f8", "<f8", "int32", "uint16", ">i4"])
def test_integer_and_big_endian_dtypes_are_converted(weights, dtype):
    data = spectrum().data
    reference_data = np.round(data / data.max() * 60000.0)  # counts that fit every dtype tested
    reference = _probabilities(_eels(reference_data.astype(np.float32)), weights)
    s = _eels(reference_data.astype(dtype))
    np.testing.assert_allclose(_probabilities(s, weights), reference, rtol=0, atol=1e-6)
    assert s.data.dtype == np.dtype(dtype)  # input untouched


def test_big_endian_spectrum_image(weights):
    s = spectrum_image(shape=(3, 2))
    reference = edgeid.identify_edges(s, weights=weights, add_elements=False).data
    s.data = s.data.astype(">f4")
    np.testing.assert_allclose(edgeid.identify_edges(s, weights=weights, add_elements=False).data, reference, atol=1e-6)


# --------------------------------------------------------------------------- values
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nonfinite_values_raise_by_default(weights, bad):
    s = spectrum()
    s.data[100] = bad
    with pytest.raises(NonFiniteDataError, match="NaN or infinite.*nonfinite='mask'"):
        edgeid.identify_edges(s, weights=weights)


def test_nonfinite_values_masked(weights):
    s = spectrum()
    s.data[100:110] = np.nan
    s.data[500] = np.inf
    p = _probabilities(s, weights, nonfinite="mask")
    assert np.isfinite(p).all()
    assert np.isnan(s.data[100:110]).all() and np.isinf(s.data[500])  # input untouched


def test_nonfinite_in_spectrum_image_raise_and_lazy(weights):
    s = spectrum_image(shape=(3, 2))
    s.data[1, 1, 7] = np.nan
    with pytest.raises(NonFiniteDataError):
        edgeid.identify_edges(s, weights=weights)
    with pytest.raises(NonFiniteDataError):
        edgeid.identify_edges(s.as_lazy(), weights=weights)


def test_bad_option_values(weights):
    s = spectrum()
    for kwargs, match in [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 1.5}, "threshold"),
        ({"pixel_fraction": 2.0}, "pixel_fraction"),
        ({"device": "tpu"}, "device"),
        ({"nonfinite": "ignore"}, "nonfinite"),
        ({"batch_size": 0}, "batch_size"),
        ({"precision": "float16"}, "precision"),
        ({"precision": None}, "precision"),
        ({"despike": "yes"}, "despike"),
        ({"despike": None}, "despike"),
        ({"touching_pixels": "yes"}, "touching_pixels"),
        ({"threshold": "0.5"}, "threshold"),
        ({"threshold": True}, "threshold"),
        ({"pixel_fraction": None}, "pixel_fraction"),
        ({"add_elements": "no"}, "add_elements"),
        ({"lazy_output": 1}, "lazy_output"),
        ({"navigation_chunks": 0}, "navigation_chunks"),
        ({"navigation_chunks": (4, -2)}, "navigation_chunks"),
    ]:
        with pytest.raises(ValueError, match=match):
            edgeid.identify_edges(s, weights=weights, **kwargs)


def test_valid_option_values_are_accepted(weights):
    """numpy scalars, 0-d arrays and dask's chunk notation keep working."""
    s = spectrum()
    settings = dict(weights=weights, add_elements=False, shift_search=False)
    first = edgeid.identify_edges(s, **settings).probabilities.data
    t = float(np.sort(first)[-4])  # the untrained model reports 4 elements at this threshold (none at its own)
    reference = edgeid.identify_edges(s, threshold=t, **settings)
    assert len(reference.elements) == 4
    for threshold in (np.float32(t), np.array(t), t, 1):
        table = edgeid.identify_edges(s, threshold=threshold, **settings)
        np.testing.assert_array_equal(table.probabilities.data, reference.probabilities.data)
        assert table.probabilities.metadata.EdgeID.thresholds == [float(np.float32(threshold))] * first.size
        assert table.elements == (reference.elements if threshold != 1 else [])
    si = spectrum_image()
    expected = edgeid.identify_edges(si, weights=weights, add_elements=False).data
    for chunks in (-1, (-1, -1), (None, 2), ("auto", 2), ((2, 3), -1), 2):  # the array is (y=5, x=6, E)
        got = edgeid.identify_edges(si, weights=weights, add_elements=False, navigation_chunks=chunks).data
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    p = edgeid.identify_edges(si, weights=weights, add_elements=False, pixel_fraction=np.float64(0.1))
    assert p.detected_elements(threshold=np.array(0.5), pixel_fraction=np.float32(0.1)) == p.detected_elements(0.5, 0.1)
    with pytest.raises(ValueError, match="threshold"):
        p.detected_elements(threshold="0.5")


@pytest.mark.parametrize("value", [0.0, 3.0])
def test_constant_spectra(weights, value):
    with pytest.raises(InvalidSpectrumError, match="constant"):
        edgeid.identify_edges(_eels(np.full(CHANNELS, value)), weights=weights)


def test_mostly_negative_spectrum(weights):
    with pytest.raises(InvalidSpectrumError, match="mostly negative.*raw core-loss counts"):
        edgeid.identify_edges(_eels(-spectrum().data), weights=weights)
    background_subtracted = spectrum().data - np.median(spectrum().data) * 1.5
    with pytest.raises(InvalidSpectrumError, match="mostly negative"):
        edgeid.identify_edges(_eels(background_subtracted), weights=weights)


def test_a_few_negative_channels_are_accepted(weights):
    data = spectrum().data.copy()
    data[-40:] = -np.abs(data[-40:]) * 0.01  # dark-subtracted tail
    p = _probabilities(_eels(data), weights)
    assert np.isfinite(p).all()


def test_spectrum_image_without_a_valid_pixel(weights):
    s = spectrum_image(shape=(3, 2))
    s.data[:] = 0.0
    with pytest.raises(InvalidSpectrumError, match="none of the 6 spectra"):
        edgeid.identify_edges(s, weights=weights)


def test_errors_do_not_come_from_torch(weights):
    """Every refusal above is raised before the model runs: the traceback ends in our validation code."""
    import traceback

    s = _eels(np.zeros(CHANNELS))
    with pytest.raises(InvalidSpectrumError) as info:
        edgeid.identify_edges(s, weights=weights)
    frames = traceback.extract_tb(info.tb)
    assert not any("torch" in f.filename for f in frames)
