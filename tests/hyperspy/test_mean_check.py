"""A map's widespread elements checked on its mean spectrum read as a single spectrum (hyperspy/mean_check.py)."""

import dataclasses
import types

import numpy as np

from hyperspy_eels_edgeid.data import synthetic_eels, synthetic_low_loss
from hyperspy_eels_edgeid.hyperspy import mean_check
from hyperspy_eels_edgeid.hyperspy.blocks import prepare_spectra
from hyperspy_eels_edgeid.hyperspy.table import EdgeRow, EdgeTable
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer


def test_only_widespread_elements_the_mean_does_not_report_are_vetoed():
    s = synthetic_eels(["Fe", "O"], energy_axis=(450.0, 0.5, 2048), random_state=0)
    energy = s.axes_manager[-1].axis
    mean = prepare_spectra(energy, s.data[None].astype(np.float32), "raise", False, False)
    reader = load_recognizer(None, device="cpu")
    thresholds = np.asarray(reader.thresholds, dtype=float)
    rows = [EdgeRow("Fe", "Fe_L3", 708.0, 0.9, 0.35, 1.0), EdgeRow("O", "O_K", 532.0, 0.9, 0.35, 0.95),
            EdgeRow("Co", "Co_L3", 779.0, 0.5, 0.35, 0.92), EdgeRow("Ni", "Ni_L3", 855.0, 0.5, 0.35, 0.5)]
    settings = types.SimpleNamespace(shift_search=True, batch_size=256)  # what the single reading asks of them
    _, prediction, _, _ = mean_check.read_spectrum(reader, energy, mean, settings, None, thresholds)
    vetoes = mean_check.mean_vetoes(EdgeTable(rows), prediction, thresholds)
    assert set(vetoes) == {"Co"} and vetoes["Co"] < 0.35  # Ni: in half the pixels, not checked


def test_a_map_holds_back_what_its_mean_spectrum_does_not_show(monkeypatch):
    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 4), random_state=1)  # Fe and O in every pixel
    plain = s.deepcopy().identify_edges(show_progressbar=False)
    assert plain.summary().elements == ["Fe", "O"] and not plain.metadata.EdgeID.has_item("mean_veto")
    read = mean_check.read_spectrum

    def without_oxygen(*args):  # the mean spectrum's reading, O taken out of it
        shift, prediction, named, free = read(*args)
        p = prediction.probabilities.copy()
        p[0, list(prediction.elements).index("O")] = 0.1
        return shift, dataclasses.replace(prediction, probabilities=p), named, free

    def oxygen_to_fluorine(*args):  # ... or given to F, as the decoder gives an edge to the likelier element
        shift, prediction, named, free = without_oxygen(*args)
        owner = prediction.explained_by.copy()
        owner[0, list(prediction.elements).index("O")] = list(prediction.elements).index("F")
        return shift, dataclasses.replace(prediction, explained_by=owner), named, free

    monkeypatch.setattr(mean_check, "read_spectrum", oxygen_to_fluorine)
    said = s.identify_edges(show_progressbar=False).summary().held_back["O"]
    assert said.endswith("(read at 0.1000: its edge went to F there)")

    monkeypatch.setattr(mean_check, "read_spectrum", without_oxygen)
    result = s.identify_edges(show_progressbar=False)
    table = result.summary()
    assert s.metadata.Sample.elements == ["Fe"] and table.elements == ["Fe"]
    assert "in 90% of the pixels or more, but not reported by the mean spectrum read as a single spectrum (read at " \
        "0.1000)" in table.held_back["O"]
    assert result.metadata.EdgeID.mean_veto.as_dictionary() == {"O": np.float32(0.1)}
    assert "O" in result.inav[:2].summary().elements  # other pixels: the veto is not theirs
    partnered = s.identify_edges(low_loss=synthetic_low_loss(s), show_progressbar=False)  # not made with a partner
    assert not partnered.metadata.EdgeID.has_item("mean_veto") and partnered.summary().elements == ["Fe", "O"]
    for decided in (dict(lazy_output=True, add_elements=True), dict(shift_search=False)):  # decided at the run
        other = s.as_lazy().identify_edges(show_progressbar=False, **decided)  # (no search: the mean made for it)
        assert other.summary().elements == ["Fe"] and other.metadata.EdgeID.mean_checked is True
    lazy = s.as_lazy().identify_edges(lazy_output=True, add_elements=False, show_progressbar=False)
    lazy.compute()  # decided nothing at the run: not compared, and the table says so
    assert lazy.metadata.EdgeID.mean_checked is False and "Not compared with the mean spectrum" in repr(lazy.summary())


def test_a_single_spectrums_probabilities_summarise_as_its_table():
    s = synthetic_eels(["Fe", "O"], energy_axis=(450.0, 0.5, 2048), random_state=1)
    table = s.identify_edges(elements=["Fe", "Ni", "O"], add_elements=False)
    again = table.probabilities.summary()
    assert again.elements == table.elements and again.asked_not_found == table.asked_not_found
    assert set(table.asked_not_found) == {"Ni"} and table.asked_not_found["Ni"] < 0.35
    assert again.left_out_of == "" and "mean spectrum" not in repr(again)


def test_a_maps_table_lists_the_edges_its_mean_spectrum_shows_that_no_written_element_explains(tmp_path):
    import hyperspy.api as hs

    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 4), random_state=1)
    assert s.deepcopy().identify_edges(show_progressbar=False).summary().unnamed_edges == ()
    result = s.identify_edges(exclude=["Fe"], show_progressbar=False)  # Fe's edge, in every pixel, named by no one
    table = result.summary()
    assert "Fe" not in table.elements and any(u.candidates[:1] == ("Fe_L3",) for u in table.unnamed_edges)
    assert "Edges seen in the mean spectrum, no element named: " in repr(table)
    result.save(tmp_path / "r.hspy")
    again = hs.load(tmp_path / "r.hspy").summary()
    assert again.unnamed_edges == table.unnamed_edges
    sliced = "Edges seen in the whole map's mean spectrum (this result is a slice of it), no element named: "
    assert sliced in repr(result.inav[:2].summary())
    partnered = s.identify_edges(exclude=["Fe"], low_loss=synthetic_low_loss(s), show_progressbar=False)
    assert partnered.summary().unnamed_edges == () and not partnered.metadata.EdgeID.has_item("unnamed_edges")


def test_a_maps_unnamed_edges_are_found_against_what_it_finally_writes_and_shown_only_with_it():
    from hyperspy_eels_edgeid.hyperspy.image_table import stored_unnamed_edges

    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 4), random_state=1)
    result = s.identify_edges(exclude=["Fe"], show_progressbar=False)
    record = result.metadata.EdgeID
    assert record.unnamed_edges.against == ["O"] and stored_unnamed_edges(record, ["O"])
    assert stored_unnamed_edges(record, ["Fe", "O"]) == ()  # decided again with Fe written: Fe's edge is explained
    pixel = result.inav[1, 1].summary()  # one pixel of the map: the lines are the whole map's, and say so
    assert "reported without them in the whole map's mean spectrum (this result is a slice of it): Fe" in repr(pixel)
    assert pixel.unnamed_edges_of == "the whole map's mean spectrum (this result is a slice of it)"
