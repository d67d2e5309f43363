"""Edges the edge head sees that no reported element explains, on hand-built evidence and through identify_edges."""

import numpy as np
import pytest

pytest.importorskip("torch")

from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES  # noqa: E402
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer  # noqa: E402
from hyperspy_eels_edgeid.recognizer.prediction import EdgePrediction  # noqa: E402
from hyperspy_eels_edgeid.recognizer.unnamed_edges import UNNAMED_EDGE_PROBABILITY, UnnamedEdge  # noqa: E402


@pytest.fixture(scope="module")
def rec():
    return load_recognizer(device="cpu")


def _prediction(rec, edges, reported, measured=None):
    """Evidence with edges (onset -> (family, probability)) and reported elements (element -> detected onset)."""
    steps, spacing = rec._reader.step_energy, rec._reader.spacing
    families = np.zeros((1, len(FAMILIES), steps.size), dtype=np.float32)
    families[0, 0] = 1.0
    offsets = np.zeros((1, steps.size), dtype=np.float32)
    for onset, (family, probability) in edges.items():
        t = int(np.argmin(np.abs(steps - onset)))
        families[0, :, t] = 0.0
        families[0, 0, t], families[0, FAMILIES.index(family), t] = 1.0 - probability, probability
        offsets[0, t] = (onset - steps[t]) / spacing[t]
    k = len(rec.elements)
    probabilities, onsets = np.zeros((1, k), np.float32), np.full((1, k), np.nan, np.float32)
    for element, onset in reported.items():
        probabilities[0, rec.elements.index(element)], onsets[0, rec.elements.index(element)] = 0.9, onset
    evidence = {"step_families": families, "step_offsets": offsets,
                "step_measured": np.ones((1, steps.size), bool) if measured is None else measured}  # fmt: skip
    return EdgePrediction(probabilities, np.ones((1, k), bool), onsets, rec.elements, np.full((1, k), -1),
                          probabilities, evidence)  # fmt: skip


def test_an_edge_no_reported_element_explains_is_listed_with_the_table_edges_there(rec):
    (edge,) = rec.unnamed_edges(_prediction(rec, {401.0: ("K", 0.95)}, {}))
    assert isinstance(edge, UnnamedEdge) and abs(edge.onset - 401.0) < 0.5 and edge.shape == "K"
    assert edge.probability == pytest.approx(0.95) and edge.candidates[0] == "N_K" and "Sc_L3" in edge.candidates
    assert rec.unnamed_edges(_prediction(rec, {401.0: ("K", 0.95)}, {"N": 401.5})) == ()  # N reported: explained


def test_edges_of_a_reported_element_are_explained_whatever_their_subshell(rec):
    # Fe reported by its L3 edge: its L1 edge (844 eV) is Fe's; the O K edge beside it is nobody's
    edges = {708.0: ("L23_white", 0.99), 846.0: ("L1", 0.8), 532.0: ("K", 0.9)}
    (edge,) = rec.unnamed_edges(_prediction(rec, edges, {"Fe": 708.5}))
    assert edge.candidates[0] == "O_K" and abs(edge.onset - 532.0) < 0.5


def test_candidates_are_read_less_the_axis_error_of_the_reported_elements(rec):
    # the axis 12 eV off (Fe read at 720 eV): the edge at 544 eV is O K's, which the table puts at 532 eV
    edges = {720.0: ("L23_white", 0.99), 544.0: ("K", 0.9)}
    (edge,) = rec.unnamed_edges(_prediction(rec, edges, {"Fe": 720.0}))
    assert edge.candidates[0] == "O_K" and abs(edge.onset - 544.0) < 0.5  # the onset stays on the spectrum's axis


def test_evidence_read_on_a_moved_axis_is_judged_there_and_listed_on_the_spectrums_own(rec):
    # the search moved the axis by +10 eV: the evidence's Fe edge at 708 eV is Fe's at 698 eV on the spectrum's axis,
    # where the prediction's onsets are; O K's edge, 532 eV moved, stands at 522 eV on it
    edges = {708.0: ("L23_white", 0.99), 846.0: ("L1", 0.8), 532.0: ("K", 0.9)}
    moved = _prediction(rec, edges, {"Fe": 698.0})
    moved.evidence["searched_shift"] = np.array([10.0])
    (edge,) = rec.unnamed_edges(moved)
    assert abs(edge.onset - 522.0) < 0.5 and edge.candidates[0] == "O_K"
    assert len(rec.unnamed_edges(_prediction(rec, edges, {"Fe": 698.0}))) == 3  # not moved: Fe's edges unexplained


def test_named_elements_the_reading_does_not_report_are_placed_by_the_axis_error_of_those_it_does(rec):
    # a map writes Fe and O; its mean spectrum's reading reports O only, 10 eV high, and has no onset for Fe:
    # Fe's L3 edge, 10 eV high too (718 eV), is Fe's
    edges = {542.0: ("K", 0.95), 718.0: ("L23_white", 0.99)}
    (edge,) = rec.unnamed_edges(_prediction(rec, edges, {"O": 542.0}))
    assert edge.candidates[0] == "Fe_L3"  # read against O alone: Fe's edge is unnamed, named Fe L3 less the error
    assert rec.unnamed_edges(_prediction(rec, edges, {"O": 542.0}), reported=["Fe", "O"]) == ()


def test_of_two_equal_steps_the_first_is_listed(rec):
    steps = rec._reader.step_energy
    t = int(np.argmin(np.abs(steps - 401.0)))
    (edge,) = rec.unnamed_edges(_prediction(rec, {steps[t]: ("K", 0.9), steps[t + 1]: ("K", 0.9)}, {}))
    assert abs(edge.onset - steps[t]) < 0.5


def test_weak_unmeasured_or_absent_steps_list_nothing(rec):
    weak = UNNAMED_EDGE_PROBABILITY - 0.1
    assert rec.unnamed_edges(_prediction(rec, {401.0: ("K", weak)}, {})) == ()
    measured = np.ones((1, rec._reader.step_energy.size), bool)
    measured[0, np.abs(rec._reader.step_energy - 401.0) < 12] = False
    assert rec.unnamed_edges(_prediction(rec, {401.0: ("K", 0.95)}, {}, measured)) == ()
    bare = _prediction(rec, {401.0: ("K", 0.95)}, {})
    bare.evidence = {}  # a prediction made without edge_support
    assert rec.unnamed_edges(bare) == ()


def test_identify_edges_lists_the_edge_of_an_excluded_element():
    import hyperspy_eels_edgeid  # noqa: F401
    from hyperspy_eels_edgeid.data import synthetic_eels
    from hyperspy_eels_edgeid.hyperspy.table import EdgeTable

    s = synthetic_eels(elements=["Fe", "O"], random_state=0, energy_axis=(300.0, 0.5, 1200))
    table = s.identify_edges()
    assert {"Fe", "O"} <= set(table.elements)
    assert not any("Fe_L3" in u.candidates for u in table.unnamed_edges)
    kept_out = s.identify_edges(exclude=["Fe"])
    assert "Fe" not in kept_out.elements and any(u.candidates[:1] == ("Fe_L3",) for u in kept_out.unnamed_edges)
    assert "Edges seen, no element named: " in str(kept_out) and "Fe_L3" in str(kept_out)
    shown = str(EdgeTable([], unnamed_edges=[UnnamedEdge(401.0, "K", 0.93, ("N_K", "Sc_L3"))]))
    assert "Edges seen, no element named: 401.0 eV (K 0.93: N_K, Sc_L3) (table.unnamed_edges)." in shown
