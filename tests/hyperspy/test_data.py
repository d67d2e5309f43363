"""hyperspy_eels_edgeid.hyperspy.data.synthetic_eels: calibrated exspy signals with known truth."""

import numpy as np
import pytest
from exspy.signals import EELSSpectrum, LazyEELSSpectrum

from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.edges import onset_energy


def test_single_spectrum_is_calibrated_with_truth():
    s = synthetic_eels(elements=["Fe", "O"], energy_axis=(400.0, 0.25, 2048), random_state=3)
    assert isinstance(s, EELSSpectrum) and not s._lazy
    ax = s.axes_manager.signal_axes[0]
    assert (ax.offset, ax.scale, ax.size, ax.units) == (400.0, 0.25, 2048, "eV")
    tem = s.metadata.Acquisition_instrument.TEM
    assert tem.beam_energy > 0 and tem.convergence_angle == 0 and tem.Detector.EELS.collection_angle > 0
    assert sorted(s.metadata.Sample.elements) == ["Fe", "O"] == s.metadata.Truth.elements
    edges = s.metadata.Truth.edges
    labels = {e for e, flag in zip(edges.edge, edges.is_label) if flag}
    assert labels == {"Fe_L3", "O_K"}
    assert np.all(np.isfinite(s.data)) and s.data.dtype == np.float32


def test_fixed_parameters_are_used():
    s = synthetic_eels(elements=["O"], random_state=1, shift=0.0, expansion=0.0, background_exponent=3.0,
                       add_noise=False, plural_scattering=False, jump_ratios={"O": 0.5})  # fmt: skip
    truth = s.metadata.Truth
    assert truth.parameters.shift == 0.0 and truth.parameters.background_exponent == 3.0
    onset = truth.edges.onset[truth.edges.edge.index("O_K")]
    assert onset == pytest.approx(onset_energy("O_K"))
    assert truth.edges.jump_ratio[truth.edges.edge.index("O_K")] == pytest.approx(0.5)
    e = s.axes_manager.signal_axes[0].axis
    pre = e < 500
    slope = np.polyfit(np.log(e[pre]), np.log(s.data[pre]), 1)[0]
    assert slope == pytest.approx(-3.0, abs=0.01)


def test_same_seed_same_signal():
    a = synthetic_eels(random_state=7)
    b = synthetic_eels(random_state=7)
    c = synthetic_eels(random_state=8)
    np.testing.assert_array_equal(a.data, b.data)
    assert a.metadata.Truth.elements == b.metadata.Truth.elements
    assert not np.array_equal(a.data, c.data)


def test_spectrum_image_composition_varies_in_space():
    s = synthetic_eels(elements=["O", "Fe", "Ni"], navigation_shape=(24, 20), random_state=4)
    assert s.data.shape == (20, 24, 2048)
    maps = s.metadata.Truth.element_maps
    assert maps.shape == (3, 20, 24) and s.metadata.Truth.element_map_elements == ["O", "Fe", "Ni"]
    assert maps[0].all()  # the matrix is everywhere
    assert 0 < maps[1].mean() < 1 and 0 < maps[2].mean() < 1  # particles somewhere
    # the Fe L3 white line is visible where the truth says Fe is, not elsewhere
    e = s.axes_manager.signal_axes[0].axis
    l3 = (e > 700) & (e < 730)
    before = (e > 670) & (e < 695)
    contrast = s.data[..., l3].mean(-1) / s.data[..., before].mean(-1)
    assert contrast[maps[1]].mean() > contrast[~maps[1]].mean()
    assert sorted(s.metadata.Sample.elements) == ["Fe", "Ni", "O"]


def test_lazy_twin_equals_eager():
    eager = synthetic_eels(elements=["O", "Ti"], navigation_shape=(40, 8), random_state=5)
    lazy = synthetic_eels(elements=["O", "Ti"], navigation_shape=(40, 8), random_state=5, lazy=True)
    assert isinstance(lazy, LazyEELSSpectrum)
    assert len(lazy.data.chunks[1]) > 1  # really block by block
    np.testing.assert_array_equal(lazy.data.compute(), eager.data)


def test_line_scan():
    s = synthetic_eels(elements=["O", "Cr"], navigation_shape=(30,), random_state=6)
    assert s.axes_manager.navigation_shape == (30,)
    assert s.metadata.Truth.element_maps.shape == (2, 30)


def test_random_elements_have_edges_in_window():
    s = synthetic_eels(energy_axis=(250.0, 0.5, 1024), random_state=9)
    assert 1 <= len(s.metadata.Sample.elements) <= 6
    edges = s.metadata.Truth.edges
    for onset, flag in zip(edges.onset, edges.is_label):
        if flag:
            assert 255 <= onset <= 250 + 0.5 * 1023 - 10


def test_round_trip_hspy(tmp_path):
    import hyperspy.api as hs

    s = synthetic_eels(elements=["O", "Fe"], navigation_shape=(4, 3), random_state=2)
    s.save(tmp_path / "s.hspy")
    t = hs.load(tmp_path / "s.hspy")
    assert isinstance(t, EELSSpectrum)
    np.testing.assert_array_equal(t.data, s.data)
    np.testing.assert_array_equal(t.metadata.Truth.element_maps, s.metadata.Truth.element_maps)


def test_sample_elements_are_sorted_and_apart_from_the_truth():
    s = synthetic_eels(["O", "Fe", "C", "Ti", "N"], random_state=0)
    assert s.metadata.Sample.elements == ["C", "Fe", "N", "O", "Ti"]
    s.metadata.Sample.elements.append("Zn")
    assert "Zn" not in s.metadata.Truth.elements


def test_lazy_spectrum_image_checks_elements_at_once():
    # Fe L3 (708 eV) is outside 100-599.5 eV: the error comes at the call, not at compute()
    with pytest.raises(ValueError, match="elements: Fe has no principal edge"):
        synthetic_eels(elements=["O", "Fe"], navigation_shape=(8, 8), energy_axis=(100.0, 0.5, 1000), lazy=True)
    # a window too narrow for the random draws too: the message is about the element asked for
    with pytest.raises(ValueError, match="elements: Fe has no principal edge"):
        synthetic_eels(["Fe"], energy_axis=(5000.0, 1.0, 100))  # no principal edge there
    with pytest.raises(ValueError, match=r"shift: expected a number or a \(low, high\) pair, got 'x'\."):
        synthetic_eels(["Fe"], shift="x")


@pytest.mark.parametrize(
    "name, value", [("lorentzian_hwhm", -0.5), ("counts", -5.0), ("background_exponent", -2.0), ("savgol_frame", 0)]
)
def test_fixed_values_are_checked(name, value):
    with pytest.raises(ValueError, match=name):
        synthetic_eels(elements=["O"], random_state=0, **{name: value})


def test_edge_free_spectrum_image():
    s = synthetic_eels([], navigation_shape=(3, 2), energy_axis=(300.0, 0.5, 512), random_state=1)
    assert s.data.shape == (2, 3, 512) and np.isfinite(s.data).all()
    assert s.metadata.Truth.element_maps.shape == (0, 2, 3) and s.metadata.Truth.element_map_elements == []
