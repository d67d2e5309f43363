"""The white-line ratio check of Co/Ba and Cu/Pr (hyperspy/line_ratio_check.py)."""

import dataclasses
import warnings

import numpy as np
import pytest

from hyperspy_eels_edgeid.hyperspy.line_ratio_check import RATIO, fitted_line_ratio, ratio_checked
from hyperspy_eels_edgeid.recognizer.prediction import EdgePrediction

ENERGY = np.arange(740.0, 920.0, 0.25)


def _lines(first, second, width=2.0, onset=779.0, spacing=15.0, seed=0):
    """A sloping background, a 2:1 step and two Gaussian lines 1.5 eV above their onsets, with shot noise."""
    x = ENERGY
    step = (2 * np.arctan((x - onset) / width) + np.arctan((x - onset - spacing) / width)) / (3 * np.pi) + 0.5
    lines = first * np.exp(-0.5 * ((x - onset - 1.5) / width) ** 2)
    lines += second * np.exp(-0.5 * ((x - onset - 1.5 - spacing) / width) ** 2)
    clean = 2000.0 * (x / 740.0) ** -3 + 300.0 * step + lines
    return np.random.default_rng(seed).poisson(clean).astype(float)


@pytest.mark.parametrize("first, second", [(1500.0, 500.0), (900.0, 1100.0), (2400.0, 600.0)])
def test_the_fit_recovers_the_ratio_of_two_lines_in_noise(first, second):
    ratios = [fitted_line_ratio(ENERGY, _lines(first, second, seed=s), 779.0, 15.0) for s in range(5)]
    assert np.median(ratios) == pytest.approx(first / second, rel=0.15)


def _prediction(elements, probabilities, onsets):
    k = len(elements)
    return EdgePrediction(
        probabilities=np.array([probabilities], np.float32),
        observable=np.ones((1, k), bool),
        onsets=np.array([onsets], np.float32),
        elements=tuple(elements),
        explained_by=np.full((1, k), -1),
        network_probabilities=np.array([probabilities], np.float32),
        evidence={},
    )


def test_ba_gives_way_to_co_only_where_the_first_line_is_the_taller():
    elements = ("O", "Co", "Ba")
    pred = _prediction(elements, [0.9, 0.1, 0.8], [532.0, 779.0, 779.5])
    thresholds = np.full(3, 0.35)
    checked, named = ratio_checked(pred, ENERGY, _lines(1500.0, 500.0), thresholds)
    assert named == ["Co"]
    assert checked.probabilities[0].tolist() == pytest.approx([0.9, 0.8, 0.0])
    assert checked.explained_by[0, 2] == 1 and checked.onsets[0, 1] == pytest.approx(779.5)
    assert pred.probabilities[0, 2] == pytest.approx(0.8)  # the input is not modified
    same, named = ratio_checked(pred, ENERGY, _lines(900.0, 1100.0), thresholds)  # Ba's M5/M4: Ba stays
    assert named == [] and same is pred
    kept, named = ratio_checked(pred, ENERGY, _lines(1500.0, 500.0), thresholds, candidates=np.array([1, 0, 1], bool))
    assert named == [] and kept is pred  # Co left out of the candidates: nothing to give the edge to
    reported = dataclasses.replace(pred, probabilities=np.array([[0.9, 0.5, 0.8]], np.float32))
    assert ratio_checked(reported, ENERGY, _lines(1500.0, 500.0), thresholds)[1] == []  # Co reported already
    assert RATIO == 2.0


def test_identify_edges_names_co_from_its_lines_and_keeps_ba_in_batio3():
    from hyperspy_eels_edgeid.data import synthetic_eels

    physical = dict(l23_branching="3d", m45_branching="4f")
    # Co beside O, lines 5-8 times their step (as in real oxides): read as Ba O without the check when measured
    s = synthetic_eels(["Co", "O"], energy_axis=(472.0, 0.25, 2000), random_state=901, tall_white_line_probability=1.0,
                       tall_white_line_strength=(5.0, 8.0), **physical)  # fmt: skip
    table = s.identify_edges(add_elements=False, show_progressbar=False)
    assert table.elements == ["Co", "O"]
    assert list(table.probabilities.metadata.EdgeID.line_ratio_named) == ["Co"]
    assert "Named from the ratio of the two white lines" in repr(table)
    listed = s.identify_edges(elements=["Co", "O"], add_elements=False, show_progressbar=False)
    assert "Ba" not in listed.left_out  # the reading without the list is ratio-checked too: its Ba is Co
    assert listed.elements == ["Co", "O"]  # and Co, named, takes the edge (before: O alone)
    assert list(listed.probabilities.metadata.EdgeID.line_ratio_named) == ["Co"]
    batio3 = synthetic_eels(["Ba", "Ti", "O"], energy_axis=(400.0, 0.25, 2400), random_state=0, **physical)
    table = batio3.identify_edges(add_elements=False, show_progressbar=False)
    assert table.elements == ["Ba", "O", "Ti"]
    assert list(table.probabilities.metadata.EdgeID.line_ratio_named) == []


def test_a_map_that_reads_co_lines_as_ba_writes_co_and_batio3_keeps_ba():
    from hyperspy_eels_edgeid.data import synthetic_eels

    physical = dict(l23_branching="3d", m45_branching="4f")
    # a 4 x 4 map of Co beside O, lines 5-8 times their step: its pixels read as Ba and O when measured
    s = synthetic_eels(["Co", "O"], navigation_shape=(4, 4), energy_axis=(472.0, 0.25, 2000), random_state=0,
                       tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0), **physical)  # fmt: skip
    p = s.identify_edges(show_progressbar=False)
    assert s.metadata.Sample.elements == ["Co", "O"]
    assert list(p.metadata.EdgeID.line_ratio_named) == ["Co"]
    co, ba = p.elements.index("Co"), p.elements.index("Ba")
    assert (p.data[..., co] >= 0.35).all() and (p.data[..., ba] == 0).all()
    assert np.all(np.abs(p.get_onset_maps(["Co"])[0].data - 779.0) < 25.0)  # Ba's onsets, now Co's
    assert "Named from the ratio of the two white lines" in repr(p.summary())
    # named with O, Co's lines read as Ba (no candidate): the pixels report Ba, whose edge Co takes; Ba stays 0
    listed = s.identify_edges(elements=["Co", "O"], add_elements=False, show_progressbar=False)
    assert listed.summary().elements == ["Co", "O"] and list(listed.metadata.EdgeID.line_ratio_named) == ["Co"]
    assert (listed.data[..., ba] == 0).all() and listed.metadata.EdgeID.candidates == "C,Co,O"
    lazy = s.as_lazy().identify_edges(lazy_output=True, add_elements=False, show_progressbar=False)
    lazy.compute()  # not checked: the table says so
    assert lazy.summary().elements == ["Ba", "O"] and "Not checked by the ratio" in repr(lazy.summary())
    assert "Not checked" not in repr(p.summary())
    assert "pixel rule alone" in repr(lazy.summary()) and "pixel rule alone" not in repr(p.summary())
    for settings in (dict(add_elements=True), dict(add_elements=False, pixel_fraction=0.0)):  # checked; none to make
        other = s.as_lazy().identify_edges(lazy_output=True, show_progressbar=False, **settings)
        other.compute()
        assert "pixel rule alone" not in repr(other.summary())
    kept_out = s.as_lazy().identify_edges(lazy_output=True, add_elements=False, exclude=["Co"], show_progressbar=False)
    kept_out.compute()  # Co not a candidate: nothing the check could have named
    assert kept_out.summary().elements == ["Ba", "O"] and "Not checked" not in repr(kept_out.summary())
    batio3 = synthetic_eels(["Ba", "Ti", "O"], navigation_shape=(4, 4), energy_axis=(400.0, 0.25, 2400), random_state=0,
                            **physical)  # fmt: skip
    q = batio3.identify_edges(show_progressbar=False)
    assert batio3.metadata.Sample.elements == ["Ba", "O", "Ti"]
    assert list(q.metadata.EdgeID.line_ratio_named) == []


def test_a_listed_metal_whose_lines_a_map_reads_as_a_lanthanide_left_out_is_written():
    from hyperspy_eels_edgeid.data import synthetic_eels

    # a 6 x 6 Cu/O map with tall lines whose pixels read as Pr; named, Pr is no candidate: before the map read its
    # Pr only to give its edge to Cu, it wrote O alone
    s = synthetic_eels(["Cu", "O"], navigation_shape=(6, 6), energy_axis=(472.0, 0.25, 2800), random_state=108,
                       tall_white_line_probability=1.0, tall_white_line_strength=(5.0, 8.0), l23_branching="3d",
                       m45_branching="4f")  # fmt: skip
    listed = s.identify_edges(elements=["Cu", "O", "C", "N"], show_progressbar=False)
    assert s.metadata.Sample.elements == ["Cu", "O"] and list(listed.metadata.EdgeID.line_ratio_named) == ["Cu"]
    table = listed.summary()
    assert (listed.data[..., listed.elements.index("Pr")] == 0).all()
    assert "Pr" not in {*table.held_back, *table.left_out}


def test_name_metals_in_map_keeps_unanalysed_pixels_nan():
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import name_metals_in_map

    p = np.array([[np.nan, np.nan], [0.8, 0.9]], np.float32)
    onsets = np.array([[np.nan, np.nan], [852.0, 858.0]], np.float32)
    assert name_metals_in_map(p, onsets, ["La", "Ni"], {"La": ("Ni", 2.6)}) == ["Ni"]
    assert np.isnan(p[0]).all()
    assert p[1].tolist() == [0.0, np.float32(0.9)]  # Ni already the more probable: keeps its own
    assert onsets[1, 1] == 858.0


def test_la_gives_way_to_ni_where_the_first_line_is_the_taller():
    pred = _prediction(("O", "Ni", "La"), [0.9, 0.1, 0.8], [532.0, 855.0, 855.0])  # Ni L3/L2 855/872 eV read as La
    ni_lines = dict(onset=855.0, spacing=17.0)
    checked, named = ratio_checked(pred, ENERGY, _lines(1500.0, 500.0, **ni_lines), np.full(3, 0.35))
    assert named == ["Ni"] and checked.probabilities[0, 1] == pytest.approx(0.8)
    assert ratio_checked(pred, ENERGY, _lines(800.0, 1000.0, **ni_lines), np.full(3, 0.35))[1] == []  # La's own ratio


def test_an_edge_at_la_m5_stays_la_whatever_its_lines():
    thresholds = np.full(3, 0.35)
    # lines 3 : 1 at 832 eV (La M5), 23 eV below Ni L3, O K where the table has it: La's edge
    at_la = _prediction(("O", "Ni", "La"), [0.9, 0.1, 0.8], [532.0, 832.0, 832.0])
    assert ratio_checked(at_la, ENERGY, _lines(1500.0, 500.0, onset=832.0, spacing=17.0), thresholds)[1] == []
    # the same lines at 853 eV: Ni's (nearer Ni L3)...
    at_ni = _prediction(("O", "Ni", "La"), [0.9, 0.1, 0.8], [532.0, 853.0, 853.0])
    ni_lines = _lines(1500.0, 500.0, onset=853.0, spacing=17.0)
    assert ratio_checked(at_ni, ENERGY, ni_lines, thresholds)[1] == ["Ni"]
    # ...unless the other edges say the axis reads 21 eV high: then the edge is La M5's
    high = _prediction(("O", "Ni", "La"), [0.9, 0.1, 0.8], [553.0, 853.0, 853.0])
    assert ratio_checked(high, ENERGY, ni_lines, thresholds)[1] == []
    # an axis the shift search moved: onsets and the other edges compared on the moved axis
    assert ratio_checked(high, ENERGY, ni_lines, thresholds, shift=-21.0)[1] == []
    assert ratio_checked(at_ni, ENERGY, ni_lines, thresholds, shift=-21.0)[1] == ["Ni"]  # both moved alike


def test_the_user_guides_quantification_example_finds_la_mn_and_o():
    from hyperspy_eels_edgeid.data import synthetic_eels

    s = synthetic_eels(  # docs/user_guide.md, "Quantification after identification"
        ["La", "Mn", "O"], random_state=0, energy_axis=(450.0, 0.5, 1200), atomic_ratios={"La": 1, "Mn": 1, "O": 3}
    )
    del s.metadata.Sample.elements
    s.elements, s.subshells = set(), set()
    assert s.identify_edges(show_progressbar=False).elements == ["La", "Mn", "O"]


def test_metals_edge_alone_uses_the_shift_and_the_other_edges():
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import metals_edge

    assert metals_edge(853.0, "La", "Ni", {}) and not metals_edge(835.0, "La", "Ni", {})
    assert not metals_edge(853.0 - 21.0, "La", "Ni", {})  # moved by a shift of -21 eV: at La M5
    assert metals_edge(853.0, "Ce", "Ni", {}) and not metals_edge(880.0, "Ce", "Ni", {})
    assert metals_edge(760.0, "Ba", "Co", {"O": 532.0})  # Ba M5 and Co L3 coincide: position does not decide


def test_a_map_gives_la_lines_to_ni_only_at_ni_l3_on_the_searched_axis():
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import map_ratio_suggestions

    elements = ["O", "Ni", "La"]
    data = np.stack([_lines(1500.0, 500.0, onset=853.0, spacing=17.0, seed=s) for s in range(4)])  # 4 pixels
    probabilities = np.tile(np.float32([0.9, 0.1, 0.8]), (4, 1))
    onsets = np.tile(np.float32([532.0, 0.0, 853.0]), (4, 1))
    alone = (elements, ["La"], np.full(3, 0.35), ENERGY)  # La written alone: no other edge to judge the axis by
    assert map_ratio_suggestions(data, probabilities, onsets, *alone)["La"][0] == "Ni"
    assert map_ratio_suggestions(data, probabilities, onsets, *alone, shift=-21.0) == {}  # 832 eV on that axis: La M5
    with_o = (elements, ["La", "O"], np.full(3, 0.35), ENERGY)  # O K moved alike: the edge is Ni's again
    assert map_ratio_suggestions(data, probabilities, onsets, *with_o, shift=-21.0)["La"][0] == "Ni"


def test_a_metal_pixel_without_a_value_takes_the_lanthanides():
    from hyperspy_eels_edgeid.hyperspy.line_ratio_check import name_metals_in_map

    p = np.array([[0.8, np.nan]], np.float32)
    onsets = np.array([[851.0, np.nan]], np.float32)
    name_metals_in_map(p, onsets, ["La", "Ni"], {"La": ("Ni", 2.6)})
    assert p[0].tolist() == [0.0, np.float32(0.8)] and onsets[0, 1] == 851.0


def test_cs_gives_way_to_fe_where_the_first_line_is_the_taller():
    pred = _prediction(("O", "Fe", "Cs"), [0.9, 0.1, 0.8], [532.0, 708.5, 708.5])  # Fe L3/L2 708/721 eV read as Cs
    x = energy = np.arange(660.0, 800.0, 0.25)
    step = (2 * np.arctan((x - 708.0) / 2.0) + np.arctan((x - 721.0) / 2.0)) / (3 * np.pi) + 0.5

    def lines(first, second):
        clean = 2000.0 * (x / 660.0) ** -3 + 300.0 * step + first * np.exp(-0.5 * ((x - 709.5) / 2.0) ** 2)
        clean += second * np.exp(-0.5 * ((x - 722.5) / 2.0) ** 2)
        return np.random.default_rng(0).poisson(clean).astype(float)

    checked, named = ratio_checked(pred, energy, lines(1500.0, 450.0), np.full(3, 0.35))
    assert named == ["Fe"] and checked.probabilities[0, 1] == pytest.approx(0.8)
    assert ratio_checked(pred, energy, lines(800.0, 1000.0), np.full(3, 0.35))[1] == []  # Cs's own ratio
