"""What the user can say (candidates, exclusions), what goes into Sample.elements, alternatives, masked channels."""

import exspy
import hyperspy.api as hs
import numpy as np
import pytest

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.gaps import bridge_gaps
from hyperspy_eels_edgeid.hyperspy.signal_metadata import write_elements
from hyperspy_eels_edgeid.hyperspy.alternatives import near_misses
from hyperspy_eels_edgeid.hyperspy.table import EdgeTable
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir


def ba_o_with_a_confuser():
    """BaO whose Ba M5 edge (781 eV) the bundled model gives to La (M4 849 eV, M5 832 eV; seed 588)."""
    return synthetic_eels(["Ba", "O"], random_state=588)


def test_candidates_and_exclusions_change_the_answer():
    s = ba_o_with_a_confuser()
    plain = s.identify_edges(add_elements=False)
    assert "La" in plain.elements and "Ba" not in plain.elements
    known = s.identify_edges(elements=["Ba", "O"], add_elements=False)
    assert "Ba" in known.elements and "La" not in known.elements
    assert set(known.elements) <= {"Ba", "C", "O"}  # plus the contamination default
    excluded = s.identify_edges(exclude="La", add_elements=False)
    assert "La" not in excluded.elements and "Ba" in excluded.elements


def test_an_element_the_user_names_is_judged_without_the_prior():
    # Tc (very rare: prior -3) beside O: read as Mo without a list; named, Tc with O (before: nothing at all)
    s = synthetic_eels(["Tc", "O"], energy_axis=(150.0, 0.5, 2048), random_state=3)
    assert "Tc" not in s.identify_edges(add_elements=False).elements
    named = s.identify_edges(elements=["Tc", "O"], add_elements=False)
    assert {"Tc", "O"} <= set(named.elements)
    assert set(named.elements) <= {"Tc", "O", "C"}
    assert "Tc" not in s.identify_edges(exclude=["Mo"], add_elements=False).elements  # excluding names nothing


def test_the_table_says_what_the_list_kept_out_and_what_it_did_not_find():
    s = synthetic_eels(["Gd", "Fe", "O"], energy_axis=(450.0, 0.5, 2048), random_state=0,
                       atomic_ratios={"Gd": 1, "Fe": 1, "O": 3})  # fmt: skip
    assert "Fe" in s.identify_edges(add_elements=False).elements
    t = s.identify_edges(elements=["Gd", "O", "Si"], add_elements=False)  # Fe forgotten; Si K lies past the window
    assert t.elements == ["Gd", "O"]
    assert set(t.left_out) == {"Fe"} and t.left_out["Fe"] >= 0.35
    assert t.asked_not_found == {"Si": None}
    text = str(t)
    assert "only C, Gd, O, Si asked for" in text and "Fe 0." in text
    assert "not judged in this window (outside it, or at its ends): Si" in text
    excluded = s.identify_edges(exclude=["Fe"], add_elements=False)
    assert set(excluded.left_out) == {"Fe"} and excluded.asked_not_found == {}
    plain = s.identify_edges(add_elements=False)
    assert plain.left_out == {} and plain.asked_not_found == {} and "asked for" not in str(plain)


def test_a_maps_table_names_what_the_list_kept_out_of_its_mean_spectrum(tmp_path):
    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 4), random_state=1)  # Fe everywhere
    listed = s.identify_edges(elements=["O"])
    assert listed.metadata.EdgeID.left_out.as_dictionary().keys() == {"Fe"}
    assert "reported without them in the mean spectrum: Fe 1.00" in str(listed.summary())
    assert listed.summary().left_out == {"Fe": 1.0}
    assert not s.identify_edges().metadata.EdgeID.has_item("left_out")
    listed.save(tmp_path / "p.hspy")
    assert "in the mean spectrum: Fe 1.00" in str(hs.load(tmp_path / "p.hspy").summary())  # kept in the file
    # a slice's table says whose mean spectrum that was
    assert "in the whole map's mean spectrum (this result is a slice of it): Fe" in str(listed.inav[:2, :2].summary())


def test_a_maps_table_names_the_elements_asked_for_and_not_found():
    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 4), random_state=1)
    table = s.identify_edges(elements=["Fe", "Ni"], add_elements=False).summary()
    assert table.elements == ["Fe", "O"] and table.asked_not_found == {"Ni": 0.0}
    assert "Asked for, not reported: shown by too few pixels: Ni 0.0 %" in str(table)


def test_candidates_work_on_a_lazy_spectrum_image():
    si = synthetic_eels(["B", "N"], navigation_shape=(3, 2), random_state=2, lazy=True)
    lazy = si.identify_edges(elements=["B", "N"], exclude="O", lazy_output=True, add_elements=False)
    eager = si.identify_edges(elements=["B", "N"], exclude="O", add_elements=False)
    np.testing.assert_array_equal(np.asarray(lazy.data.compute()), eager.data)
    elements = list(load_recognizer(device="cpu").elements)
    others = [k for k, e in enumerate(elements) if e not in ("B", "N", "C")]
    assert np.all(np.nan_to_num(eager.data[..., others]) == 0)
    assert set(eager.metadata.EdgeID.detected) <= {"B", "N", "C"}


def test_unknown_or_malformed_elements_are_refused():
    s = synthetic_eels(["Fe", "O"], random_state=0)
    with pytest.raises(ValueError, match="Xx"):
        s.identify_edges(elements=["Fe", "Xx"])
    with pytest.raises(ValueError, match=r"^elements: 'fe' \(did you mean 'Fe'\?\)"):
        s.identify_edges(elements=["fe", "O"])
    with pytest.raises(ValueError, match=r"^exclude: 'os' \(did you mean 'Os'\?\)"):
        s.identify_edges(exclude=["os"])
    with pytest.raises(ValueError, match="^elements: H cannot be reported"):
        s.identify_edges(elements=["H", "O"])
    assert "Fe" in s.identify_edges(exclude=["H"], add_elements=False).elements  # never reported: nothing to refuse
    with pytest.raises(ValueError, match="exclude"):
        s.identify_edges(exclude=[3])
    with pytest.raises(ValueError, match="add_elements"):
        s.identify_edges(add_elements="append")
    with pytest.raises(ValueError, match="elements and exclude both name Fe"):
        s.identify_edges(elements=["Fe", "O"], exclude=["Fe"])
    with pytest.raises(ValueError, match="^elements: an empty list names no element"):
        s.identify_edges(elements=[])


def test_running_twice_gives_the_same_elements_and_extend_keeps_what_was_there():
    s = ba_o_with_a_confuser()
    s.metadata.Sample.elements = ["Fe"]  # what was there before (synthetic_eels writes the truth)
    first = s.identify_edges()
    after_first = list(s.metadata.Sample.elements)
    assert after_first == first.elements and "Fe" not in after_first  # "replace" is the default
    s.identify_edges()
    assert s.metadata.Sample.elements == after_first
    s.metadata.Sample.elements = ["Fe"]
    s.elements = {"Fe"}
    t = s.identify_edges(add_elements="extend")
    assert s.metadata.Sample.elements == sorted({"Fe", *after_first})
    assert t.added == sorted(set(after_first) - {"Fe"})
    # elements written into the metadata by hand, not through exspy's add_elements, are kept too
    s.elements, s.subshells = set(), set()
    s.metadata.Sample.elements = ["Zr"]
    t = s.identify_edges(add_elements="extend")
    assert s.metadata.Sample.elements == sorted({"Zr", *after_first})
    assert "Zr" in s.elements and t.added == after_first
    # an element removed from the list by hand stays removed (exspy's own set still holds it)
    s.metadata.Sample.elements = ["Zr"]
    s.identify_edges(add_elements="extend")
    assert s.metadata.Sample.elements == sorted({"Zr", *after_first})
    s.add_elements(["Cu"])
    s.metadata.Sample.elements = ["Zr"]
    s.identify_edges(add_elements="extend")
    assert "Cu" not in s.metadata.Sample.elements


def test_replace_names_the_elements_it_took_out_of_the_metadata():
    s = ba_o_with_a_confuser()
    s.metadata.Sample.elements = ["Fe", "O", "Mn"]  # O is found again; Fe and Mn are not
    t = s.identify_edges()
    assert "O" in t.elements and not {"Fe", "Mn"} & set(t.elements)
    assert t.replaced == ["Fe", "Mn"]
    assert "Taken out of metadata.Sample.elements: Fe, Mn" in str(t)
    s.metadata.Sample.elements = ["Fe"]
    assert s.identify_edges(add_elements=False).replaced == [] and s.metadata.Sample.elements == ["Fe"]
    assert s.identify_edges(add_elements="extend").replaced == []
    assert s.identify_edges().replaced == ["Fe"]  # "extend" kept Fe, "replace" takes it out
    again = s.identify_edges()  # the list holds the last run's answer: nothing is taken out
    assert again.replaced == [] and "Taken out" not in str(again)
    si = synthetic_eels(["B", "N"], navigation_shape=(3, 2), random_state=2)
    si.metadata.Sample.elements = ["Fe"]
    p = si.identify_edges()
    assert list(p.metadata.EdgeID.replaced) == ["Fe"] and p.summary().replaced == ["Fe"]
    assert "Taken out of metadata.Sample.elements: Fe" in str(p.summary())
    assert list(si.identify_edges().metadata.EdgeID.replaced) == []  # the second run replaces its own answer


def test_replace_keeps_the_elements_it_did_not_look_for():
    s = ba_o_with_a_confuser()  # 100-1123 eV
    s.metadata.Sample.elements = ["Fe", "Au", "Zr", "La"]  # Au M5 (2206 eV) lies past the window
    t = s.identify_edges(elements=["Ba", "O", "Fe"], exclude=["La"])  # Zr not a candidate, La excluded: judged
    assert t.replaced == ["Fe", "La", "Zr"] and t.not_judged == ["Au"]
    assert s.metadata.Sample.elements == sorted({"Au", *t.elements})
    assert "Kept in metadata.Sample.elements: Au" in str(t)
    si = synthetic_eels(["B", "N"], navigation_shape=(3, 2), random_state=2)
    si.metadata.Sample.elements = ["Fe", "U"]  # U M5 (3552 eV) lies past the window
    p = si.identify_edges()
    assert list(p.metadata.EdgeID.replaced) == ["Fe"] and list(p.metadata.EdgeID.not_judged) == ["U"]
    assert p.summary().not_judged == ["U"] and "U" in si.metadata.Sample.elements
    si.metadata.Sample.elements = ["Fe", "U"]
    assert list(si.identify_edges(add_elements="extend").metadata.EdgeID.not_judged) == []  # "extend" keeps all
    plain = exspy.signals.EELSSpectrum([1.0, 2.0])
    plain.metadata.set_item("Sample.elements", ["Cr", "foo"])
    assert write_elements(plain, ["O"], "replace", judged={"O"}) == (["O"], ["foo"], ["Cr"])  # a name, not an element


def test_elements_below_the_threshold_are_named_under_a_spectrum_table():
    s = synthetic_eels(["Ba", "Ti", "O"], random_state=4)  # Ba M5 weak: below the threshold
    t = s.identify_edges(add_elements=False)
    assert "Ba" not in t.elements and t.near_misses.get("Ba", 0) >= 0.2
    p = t.probabilities.data
    for element, probability in t.near_misses.items():
        k = t.probabilities.metadata.EdgeID.elements.index(element)
        assert probability == pytest.approx(p[k], abs=1e-3) and 0.2 <= probability < 0.35
        assert element not in t.elements
    assert "Below the threshold, not reported: Ba 0.30" in str(t)
    assert s.identify_edges(add_elements=False, exclude=["Ba"]).near_misses.get("Ba") is None  # not a candidate
    assert "Mg 0.34 " in str(EdgeTable([], near_misses={"Mg": 0.34987}))  # rounded down, not up to the threshold
    missed = near_misses(np.array([0.3499, 0.29]), np.full(2, 0.35), ["Mg", "Ba"], np.ones(2, bool), set())
    assert missed == {"Mg": 0.349, "Ba": 0.29} and "Mg 0.34, Ba 0.29 " in str(EdgeTable([], near_misses=missed))


def test_replace_keeps_an_element_in_a_window_too_narrow_to_judge_it():
    """A 40 eV window at Cr L2,3 (as exspy's own Cr_L_cl.hspy test spectrum): nothing is judged, Cr stays."""
    energy = 560.0 + 0.1 * np.arange(400)
    s = exspy.signals.EELSSpectrum(1e6 * energy**-3.0)
    s.axes_manager[-1].offset, s.axes_manager[-1].scale, s.axes_manager[-1].units = 560.0, 0.1, "eV"
    s.metadata.set_item("Sample.elements", ["Cr"])
    with pytest.warns(UserWarning, match="No supported element has a principal edge the model can see"):
        t = s.identify_edges()
    assert t.elements == [] and t.replaced == [] and t.not_judged == ["Cr"]
    assert s.metadata.Sample.elements == ["Cr"]


def test_alternatives_are_listed_and_never_added():
    s = ba_o_with_a_confuser()
    table = s.identify_edges()
    la = next(r for r in table if r.element == "La")
    assert "Ba" in [name for name, _ in la.alternatives]
    assert "Alternatives" in repr(table) and "Alternatives" in table._repr_html_()
    assert table.held_back  # Ba's evidence went to La
    for element in table.held_back:
        assert element not in s.metadata.Sample.elements
    assert "Held back" in repr(table)


def test_each_element_carries_its_other_edges():
    table = synthetic_eels(["Ti", "O"], random_state=0).identify_edges(add_elements=False)
    ti, o = (next(r for r in table if r.element == e) for e in ("Ti", "O"))
    assert [label for label, _ in ti.other_edges] == ["Ti_L1"] and 0.3 <= ti.other_edges[0][1] <= 1.0  # seen
    assert o.other_edges == ()  # O has no other edge
    assert "Other edges" in repr(table) and "Ti_L1" in table._repr_html_()
    assert table.to_list()[[r.element for r in table].index("Ti")]["other_edges"] == ti.other_edges
    # the Ba M5 edge given to La: La's own M3 edge (1123 eV) is not there
    la = next(r for r in ba_o_with_a_confuser().identify_edges(add_elements=False) if r.element == "La")
    assert dict(la.other_edges)["La_M3"] < 0.1


def test_no_single_masked_channel_changes_the_answer():
    rec = load_recognizer(device="cpu")
    for elements, seed in ((["Fe", "O"], 0), (["Ca", "C"], 0)):
        s = synthetic_eels(elements, random_state=seed)
        energy = s.axes_manager.signal_axes[0].axis
        x = s.data.astype(np.float32)
        reference = set(rec.predict(energy, x[None]).detected(rec.thresholds)[0])
        channels = np.arange(1, x.size - 1, 16)
        masked = np.repeat(x[None], channels.size, axis=0)
        masked[np.arange(channels.size), channels] = np.nan
        answers = rec.predict(energy, bridge_gaps(masked)).detected(rec.thresholds)
        assert all(set(a) == reference for a in answers), elements


def test_bridge_gaps_fills_only_short_interior_runs():
    x = np.arange(40, dtype=np.float32)[None].repeat(3, axis=0)
    x[0, 10] = np.nan  # one dead channel: bridged
    x[1, 5:30] = np.nan  # a long run: stays unmeasured
    x[2, :3] = np.inf  # the window's start: stays unmeasured
    out = bridge_gaps(x)
    assert out[0, 10] == pytest.approx(10.0)
    assert np.isnan(out[1, 5:30]).all()
    assert np.isnan(out[2, :3]).all() and np.isfinite(x[0, :10]).all()
    assert np.isnan(x[0, 10])  # the input is not modified


def test_o_k_with_sb_m5_lists_sb_as_an_alternative_and_does_not_add_it():
    s = synthetic_eels(["O", "Ti"], random_state=23)  # the network also sees Sb M5 (528 eV) at the O K edge
    table = s.identify_edges(weights=str(default_weights_dir()))  # the main model (not the single-spectrum ensemble)
    o = next(r for r in table if r.element == "O")
    sb = dict(o.alternatives).get("Sb")
    assert sb is not None and 0.01 <= sb < o.probability
    assert "Sb" not in s.metadata.Sample.elements and "O" in s.metadata.Sample.elements
    assert f"Sb {sb:.2f}" in repr(table)


def test_a_single_spectrum_writes_its_elements_whatever_lazy_output_says():
    s = synthetic_eels(["Fe", "O"], random_state=0)
    s.metadata.Sample.elements = []
    table = s.identify_edges(lazy_output=True)
    assert s.metadata.Sample.elements == table.elements != []


def test_spectrum_image_summary_lists_alternatives_and_the_run_records_candidates():
    si = synthetic_eels(["Ni", "O"], navigation_shape=(4, 4), random_state=0)
    p = si.identify_edges(exclude="Zn")
    table = p.summary()
    ni = next(r for r in table if r.element == "Ni")
    assert "La" in [name for name, _ in ni.alternatives]  # Ni L3 (855 eV) lies by La M4 (849 eV)
    probabilities = [pr for r in table for _, pr in r.alternatives]
    assert probabilities == [pr for r in table for _, pr in sorted(r.alternatives, key=lambda a: -a[1])]
    assert p.metadata.EdgeID.excluded == "Zn" and p.metadata.EdgeID.candidates == "all"
    assert "Zn" not in table.elements


def test_identify_edges_with_masked_channels_gives_the_unmasked_answer():
    s = synthetic_eels(["Fe", "O"], random_state=0)
    reference = s.identify_edges(add_elements=False).elements
    masked = s.deepcopy()
    masked.data[[300, 301, 870, 1220, 1500]] = np.nan  # dead channels, two just above the O K and Fe L3 onsets
    assert masked.identify_edges(nonfinite="mask", add_elements=False).elements == reference


def test_summary_lists_no_alternative_the_spectrum_table_would_not():
    """Alternatives below 0.01 are not listed by a single spectrum's table; its summary (and an image's) agree."""
    table = synthetic_eels(["Fe", "O"], random_state=0).identify_edges()
    for row in table.probabilities.summary():
        assert all(probability >= 0.01 for _, probability in row.alternatives), row.alternatives
