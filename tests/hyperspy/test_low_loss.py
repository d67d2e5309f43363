"""Low-loss awareness: a low-loss signal is refused; the DualEELS partner checks (and corrects) the energy axis."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ._identify_helpers import tiny_weights

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.identify import LowLossSpectrumError
from hyperspy_eels_edgeid.hyperspy.quantification import create_model
from hyperspy_eels_edgeid.hyperspy.quantification_common import QuantificationWarning, axis_correction
from hyperspy_eels_edgeid.hyperspy.low_loss import (
    EnergyCalibrationWarning,
    LowLossPartnerError,
    ThickSpecimenWarning,
    trained_thickness,
    zero_loss_peak_in_range,
)
from hyperspy_eels_edgeid.hyperspy.zero_loss import relative_thickness, zero_loss_peak_centres

ERROR_EV = 5.0  # the calibration error of the synthetic pair: the zero-loss peak appears at +5 eV


@pytest.fixture(scope="module")
def weights():
    return tiny_weights()


def _low_loss_data(zlp: np.ndarray, energy: np.ndarray, seed: int = 0) -> np.ndarray:
    """Gaussian zero-loss peak at `zlp` (per spectrum), a plasmon 22 eV above it, and a tail; Poisson noise."""
    zlp = np.asarray(zlp, dtype=float)[..., None]
    y = 1e6 * np.exp(-0.5 * ((energy - zlp) / 0.6) ** 2)
    y = y + 5e4 * np.exp(-0.5 * ((energy - zlp - 22.0) / 6.0) ** 2) + 2e3 * np.clip(energy - zlp, 5.0, None) ** -1.0
    return np.random.default_rng(seed).poisson(y).astype(np.float32)


def _partner(e, data, chunks=None):
    """An EELSSpectrum of low-loss `data` on the uniform axis `e` (lazy with `chunks`)."""
    import exspy

    ll = exspy.signals.EELSSpectrum(data.astype(np.float32))
    ax = ll.axes_manager.signal_axes[0]
    ax.offset, ax.scale, ax.units, ax.name = float(e[0]), float(e[1] - e[0]), "eV", "Energy loss"
    return ll if chunks is None else ll.as_lazy(chunks=chunks)


def _low_loss(zlp, offset=-50.0, scale=0.5, size=1000, title="low-loss"):
    energy = offset + scale * np.arange(size)
    ll = _partner(energy, _low_loss_data(np.asarray(zlp, dtype=float), energy))
    ll.metadata.General.title = title
    return ll


def _miscalibrated_core_loss(navigation_shape=()):
    """Fe/O core-loss on 100-1123.5 eV (true), recorded with the same +5 eV error as its low-loss partner."""
    s = edgeid.data.synthetic_eels(
        ["Fe", "O"], navigation_shape=navigation_shape, random_state=0, shift=0.0, energy_axis=(100.0, 0.5, 2048)
    )
    s.axes_manager.signal_axes[0].offset += ERROR_EV
    return s


# --------------------------------------------------------------------------- a low-loss signal is refused


def test_low_loss_of_1000_channels_from_minus_50_ev_is_refused(weights):
    ll = _low_loss(0.0)  # -50 to 449.5 eV: deep into the model's grid, as a DualEELS low-loss half often is
    with pytest.raises(LowLossSpectrumError, match=r"low-loss spectrum.*core-loss.*s\.isig\[50\.0:\]"):
        edgeid.identify_edges(ll, weights=weights)
    assert not ll.metadata.has_item("Sample.elements")  # nothing was added
    line = _low_loss(np.zeros(4))  # a line scan, lazily too
    with pytest.raises(LowLossSpectrumError):
        edgeid.identify_edges(line, weights=weights)
    with pytest.raises(LowLossSpectrumError):
        edgeid.identify_edges(line.as_lazy(), weights=weights)


def test_spectra_without_a_zero_loss_peak_are_not_taken_for_low_loss():
    e = np.arange(5.0, 1005.0, 0.5)  # a core-loss window starting near 0 eV: maximum at its first channel
    assert zero_loss_peak_in_range(e, 1e6 * (e / 5.0) ** -3.0) is None
    e = np.arange(-50.0, 450.0, 0.5)
    assert zero_loss_peak_in_range(e, np.exp(-0.5 * ((e - 30.0) / 0.5) ** 2)) is None  # peak 30 eV away from 0
    assert zero_loss_peak_in_range(e, _low_loss_data(np.array(3.0), e)) == pytest.approx(3.0, abs=0.5)


def test_zero_loss_peak_centres_are_sub_channel():
    rng = np.random.default_rng(3)
    true = rng.uniform(-8.0, 8.0, 50)
    e = np.arange(-50.0, 450.0, 0.5)
    found = zero_loss_peak_centres(e, _low_loss_data(true, e, seed=1))
    np.testing.assert_allclose(found, true, atol=0.05)
    # exspy's estimate (the maximum's channel) agrees to within a channel, and is coarser
    exspy_centres = _low_loss(true).estimate_zero_loss_peak_centre().data
    np.testing.assert_allclose(found, exspy_centres, atol=0.5)
    assert np.abs(found - true).mean() < np.abs(exspy_centres - true).mean()


# --------------------------------------------------------------------------- DualEELS partner


def test_calibration_error_is_corrected_when_asked():
    """The bundled model's onsets move with the axis: corrected, O K comes out nearer its true onset."""
    s = _miscalibrated_core_loss()
    ll = _low_loss(ERROR_EV)
    before_axis, before_data = s.axes_manager.signal_axes[0].offset, s.data.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", EnergyCalibrationWarning)
        table = edgeid.identify_edges(s, low_loss=ll, calibrate_energy=True, add_elements=False)
    meta = table.probabilities.metadata.EdgeID
    record = meta.energy_calibration
    assert record.zero_loss_peak == pytest.approx(ERROR_EV, abs=0.5)
    assert record.shift_applied == pytest.approx(-ERROR_EV, abs=0.5)
    assert meta.energy_range[0] == pytest.approx(100.0, abs=0.5)  # the true start of the window
    # the user's signals are not modified
    assert s.axes_manager.signal_axes[0].offset == before_axis
    np.testing.assert_array_equal(s.data, before_data)
    assert ll.axes_manager.signal_axes[0].offset == -50.0

    with pytest.warns(EnergyCalibrationWarning, match=r"\+5\.0\d eV.*calibrate_energy=True"):
        plain = edgeid.identify_edges(s, low_loss=ll, add_elements=False)
    plain_meta = plain.probabilities.metadata.EdgeID
    assert plain_meta.energy_calibration.shift_applied == 0.0
    assert plain_meta.energy_range[0] == pytest.approx(100.0 + ERROR_EV)
    o = meta.elements.index("O")
    corrected, uncorrected = meta.predicted_onsets[o], plain_meta.predicted_onsets[o]
    assert uncorrected - corrected == pytest.approx(ERROR_EV, abs=1.5)
    assert abs(corrected - 532.0) < abs(uncorrected - 532.0)


def test_calibrated_onsets_are_moved_back_onto_the_signal_axis():
    """create_model(onsets=...) of a calibrate_energy=True run: the onsets lie on the shifted axis, not the signal's."""
    s = _miscalibrated_core_loss()
    table = edgeid.identify_edges(s, low_loss=_low_loss(ERROR_EV), calibrate_energy=True, add_elements=False)
    shift = table.probabilities.metadata.EdgeID.energy_calibration.shift_applied
    assert shift == pytest.approx(-ERROR_EV, abs=0.5)
    as_reported, _ = axis_correction(table)
    on_signal, _ = axis_correction(table, s.axes_manager.signal_axes[0].axis)
    assert on_signal == pytest.approx(as_reported - shift)  # about 5 eV higher: where the signal has the edges
    moved = s.deepcopy()
    moved.axes_manager.signal_axes[0].offset += shift  # shifted alike: used as reported
    assert axis_correction(table, moved.axes_manager.signal_axes[0].axis)[0] == pytest.approx(as_reported)
    s.metadata.Sample.elements = ["O"]
    m = create_model(s, onsets=table)
    assert m["O_K"].onset_energy.value == pytest.approx(532.0 + on_signal, abs=0.01)
    with pytest.warns(QuantificationWarning, match="neither that run's nor it unshifted"):  # a part of s: not told
        assert axis_correction(table, s.isig[200.0:].axes_manager.signal_axes[0].axis)[0] == pytest.approx(as_reported)


def test_well_calibrated_pair_gives_no_warning(weights):
    s = _miscalibrated_core_loss()
    s.axes_manager.signal_axes[0].offset -= ERROR_EV
    with warnings.catch_warnings():
        warnings.simplefilter("error", EnergyCalibrationWarning)
        table = edgeid.identify_edges(s, low_loss=_low_loss(0.2), weights=weights, add_elements=False)
    assert table.probabilities.metadata.EdgeID.energy_calibration.zero_loss_peak == pytest.approx(0.2, abs=0.1)


@pytest.mark.parametrize("lazy", [False, True])
def test_line_scan_partner_per_pixel_and_single(weights, lazy):
    s = _miscalibrated_core_loss(navigation_shape=(6,))
    drift = ERROR_EV + np.linspace(-0.3, 0.3, 6)  # the peak drifts a little along the scan
    ll = _low_loss(drift)
    if lazy:
        s, ll = s.as_lazy(), ll.as_lazy()
    p = edgeid.identify_edges(s, low_loss=ll, calibrate_energy=True, weights=weights, add_elements=False)
    record = p.metadata.EdgeID.energy_calibration
    assert record.zero_loss_peak == pytest.approx(np.median(drift), abs=0.1)
    assert record.zero_loss_peak_spread == pytest.approx(0.6 * 0.9, abs=0.15)
    assert p.metadata.EdgeID.energy_range[0] == pytest.approx(100.0, abs=0.5)
    single = edgeid.identify_edges(s, low_loss=_low_loss(ERROR_EV), calibrate_energy=True, weights=weights,
                                   add_elements=False)
    assert single.metadata.EdgeID.energy_calibration.zero_loss_peak == pytest.approx(ERROR_EV, abs=0.1)


def test_a_zero_loss_peak_that_moves_over_the_pixels_is_warned_about(weights):
    s = _miscalibrated_core_loss(navigation_shape=(6,))
    drift = ERROR_EV + np.linspace(-4.0, 4.0, 6)  # 7 eV between the 5th and 95th percentile
    with pytest.warns(EnergyCalibrationWarning, match=r"moves by 7\.\d eV over its pixels.*the median, -5\.00 eV"):
        edgeid.identify_edges(s, low_loss=_low_loss(drift), calibrate_energy=True, weights=weights, add_elements=False)
    with pytest.warns(EnergyCalibrationWarning, match=r"moves by 7\.\d eV over its pixels.*: one axis cannot"):
        edgeid.identify_edges(s, low_loss=_low_loss(drift - ERROR_EV), weights=weights, add_elements=False)


def test_a_partner_cropped_before_its_plasmons_is_warned_about(weights):
    from hyperspy_eels_edgeid.hyperspy.low_loss import PartnerWindowWarning

    s = _miscalibrated_core_loss()
    s.axes_manager.signal_axes[0].offset -= ERROR_EV
    with pytest.warns(PartnerWindowWarning, match="ends at 5.0 eV"):
        edgeid.identify_edges(s, low_loss=_low_loss(0.0, offset=-5.0, scale=0.05, size=201), weights=weights,
                              add_elements=False)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", PartnerWindowWarning)  # -50 to 449.5 eV: the plasmons are in
        edgeid.identify_edges(s, low_loss=_low_loss(0.0), weights=weights, add_elements=False)


@pytest.mark.parametrize("thickness", [0.0, 0.3, 1.5, 2.5])
def test_relative_thickness_of_the_synthesizer_low_loss(thickness):
    """The log-ratio t/λ of the low-loss the synthesizer scattered a spectrum with is the t/λ it drew."""
    s = edgeid.data.synthetic_eels(["O"], random_state=3, thickness=thickness)
    ll = edgeid.data.synthetic_low_loss(s, span_ev=300.0)
    t = relative_thickness(ll.axes_manager.signal_axes[0].axis, ll.data[None])
    assert t[0] == pytest.approx(thickness, abs=0.02)


def test_relative_thickness_without_zero_loss_peak_is_nan():
    e = np.arange(100.0, 400.0, 0.5)
    assert np.isnan(relative_thickness(e, (e[None] / 100.0) ** -3.0))[0]


def _measured_low_loss(thickness, seed=0, fwhm=1.0, counts=1e5, dark=0.0, read_noise=2.0):
    """Low-loss spectra with a zero-loss peak of `fwhm` eV: the synthesizer's plural scattering, Poisson and read noise."""
    import scipy.ndimage

    s = edgeid.data.synthetic_eels(["O"], random_state=3, thickness=1.0)
    e = np.arange(-20.0, 300.0, 0.1)
    rng = np.random.default_rng(seed)
    rows = []
    for t in np.atleast_1d(thickness):
        s.metadata.Truth.parameters.thickness = float(t)
        ll = edgeid.data.synthetic_low_loss(s, pre_ev=20.0, span_ev=300.0)
        kernel = np.interp(e, ll.axes_manager.signal_axes[0].axis, ll.data)
        blurred = scipy.ndimage.gaussian_filter1d(kernel, fwhm / 2.3548 / 0.1)
        rows.append(rng.poisson(counts * blurred / blurred.sum() * 200) + dark + rng.normal(0, read_noise, e.size))
    return e, np.array(rows)


@pytest.mark.parametrize("thickness", [0.2, 1.0, 2.0])
@pytest.mark.parametrize("fwhm", [0.3, 1.5])
def test_relative_thickness_with_a_measured_zero_loss_peak(thickness, fwhm):
    """A zero-loss peak of finite width (its end is sought), noise and negative dark-subtracted channels."""
    e, data = _measured_low_loss([thickness] * 4, fwhm=fwhm, dark=-1.0)
    assert np.all(data.min(axis=1) < 0)
    np.testing.assert_allclose(relative_thickness(e, data), thickness, atol=0.05)


def _weights_trained_to(weights, tmp_path, thickness):
    """A copy of `weights` whose JSON says its last run was trained on the fly up to `thickness`."""
    import json
    import shutil

    out = tmp_path / "weights"
    shutil.copytree(weights, out)
    meta = json.loads((out / "edge_recognizer.json").read_text())
    meta["train_config"] = {"on_the_fly": True, "synthesis": {"thickness": [0.0, thickness]}}
    (out / "edge_recognizer.json").write_text(json.dumps(meta))
    return str(out)


@pytest.mark.parametrize("lazy", [False, True])
def test_thick_pixels_warn_and_are_recorded(weights, tmp_path, lazy):
    """Vacuum beside thick pixels: the share of pixels above the trained t/λ warns (not the median)."""
    trained = 1.0
    weights = _weights_trained_to(weights, tmp_path, trained)
    e, data = _measured_low_loss([0.0] * 6 + [1.5] * 4, dark=0.5, read_noise=5.0)
    ll = _partner(e, data, chunks=(3, -1) if lazy else None)
    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(10,), random_state=0)
    if lazy:
        s = s.as_lazy()
    with pytest.warns(ThickSpecimenWarning, match=r"t/λ above 1 in 40 % of the pixels \(median there 1\.[45]\d\)"):
        p = edgeid.identify_edges(s, low_loss=ll, weights=weights, add_elements=False)
    record = p.metadata.EdgeID.energy_calibration
    assert record.relative_thickness_pixels == 10  # vacuum pixels count, as t/λ 0
    assert record.thick_pixel_fraction == pytest.approx(0.4)
    assert record.relative_thickness_trained == trained
    assert record.relative_thickness_p95 == pytest.approx(1.5, abs=0.05)

    # thin everywhere: measured, no warning
    e, data = _measured_low_loss([0.3] * 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThickSpecimenWarning)
        p = edgeid.identify_edges(s, low_loss=_partner(e, data), weights=weights, add_elements=False)
    assert p.metadata.EdgeID.energy_calibration.relative_thickness == pytest.approx(0.3, abs=0.05)


def test_the_bundled_model_says_what_it_was_trained_on():
    """Its JSON names the t/λ of its last training run, so that thick partners are checked for its users."""
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    metadata = load_recognizer().metadata
    synthesis = metadata["train_config"]["synthesis"]
    assert trained_thickness(metadata) == max(synthesis.get("thickness", (0.0, 1.0))[1], 1.0)


def test_trained_thickness_unknown_is_not_checked(weights):
    """Weights whose JSON does not say what they were trained on: t/λ measured, nothing claimed."""
    assert trained_thickness({"train_config": {"on_the_fly": True, "synthesis": {"no_such_setting": 1}}}) is None
    assert trained_thickness({"train_config": {"on_the_fly": True, "synthesis": {"plural_scattering": False}}}) == 0.0
    assert trained_thickness({"train_config": {"database": "db", "on_the_fly": False}}) is None
    e, data = _measured_low_loss([2.5])
    s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ThickSpecimenWarning)
        table = edgeid.identify_edges(s, low_loss=_partner(e, data[0]), weights=weights, add_elements=False)
    record = table.probabilities.metadata.EdgeID.energy_calibration
    assert record.relative_thickness == pytest.approx(2.5, abs=0.05)
    assert not record.has_item("relative_thickness_trained")


def test_unusable_partners_are_refused(weights):
    s = _miscalibrated_core_loss(navigation_shape=(6,))
    with pytest.raises(LowLossPartnerError, match="navigation shape"):
        edgeid.identify_edges(s, low_loss=_low_loss(np.zeros(5)), weights=weights)
    with pytest.raises(LowLossPartnerError, match="no zero-loss peak"):
        edgeid.identify_edges(s, low_loss=s, weights=weights)  # the core-loss given twice
    with pytest.raises(LowLossPartnerError, match="one energy axis"):
        edgeid.identify_edges(s, low_loss=np.zeros(100), weights=weights)
    masked = _low_loss(np.zeros(6))
    masked.data = np.ma.masked_array(masked.data, mask=np.zeros(masked.data.shape, bool))
    masked.data.mask[:, :5] = True
    with pytest.raises(LowLossPartnerError, match="masked array"):
        edgeid.identify_edges(s, low_loss=masked, weights=weights)
    with pytest.raises(ValueError, match="calibrate_energy=True needs the low-loss partner"):
        edgeid.identify_edges(s, calibrate_energy=True, weights=weights)
    with pytest.raises(ValueError, match="calibrate_energy"):
        edgeid.identify_edges(s, low_loss=_low_loss(np.zeros(6)), calibrate_energy="yes", weights=weights)


def _thick_reader(tmp_path, monkeypatch):
    """A tiny network unlike the main model, bundled as the thick-specimen reader "trained to t/λ 2.5"."""
    import pathlib

    from hyperspy_eels_edgeid.recognizer import model_files

    tiny = dict(seed=1, conv_channels=[4] * 4, hidden=8, dense=8)
    untrained = str(model_files.save_untrained_recognizer(tmp_path / "r", **tiny))
    reader = _weights_trained_to(untrained, tmp_path, 2.5)
    monkeypatch.setattr(model_files, "thick_weights_dir", lambda: pathlib.Path(reader))
    return reader


def test_reading_models_choose_by_the_median_and_route_the_other_pixels(tmp_path, monkeypatch):
    """The median pixel's t/λ chooses the model; pixels on the other side of the main model's training (1.0) go to the
    other one, in the navigation shape; unmeasured pixels stay with the main model; given weights, coarse channels
    (the coarse reader first) and one partner spectrum route nothing; one spectrum of unknown thickness (no partner,
    or none measured; also a one-pixel map) is read by the ensemble of the main model (twice) and the reader."""
    import pathlib

    from hyperspy_eels_edgeid.hyperspy.training_conditions import reading_models, trained_dispersion
    from hyperspy_eels_edgeid.recognizer import model_files

    reader = _thick_reader(tmp_path, monkeypatch)
    fine = np.arange(400.0, 900.0, 0.5)
    thin_map = np.array([1.6, np.nan, 0.1, 2.0, 0.2, 0.3])  # (2, 3) in array order; median of the measured 0.3
    chosen, (other, pixels) = reading_models(fine, None, thin_map, (2, 3))
    assert chosen is None and other == reader
    np.testing.assert_array_equal(pixels, [[True, False, False], [True, False, False]])
    thick_map = np.array([1.6, np.nan, 1.7, 2.0, 0.2, 1.5])  # median 1.6: the reader reads the map
    chosen, (other, pixels) = reading_models(fine, None, thick_map, (3, 2))
    assert chosen == reader and other is None
    np.testing.assert_array_equal(pixels, [[False, True], [False, False], [True, False]])
    assert reading_models(fine, "my_model", thick_map, (3, 2)) == ("my_model", None)
    assert reading_models(fine, None, np.array([1.6]), ()) == (reader, None)
    assert reading_models(fine, None, np.array([0.4]), ()) == (None, None)
    ensemble = ((None, str(model_files.branching_weights_dir()), reader), None)
    assert reading_models(fine, None, None, ()) == reading_models(fine, None, np.array([np.nan]), ()) == ensemble
    assert reading_models(fine, None, None, (1,)) == ensemble
    assert reading_models(fine, None, None, (3, 2)) == (None, None)
    assert reading_models(fine, None, np.full(6, 0.2), (3, 2)) == (None, None)
    monkeypatch.setattr(model_files, "coarse_weights_dir", lambda: pathlib.Path(reader).parent / "r")
    coarse = 400.0 + 2 * trained_dispersion(model_files.read_metadata()) * np.arange(100)
    assert reading_models(coarse, None, thick_map, (3, 2)) == (str(pathlib.Path(reader).parent / "r"), None)


def test_thick_specimens_go_to_the_bundled_thick_reader(tmp_path, monkeypatch):
    """With a thick-specimen reader bundled, a spectrum whose partner is thicker than the main model's training goes
    to it, and in a map each pixel goes to the model of its own t/λ (eager and lazy, with the model's thresholds or
    one given); a thin partner leaves one spectrum to the main model; without a partner, a map is read by the main
    model (one spectrum without a partner: `test_coarse_spectra_go_to_the_bundled_coarse_reader`, with the real
    reader; this one is a stand-in on another grid)."""
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    reader = _thick_reader(tmp_path, monkeypatch)
    # the stand-in forms no single-spectrum ensemble with the main model: a map's mean spectrum (mean_check.py) is
    # read by the main model instead
    monkeypatch.setattr("hyperspy_eels_edgeid.hyperspy.identify.bundled_weights_for", lambda energy, weights: weights)
    trained = trained_thickness(read_metadata())
    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(3, 2), random_state=0)  # data (2, 3, C)
    kw = dict(add_elements=False, shift_search=False)
    pattern = {2: [[1, 0, 0], [1, 0, 0]], 4: [[1, 1, 0], [1, 1, 0]]}  # thick pixels: the main model or the reader
    for n_thick, thick in pattern.items():
        thick = np.array(thick, bool)
        e, data = _measured_low_loss(np.where(thick.ravel(), trained + 0.6, 0.1))
        ll = _partner(e, data.reshape(2, 3, -1))
        for threshold in (None, 0.5):
            alone = {
                name: edgeid.identify_edges(s, weights=w, threshold=threshold, **kw).data
                for name, w in (("main", None), ("reader", reader))
            }
            with warnings.catch_warnings():
                warnings.simplefilter("error", ThickSpecimenWarning)  # every pixel within its model's training
                p = edgeid.identify_edges(s, low_loss=ll, threshold=threshold, **kw)
            np.testing.assert_array_equal(p.data[thick], alone["reader"][thick])
            np.testing.assert_array_equal(p.data[~thick], alone["main"][~thick])
            assert not np.array_equal(alone["reader"], alone["main"])
        record = p.metadata.EdgeID
        assert record.weights == ("bundled thick-specimen reader" if n_thick == 4 else "bundled")
        assert record.other_reader.pixels == min(n_thick, 6 - n_thick)
        assert record.other_reader.weights == ("bundled" if n_thick == 4 else "bundled thick-specimen reader")
        other = "the main bundled model" if n_thick == 4 else "the bundled thick-specimen reader"
        assert f"{min(n_thick, 6 - n_thick)} pixels read by {other}" in repr(p.summary())
    lazy = edgeid.identify_edges(s.as_lazy(), low_loss=ll.as_lazy(chunks=(1, 2, -1)), lazy_output=True, **kw)
    np.testing.assert_array_equal(np.asarray(lazy.data), edgeid.identify_edges(s, low_loss=ll, **kw).data)
    e, data = _measured_low_loss([trained + 0.6])
    table = edgeid.identify_edges(s.inav[0, 0], low_loss=_partner(e, data[0]), **kw)
    assert table.probabilities.metadata.EdgeID.weights == "bundled thick-specimen reader"
    assert "Read by the bundled thick-specimen reader" in repr(table)
    assert table.probabilities.metadata.EdgeID.energy_calibration.relative_thickness_trained == 2.5
    e, data = _measured_low_loss([0.2])
    thin = edgeid.identify_edges(s.inav[0, 0], low_loss=_partner(e, data[0]), **kw)
    assert thin.probabilities.metadata.EdgeID.weights == "bundled"
    assert edgeid.identify_edges(s, **kw).metadata.EdgeID.weights == "bundled"


def test_routed_map_on_cuda_matches_cpu():
    """On a machine with a GPU: a map whose partner sends some pixels to the bundled thick-specimen reader gives the
    CPU's probabilities on CUDA, with the same pixels routed (skipped without CUDA)."""
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata, thick_weights_dir

    if thick_weights_dir() is None:
        pytest.skip("no thick-specimen reader bundled")
    trained = trained_thickness(read_metadata())
    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(3, 2), random_state=0)
    thick = np.array([[1, 0, 0], [1, 0, 0]], bool)
    e, data = _measured_low_loss(np.where(thick.ravel(), trained + 0.6, 0.1))
    ll = _partner(e, data.reshape(2, 3, -1))
    kw = dict(add_elements=False, shift_search=False, low_loss=ll)
    cpu = edgeid.identify_edges(s, device="cpu", **kw)
    gpu = edgeid.identify_edges(s, device="cuda", **kw)
    np.testing.assert_allclose(gpu.data, cpu.data, rtol=0, atol=1e-4)
    assert gpu.metadata.EdgeID.other_reader.pixels == cpu.metadata.EdgeID.other_reader.pixels == 2
