"""A white-line edge nobody explains, given to the 3d metal whose L3 edge the table puts there (recognizer/white_edges.py)."""

import dataclasses

import numpy as np
import pytest

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.white_edges import own_white_edges, white_line_l3_onsets


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer(device="cpu")


def _decoder(recognizer, **settings):
    base = dataclasses.replace(recognizer.decoder.settings, **{"white_edge_probability": 0.6, **settings})
    return ElementDecoder(recognizer.elements, recognizer._onsets, 0.35, base, recognizer.step_energy)


def _evidence(recognizer, white: dict, reported: dict = (), window=(400.0, 1000.0)):
    """One spectrum: the element head names only `reported` ({element: onset}); the edge head sees `white`
    ({element: (probability, onset)}) at those metals' L3 onsets."""
    k = len(recognizer.elements)
    index = {e: i for i, e in enumerate(recognizer.elements)}
    logits = np.full((1, k), -8.0)
    onsets = np.full((1, k), 700.0)
    for element, onset in dict(reported).items():
        logits[0, index[element]], onsets[0, index[element]] = 6.0, onset
    p, at = np.zeros((1, k), np.float32), np.zeros((1, k), np.float32)
    for element, (probability, onset) in white.items():
        p[0, index[element]], at[0, index[element]] = probability, onset
        onsets[0, index[element]] = onset
    return {"logits": logits, "onsets": onsets, "observable": np.ones((1, k), bool),
            "window_start": np.array([window[0]]), "window_end": np.array([window[1]]),
            "white_edge": p, "white_edge_onset": at}  # fmt: skip


def _owned(recognizer, evidence, **settings):
    dec = _decoder(recognizer, **settings)
    decision, owned = own_white_edges(dec.decide_evidence(evidence), evidence, dec)
    return {recognizer.elements[i] for i in np.flatnonzero(decision.reported(0.35)[0])}, owned


def test_l3_onsets_of_the_3d_metals_only(recognizer):
    l3 = dict(zip(recognizer.elements, white_line_l3_onsets(recognizer.decoder)))
    assert l3["Mn"] == pytest.approx(640.0, abs=1.0) and l3["Fe"] == pytest.approx(708.0, abs=1.0)
    assert np.isnan(l3["O"]) and np.isnan(l3["La"]) and np.isnan(l3["Ba"])
    assert sum(np.isfinite(v) for v in l3.values()) == 12  # K-Zn


def test_an_unexplained_white_edge_names_its_metal(recognizer):
    reported, owned = _owned(recognizer, _evidence(recognizer, {"Mn": (0.9, 639.0)}, {"O": 532.0}))
    assert reported == {"O", "Mn"}
    assert owned[0, recognizer.elements.index("Mn")] and owned.sum() == 1


def test_off_by_default(recognizer):
    evidence = _evidence(recognizer, {"Mn": (0.9, 639.0)}, {"O": 532.0})
    reported, owned = _owned(recognizer, evidence, white_edge_probability=None)
    assert reported == {"O"} and not owned.any()


@pytest.mark.parametrize(
    "white, reported, why",
    [
        ({"Mn": (0.5, 639.0)}, {}, "the head is not sure enough"),
        ({"Mn": (0.9, 630.0)}, {}, "the edge starts 10 eV before Mn L3"),
        ({"Mn": (0.9, 639.0)}, {"F": 648.0}, "a reported element's onset lies 9 eV away"),
        ({"Co": (0.95, 779.0)}, {}, "Ba M5 (781 eV) may own a tall white line there"),
        ({"Cu": (0.95, 931.0)}, {}, "Pr M5 (931 eV) may own it"),
    ],
)
def test_no_owner_where_the_edge_may_be_another_s(recognizer, white, reported, why):
    names, owned = _owned(recognizer, _evidence(recognizer, white, reported))
    assert not owned.any(), why
    assert names == set(reported)


def test_an_element_read_beside_the_white_edge_keeps_it(recognizer):
    evidence = _evidence(recognizer, {"Fe": (0.9, 707.0)}, {"O": 532.0, "F": 698.0})  # F K read at the lines' rise
    names, owned = _owned(recognizer, evidence)
    assert names == {"O", "F"} and not owned.any()
    evidence["onsets"][0, recognizer.elements.index("F")] = 690.0  # 17 eV away: the edge is nobody else's
    names, owned = _owned(recognizer, evidence)
    assert names == {"O", "F", "Fe"} and owned[0, recognizer.elements.index("Fe")]


def test_not_at_a_window_end(recognizer):
    evidence = _evidence(recognizer, {"Mn": (0.9, 639.0)}, window=(400.0, 650.0))  # Mn L3 10 eV before the end
    _, owned = _owned(recognizer, evidence)
    assert not owned.any()


def test_candidates_restrict_it(recognizer):
    dec = _decoder(recognizer)
    evidence = _evidence(recognizer, {"Mn": (0.9, 639.0)})
    candidates = np.array([e != "Mn" for e in recognizer.elements])
    decision, owned = own_white_edges(dec.decide_evidence(evidence, candidates), evidence, dec, candidates)
    assert not owned.any() and not decision.reported(0.35).any()


def test_the_reader_reports_white_edges_of_the_metals_only(recognizer):
    e = np.arange(400.0, 800.0, 0.25)
    line = 40.0 * np.exp(-0.5 * ((e - 642.0) / 1.5) ** 2) + 12.0 * np.exp(-0.5 * ((e - 653.0) / 1.5) ** 2)
    spectrum = 1e9 * e**-2.9 + 1e9 * 640.0**-2.9 * (line + (e > 640.0)) * 0.05
    evidence = recognizer.predict(e, spectrum).evidence
    metals = np.isfinite(white_line_l3_onsets(recognizer.decoder))
    assert evidence["white_edge"].shape == (1, len(recognizer.elements))
    assert (evidence["white_edge"][0, ~metals] == 0).all() and (evidence["white_edge_onset"][0, ~metals] == 0).all()
    mn = recognizer.elements.index("Mn")
    assert 0.0 <= evidence["white_edge"][0, mn] <= 1.0
    assert abs(evidence["white_edge_onset"][0, mn] - 640.0) <= 12.0  # within a step or so of the step it read


def test_a_lanthanide_kept_out_of_the_candidates_leaves_the_edge_to_the_metal(recognizer):
    dec = _decoder(recognizer)
    evidence = _evidence(recognizer, {"Co": (0.95, 779.0)})
    candidates = np.array([e != "Ba" for e in recognizer.elements])
    decision, owned = own_white_edges(dec.decide_evidence(evidence, candidates), evidence, dec, candidates)
    assert owned[0, recognizer.elements.index("Co")] and owned.sum() == 1


def test_settings_validated():
    assert DecoderSettings.from_json({"white_edge_probability": 0.6}).white_edge_probability == 0.6
    assert DecoderSettings.from_json({"white_edge_probability": None}).white_edge_probability is None
    with pytest.raises(ValueError, match="white_edge_clear_ev"):
        DecoderSettings.from_json({"white_edge_clear_ev": -1.0})


def test_bundled_model_reads_exspy_mn_fe_example():
    """exspy's EELS_MnFe (L3 lines about 15 times their step): its sum spectrum is Fe and Mn, its line scan shows both
    (before the rule: nothing, or F; `experiments/white_edge_owner/`, where random_state 0-3 gave 4 of 4 sums exact)."""
    import exspy

    import hyperspy_eels_edgeid  # noqa: F401

    exact = 0
    for seed in range(4):
        s = exspy.data.EELS_MnFe(random_state=seed)
        total = s.sum()
        table = total.identify_edges(show_progressbar=False)
        exact += sorted(total.metadata.Sample.elements) == ["Fe", "Mn"]
        owned = list(table.probabilities.metadata.EdgeID.white_edge_owned)
        assert set(owned) <= set(total.metadata.Sample.elements) and len(owned) > 0
        assert f"{', '.join(owned)} (metadata.EdgeID.white_edge_owned)" in str(table)
        if seed == 0:
            s.identify_edges(show_progressbar=False)
            assert {"Fe", "Mn"} <= set(s.metadata.Sample.elements)
    assert exact >= 3
