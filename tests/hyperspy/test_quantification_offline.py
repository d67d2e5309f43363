"""Quantification of every identified element with the bundled DFT table, with all network access blocked.

``identify_edges`` -> ``create_model`` (with the synthesizer's low-loss) -> ``fit`` -> ``quantify`` on a
synthetic La/Mn/O spectrum (La M4,5, Mn L1,2,3, O K); any download attempt
(pooch, urllib, requests, a socket connection) raises :class:`NetworkBlocked`.
A spectrum built from the bundled table's own continua with known
intensities, plus white lines the table lacks, checks that leaving the
white-line ranges out of the fit recovers the composition.
"""

from __future__ import annotations

import socket
import warnings

import numpy as np
import pytest

from ._identify_helpers import OracleRecognizer
from ._quantification_helpers import NetworkBlocked, _edges, known_spectrum
from ._quantification_helpers import offline  # noqa: F401 (a fixture, used by name)

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.data import synthetic_low_loss
from hyperspy_eels_edgeid.hyperspy.quantification import (
    QuantificationWarning,
    atomic_fractions,
    create_model,
    element_intensities,
    fraction_maps,
)

LA_MN_O = ["La", "Mn", "O"]


_Oracle = OracleRecognizer


def test_the_block_is_real(offline):
    """exspy's own default (GOS="dft" without a file) downloads, and is refused here."""
    from exspy.components import EELSCLEdge

    with pytest.raises(NetworkBlocked):
        EELSCLEdge("La_M5", GOS="dft")
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("zenodo.org", 443))


def test_identify_then_quantify_la_mn_o_offline(offline, monkeypatch, capsys):
    from hyperspy_eels_edgeid.hyperspy import identify
    from hyperspy_eels_edgeid.recognizer import loading

    oracle = _Oracle(LA_MN_O)  # recognition quality is tested elsewhere; everything from identify_edges on is real
    for module in (identify, loading):  # identify_edges' model, and loading's for any other caller
        monkeypatch.setattr(module, "load_recognizer", lambda *a, **k: oracle)
    s = edgeid.data.synthetic_eels(LA_MN_O, random_state=0, energy_axis=(450.0, 0.5, 1200), shift=0.0)
    del s.metadata.Sample.elements
    s.elements, s.subshells = set(), set()
    table = s.identify_edges()
    assert table.elements == LA_MN_O

    # the synthesizer scatters the edges plurally (t/lambda = 0.54 for this seed); as a user would, the fit is
    # given the matching low-loss: fitting single scattering to it pushes the background exponent from the
    # true 2.20 to 1.45 and La's intensity negative (-3,481)
    assert s.metadata.Truth.parameters.thickness > 0.3
    m = create_model(s, low_loss=synthetic_low_loss(s))
    assert m.convolved
    edges = _edges(m)
    # no element dropped, every edge in the window modelled, M edges included
    assert set(edges) == set(s.subshells) == {"La_M5", "La_M4", "Mn_L3", "Mn_L2", "Mn_L1", "O_K"}
    assert {c.element for c in edges.values()} == set(LA_MN_O)
    assert all(c.GOS._name == "gosh" and c.GOS.gos_file_path.endswith("edge_gos.gosh") for c in edges.values())
    # white-line ranges of Mn L3,2 and La M5,4 are out of the fit, the O K edge and the continua are in
    energy, fitted = m.axis.axis, m._channel_switches
    for inside in (641.0, 655.0, 835.0, 852.0):
        assert not fitted[np.argmin(abs(energy - inside))], inside
    for outside in (540.0, 700.0, 900.0):
        assert fitted[np.argmin(abs(energy - outside))], outside

    m.fit()
    assert m.fit_output.success
    found = element_intensities(m)
    assert set(found) == set(LA_MN_O)
    assert all(np.isfinite(v) and v > 0 for v in found.values()), found
    assert np.isfinite(m.red_chisq.data).all()
    m.quantify()
    printed = capsys.readouterr().out
    for element in LA_MN_O:
        assert f"\n{element}\t" in printed, printed


def test_bundled_recognizer_then_offline_model_keeps_every_identified_element(offline):
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    if not read_metadata(None).get("trained", False):
        pytest.skip("the bundled weights are untrained placeholders")
    s = edgeid.data.synthetic_eels(LA_MN_O, random_state=0, energy_axis=(450.0, 0.5, 1200), shift=0.0)
    del s.metadata.Sample.elements
    s.elements, s.subshells = set(), set()
    identified = s.identify_edges().elements
    assert identified, "nothing identified"
    m = create_model(s)
    assert {c.element for c in _edges(m).values()} == set(identified)
    m.fit()
    assert m.fit_output.success


# element, a window around its principal edge (eV): M and N edges, combined L2,3 entries
EVERYDAY = [
    ("La", (780.0, 1100.0)), ("Ba", (700.0, 1000.0)), ("Sr", (100.0, 300.0)), ("Zr", (150.0, 400.0)),
    ("Mo", (200.0, 450.0)), ("Ag", (330.0, 600.0)), ("Sn", (450.0, 700.0)), ("Ce", (820.0, 1100.0)),
    ("Gd", (1100.0, 1400.0)), ("Hf", (1600.0, 1900.0)), ("W", (1750.0, 2000.0)), ("Pt", (2050.0, 2350.0)),
    ("Au", (2150.0, 2450.0)), ("Al", (60.0, 200.0)), ("P", (120.0, 300.0)), ("S", (150.0, 300.0)),
    ("Cl", (180.0, 350.0)), ("Ar", (230.0, 400.0)), ("U", (3500.0, 3800.0)),
]  # fmt: skip


@pytest.mark.parametrize("element, window", EVERYDAY, ids=[e for e, _ in EVERYDAY])
def test_create_model_models_m_n_and_l23_elements_offline(offline, element, window):
    import exspy

    lo, hi = window
    n = int((hi - lo) / 0.5)
    s = exspy.signals.EELSSpectrum(
        np.linspace(2.0, 1.0, n), axes=[{"units": "eV", "offset": lo, "scale": 0.5, "size": n}]
    )
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    s.add_elements([element])
    with warnings.catch_warnings():
        warnings.simplefilter("error", QuantificationWarning)  # nothing left out
        m = create_model(s)
    assert set(_edges(m)) == set(s.subshells) and s.subshells, (sorted(_edges(m)), sorted(s.subshells))


def test_leaving_white_lines_out_recovers_a_known_composition(offline):
    truth = {"La": 1000.0, "Mn": 1000.0, "O": 3000.0}  # LaMnO3
    s = known_spectrum(truth)
    ratios = {}
    for treatment in ("exclude", None):
        m = create_model(s, white_lines=treatment)
        m.fit()
        found = element_intensities(m)
        ratios[treatment] = {el: found[el] / found["Mn"] / (truth[el] / truth["Mn"]) for el in truth}
    # with the white-line ranges out of the fit, O/Mn and La/Mn within 3 %...
    assert all(abs(r - 1) < 0.03 for r in ratios["exclude"].values()), ratios
    # ...and the treatment is what does it: fitted through the white lines, the continuum overestimates Mn
    assert abs(ratios[None]["O"] - 1) > 0.1, ratios


def test_with_plural_scattering_and_the_low_loss_the_white_line_replicas_are_left_out_too(offline):
    truth = {"La": 1000.0, "Mn": 1000.0, "O": 3000.0}
    s = known_spectrum(truth, thickness=0.3)
    low_loss = s.tmp_parameters.low_loss
    m = create_model(s, low_loss=low_loss)
    energy, fitted = m.axis.axis, m._channel_switches
    # Mn L3,2 at 640/651 eV: excluded to 651 + 20 + 25 (the plasmon) eV, fitted again past that
    assert not fitted[np.argmin(abs(energy - 690.0))] and fitted[np.argmin(abs(energy - 700.0))]
    m.fit()
    found = element_intensities(m)
    ratios = {el: found[el] / found["Mn"] / (truth[el] / truth["Mn"]) for el in truth}
    assert all(abs(r - 1) < 0.03 for r in ratios.values()), ratios


def test_the_elements_are_those_of_the_metadata_and_an_element_without_channels_past_its_lines_warns(offline):
    """``metadata.Sample.elements`` written by hand decides what is modelled (exspy's own sets go stale then);
    a window that ends inside an element's white-line range leaves it nothing to fit: said, not silently 1.0."""
    s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 800))
    s.metadata.Sample.elements = ["Fe", "O", "Cr"]  # Cr L3 (575 eV) lies in the window
    assert {c.element for c in create_model(s) if hasattr(c, "element")} == {"Cr", "Fe", "O"}
    assert set(s.elements) == {"Fe", "O"}  # the signal's own sets are left as they were
    s.metadata.Sample.elements = ["O"]
    assert {c.element for c in create_model(s) if hasattr(c, "element")} == {"O"}
    subshells = set(s.subshells)
    s.metadata.Sample.elements = ["Fe", "O", "Cr"]
    create_model(s)
    s.metadata.Sample.elements = ["Fe", "O"]  # Cr removed again: not modelled, and the signal's sets untouched
    assert {c.element for c in create_model(s) if hasattr(c, "element")} == {"Fe", "O"}
    assert set(s.subshells) == subshells
    s.metadata.Sample.elements = {"Fe", "O", "Cr"}  # a set, as exspy keeps them
    assert {c.name for c in create_model(s, GOS="hydrogenic") if hasattr(c, "element")} == {"Cr_L3", "Fe_L3", "O_K"}
    short = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 580))  # ends 739.5 eV
    with pytest.warns(QuantificationWarning, match="Fe: every channel from the first edge on lies in the white-line"):
        create_model(short)


def test_a_low_loss_partner_exspy_would_convolve_wrongly_is_refused():
    s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 800))
    ll = synthetic_low_loss(s)
    in_kev = ll.deepcopy()
    in_kev.axes_manager.signal_axes[0].convert_to_units("keV")
    for bad, message in ((in_kev, "units and dispersion"), (ll.rebin(scale=(2,)), "units and dispersion")):
        with pytest.raises(ValueError, match=message):
            create_model(s, low_loss=bad)
    image = edgeid.data.synthetic_eels(
        ["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 800), navigation_shape=(2, 3)
    )
    with pytest.raises(ValueError, match=r"navigation shape \(\) is not the core-loss signal's \(2, 3\)"):
        create_model(image, low_loss=synthetic_low_loss(image).inav[0, 0])


def test_a_beam_energy_that_is_not_a_number_and_a_missing_table_are_named():
    s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 800))
    s.metadata.set_item("Acquisition_instrument.TEM.beam_energy", "abc")
    with pytest.raises(ValueError, match="beam_energy: expected a number in keV, got 'abc'"):
        create_model(s)
    s.metadata.set_item("Acquisition_instrument.TEM.beam_energy", 200.0)
    with pytest.raises(FileNotFoundError, match="gos_file_path: no file"):
        create_model(s, gos_file_path="/nonexistent/table.gosh")


def test_unknown_white_line_treatment_is_refused_before_anything_is_built():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones(100), axes=[{"units": "eV", "offset": 500, "scale": 1, "size": 100}])
    s.add_elements(["O"])
    with pytest.raises(ValueError, match="white_lines: expected 'exclude' or None, got 'spline'"):
        create_model(s, white_lines="spline")
    assert not s.metadata.has_item("Acquisition_instrument.TEM.beam_energy")  # nothing assumed or set


QUIET_SYNTHESIS = dict(thickness=0.0, shot_noise=False, expansion=0.0)


def _ratios_to_mn(model, truth):
    found = element_intensities(model)
    return {el: found[el] / found["Mn"] / (truth[el] / truth["Mn"]) for el in truth}


def test_the_synthesizers_atomic_ratios_are_what_create_model_recovers(offline):
    """synthetic_eels(atomic_ratios=...) as the issue has it: La : Mn : O within 10 % in most spectra.

    White lines, near-edge structure, plural scattering (the low-loss given), a power-law background and
    shot and fixed-pattern noise; a calibrated axis.  Measured at the commit that wrote this test: La/Mn and
    O/Mn within 10 % in 6 of 8 seeds (the others 12 % and 14 %: near-edge structure moves Mn's and La's
    intensity into their left-out white-line ranges).
    """
    truth = {"La": 1.0, "Mn": 1.0, "O": 3.0}
    errors = []
    for seed in range(8):
        s = edgeid.data.synthetic_eels(
            list(truth), random_state=seed, energy_axis=(450.0, 0.5, 1200), atomic_ratios=truth, shift=0.0,
            expansion=0.0,
        )  # fmt: skip
        m = create_model(s, low_loss=edgeid.data.synthetic_low_loss(s))
        m.fit()
        errors.append(max(abs(r - 1) for r in _ratios_to_mn(m, truth).values()))
    assert np.sum(np.array(errors) < 0.10) >= 6 and max(errors) < 0.2, errors


def test_atomic_ratios_are_checked():
    with pytest.raises(ValueError, match="atomic_ratios: the number of atoms of O must be positive"):
        edgeid.data.synthetic_eels(["Mn", "O"], random_state=0, atomic_ratios={"Mn": 1.0, "O": 0.0})


def test_measured_onsets_calibrate_a_shifted_axis(offline):
    """An axis 8 eV off: the model at exspy's onsets misfits; given the measured onsets it recovers La : Mn : O."""
    truth = {"La": 1.0, "Mn": 1.0, "O": 3.0}
    s = edgeid.data.synthetic_eels(
        list(truth), random_state=2, energy_axis=(450.0, 0.5, 1200), atomic_ratios=truth, shift=8.0,
        **QUIET_SYNTHESIS,
    )  # fmt: skip
    edges = s.metadata.Truth.edges
    measured = {e: float(o) for e, o, label in zip(edges.edge, edges.onset, edges.is_label) if label}
    m = create_model(s, onsets=measured)
    assert m["O_K"].onset_energy.value == pytest.approx(measured["O_K"], abs=1.0)
    # an element's first subshell is moved once (its others are twinned to it and follow)
    for edge in ("Mn_L3", "La_M5"):
        assert m[edge].onset_energy.value == pytest.approx(measured[edge], abs=1.0)
    assert m["Mn_L2"].onset_energy.value - m["Mn_L3"].onset_energy.value == pytest.approx(651.0 - 640.0)
    # with a stretch (b != 1) every edge, twinned or not, stands at a + b E
    a, b = 5.0, 1.015
    stretched = create_model(s, onsets={e: a + b * t for e, t in (("O_K", 532.0), ("Mn_L3", 640.0), ("La_M5", 832.0))})
    for edge, tabulated in (("Mn_L2", 651.0), ("Mn_L1", 769.0), ("La_M4", 849.0), ("Mn_L3", 640.0)):
        assert stretched[edge].onset_energy.value == pytest.approx(a + b * tabulated, abs=0.01)
    m.fit()
    corrected = _ratios_to_mn(m, truth)
    m = create_model(s)
    m.fit()
    uncorrected = _ratios_to_mn(m, truth)
    assert all(abs(r - 1) < 0.08 for r in corrected.values()), corrected
    # mean error of La/Mn and O/Mn: 6 % corrected, 12 % at exspy's onsets
    assert np.mean([abs(r - 1) for r in uncorrected.values()]) > 2 * np.mean([abs(r - 1) for r in corrected.values()])


def test_onsets_far_from_the_table_or_of_the_wrong_type_are_refused():
    s = edgeid.data.synthetic_eels(["Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 1200))
    with pytest.raises(ValueError, match="within 50 eV"):
        create_model(s, onsets={"O_K": 600.0})
    with pytest.raises(TypeError, match="onsets: expected what identify_edges returns"):
        create_model(s, onsets=[532.0])


def test_a_spectrum_images_result_gives_its_median_pixel_onsets():
    """A 3 x 2 Fe/O image whose axis reads 8 eV high: the result's onsets calibrate the axis as a table's would."""
    from hyperspy_eels_edgeid.hyperspy.edge_integration import integrate_edges
    from hyperspy_eels_edgeid.hyperspy.quantification_common import axis_correction, image_onsets

    si = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(3, 2), random_state=0, shift=8.0, **QUIET_SYNTHESIS)
    p = si.identify_edges(show_progressbar=False)
    onsets = image_onsets(p)
    assert sorted(onsets) == ["Fe_L3", "O_K"]
    shift, slope = axis_correction(p)
    assert slope == 1.0 and abs(shift - 8.0) < 3.0, onsets
    integrals = integrate_edges(si, onsets=p)
    assert integrals["O"].fit_window[1] == pytest.approx(532.0 + shift - 5.0)


def test_image_onsets_name_the_edge_the_pixels_show_not_the_lowest_in_the_window():
    """Sr over 124-2100 eV has M5 (133 eV) and L3 (1940 eV) in the window: pixels at 1946 eV name Sr_L3."""
    from types import SimpleNamespace

    from hyperspy.misc.utils import DictionaryTreeBrowser

    from hyperspy_eels_edgeid.hyperspy.quantification_common import image_onsets

    metadata = DictionaryTreeBrowser(
        {"EdgeID": {"elements": ["O", "Sr"], "edges": ["O_K", "Sr_M5"], "energy_range": [124.0, 2100.0],
                    "detected": ["Sr"], "axis_shift": -4.0}}
    )  # fmt: skip
    onset_map = SimpleNamespace(data=np.array([[1946.0, np.nan], [1945.0, 1947.0]]))
    result = SimpleNamespace(_lazy=False, metadata=metadata, get_onset_maps=lambda elements: [onset_map])
    assert image_onsets(result) == {"Sr_L3": 1946.0}


def test_onsets_from_a_table_use_its_edges_only():
    from hyperspy_eels_edgeid.hyperspy.quantification_common import axis_correction
    from hyperspy_eels_edgeid.hyperspy.table import EdgeRow, EdgeTable

    table = EdgeTable(
        [EdgeRow("O", "O_K", 534.0, 0.9, 0.4), EdgeRow("Mn", "Mn_L3", 642.0, 0.9, 0.4), EdgeRow("W", "W", np.nan, 0.5, 0.4)],
        title="t",
    )
    assert axis_correction(table) == (2.0, 1.0)  # two onsets within 300 eV: their median shift
    three = {"O_K": 534.0, "Mn_L3": 642.0, "La_M5": 835.0}  # 2, 2 and 3 eV: a line
    a, b = axis_correction(three)
    assert abs(a + b * 832.0 - 835.0) < 0.5 and b != 1.0
    with pytest.warns(QuantificationWarning, match="slope"):
        assert axis_correction({"O_K": 534.0, "Mn_L3": 642.0, "La_M5": 870.0}) == (2.0, 1.0)


def test_each_pair_of_white_lines_is_left_out_on_its_own_so_o_k_between_them_is_fitted(offline):
    # La N5/N4 (99 eV) and M5/M4 (832/849 eV) in one window with O K (532 eV) between them: two ranges,
    # not one from 94 to 869 eV that would leave O K without a channel
    truth = {"La": 2000.0, "O": 3000.0}  # La2O3
    s = known_spectrum(truth, axis=(83.0, 0.5, 1740))
    m = create_model(s)
    energy, fitted = m.axis.axis, m._channel_switches
    assert not fitted[np.argmin(abs(energy - 100.0))] and not fitted[np.argmin(abs(energy - 840.0))]
    assert fitted[(energy > 125.0) & (energy < 820.0)].all()
    m.fit()
    found = element_intensities(m)
    # within issue 16's 10 % (7.8 % here: La's continuum is fitted on the 84 eV past its M4 line only)
    assert abs(found["O"] / found["La"] / (truth["O"] / truth["La"]) - 1) < 0.10, found


def test_zr_m3_m2_lines_are_left_out_as_the_other_white_lines(offline):
    # Zr's M3/M2 pair (330/344 eV) carries 3p -> 4d lines the table lacks, as Mn's L3/L2 its 2p -> 3d lines
    truth = {"Zr": 1000.0, "O": 2000.0}  # ZrO2
    s = known_spectrum(truth, axis=(150.0, 0.5, 1000))
    ratios = {}
    for treatment in ("exclude", None):
        m = create_model(s, white_lines=treatment)
        if treatment:
            energy, fitted = m.axis.axis, m._channel_switches
            assert not fitted[(energy > 326.0) & (energy < 363.0)].any() and fitted[(energy > 366.0)].all()
        m.fit()
        found = element_intensities(m)
        ratios[treatment] = found["O"] / found["Zr"] / (truth["O"] / truth["Zr"])
    assert abs(ratios["exclude"] - 1) < 0.05 < abs(ratios[None] - 1), ratios


def test_atomic_fractions_follow_the_composition_and_add_up_to_one(offline):
    truth = {"La": 1000.0, "Mn": 1000.0, "O": 3000.0}  # LaMnO3
    m = create_model(known_spectrum(truth))
    m.fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error", QuantificationWarning)  # every intensity positive: no warning
        fractions = atomic_fractions(m)
    assert fractions.keys() == truth.keys()
    assert abs(sum(fractions.values()) - 1) < 1e-9
    for element, amount in truth.items():
        assert abs(fractions[element] / (amount / sum(truth.values())) - 1) < 0.03, fractions


def test_a_negative_intensity_is_named_not_passed_off_as_a_composition(offline):
    truth = {"La": 1000.0, "Mn": 1000.0, "O": 3000.0}
    m = create_model(known_spectrum(truth))
    m.fit()
    m["O_K"].intensity.value = -50.0  # as the fit of a real CuO spectrum over 232-1930 eV gave O
    with pytest.warns(QuantificationWarning, match=r"zero, negative or undefined fitted intensity: O\. The fit failed"):
        fractions = atomic_fractions(m)
    assert fractions["O"] < 0 and abs(sum(fractions.values()) - 1) < 1e-9


def test_a_spectrum_image_gives_maps_and_counts_the_failed_pixels():
    import exspy

    s = exspy.signals.EELSSpectrum(
        np.ones((3, 400)), axes=[{"size": 3, "navigate": True}, {"units": "eV", "offset": 450, "scale": 1, "size": 400}]
    )
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    s.add_elements(["Mn", "O"])
    m = create_model(s)
    m["Mn_L3"].intensity.map["values"][:] = [1.0, 1.0, 1.0]
    m["O_K"].intensity.map["values"][:] = [1.0, 3.0, -0.5]
    assert set(element_intensities(m)) == {"Mn", "O"}  # Mn_L2 and Mn_L1 follow Mn_L3
    absent = r"O \(1 pixel\)\. In a spectrum image or line scan, pixels without the element"
    with pytest.warns(QuantificationWarning, match=absent):
        fractions = atomic_fractions(m)
    np.testing.assert_allclose(fractions["O"], [0.5, 0.75, -1.0])
    np.testing.assert_allclose(fractions["Mn"], [0.5, 0.25, 2.0])
    o_map = fraction_maps(s, fractions)[0]  # as signals on the scan's axis
    assert o_map.metadata.General.title == "O atomic fraction"
    np.testing.assert_allclose(o_map.data, [0.5, 0.75, -1.0])
    m["O_K"].intensity.map["values"][:] = [1.0, 3.0, 1.0]
    m["Mn_L3"].intensity.map["values"][:] = [1.0, np.nan, 1.0]  # a pixel whose fit gave no number
    with pytest.warns(QuantificationWarning, match=r"undefined fitted intensity: Mn \(1 pixel\)"):
        atomic_fractions(m)


def test_edges_of_one_element_with_free_intensities_are_refused():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones(400), axes=[{"units": "eV", "offset": 450, "scale": 1, "size": 400}])
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    s.add_elements(["Mn"])
    m = create_model(s)
    m["Mn_L2"].intensity.twin = None
    with pytest.raises(ValueError, match="Mn has more than one free edge intensity"):
        element_intensities(m)


def test_a_decreasing_energy_axis_is_refused_with_the_way_out():
    s = edgeid.data.synthetic_eels(["Fe", "O"], random_state=0, energy_axis=(450.0, 0.5, 800))
    reversed_axis = s.isig[::-1]  # identify_edges reads it; exspy's model cannot
    with pytest.raises(ValueError, match=r"increasing energy axis.*s\.isig\[::-1\]"):
        create_model(reversed_axis)
    names = {c.name for c in create_model(reversed_axis.isig[::-1]) if hasattr(c, "element")}
    assert {"Fe_L3", "O_K"} <= names
