"""The element decoder on hand-built network evidence (no network involved)."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.edges import onset_energy
from hyperspy_eels_edgeid.recognizer.decoder import NAMED, ElementDecoder
from hyperspy_eels_edgeid.recognizer.decoder_settings import DecoderSettings
from hyperspy_eels_edgeid.recognizer.grid import model_grid
from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS, prior_log_odds, prior_tier

ELEMENTS = ["B", "C", "N", "O", "K", "Sc", "Ti", "Co", "Cd", "Sb", "Ba", "In", "Xe", "Yb", "Al", "Br"]
#: the edge each test means for each element (Al: its K edge, at the top of the window); onsets from exspy's database
EDGES = {"B": "K", "C": "K", "N": "K", "O": "K", "K": "L3", "Sc": "L3", "Ti": "L3", "Co": "L3", "Cd": "M5",
         "Sb": "M5", "Ba": "M5", "In": "M5", "Xe": "M5", "Yb": "M5", "Al": "K", "Br": "L3"}  # fmt: skip
ONSETS = {e: onset_energy(f"{e}_{EDGES[e]}") for e in ELEMENTS}


#: the bundled network's steps (every 32nd channel of its grid): 8 eV apart below 1000 eV, 16 eV to 2000 eV, 32 eV above
STEPS = model_grid(((50.0, 1000.0, 0.25), (1000.0, 2000.0, 0.5), (2000.0, 4000.0, 1.0)))[::32]


def decoder(threshold=0.3, **settings):
    return ElementDecoder(
        ELEMENTS, [[ONSETS[e]] for e in ELEMENTS], threshold, DecoderSettings(**settings), step_energy=STEPS
    )


def evidence(found: dict, window=(100.0, 900.0)):
    """Network logits and onsets: `found` maps element -> (probability, detected onset)."""
    k = len(ELEMENTS)
    logits = np.full((1, k), -8.0)
    onsets = np.array([[ONSETS[e] for e in ELEMENTS]])
    for element, (p, onset) in found.items():
        logits[0, ELEMENTS.index(element)] = np.log(p / (1 - p))
        onsets[0, ELEMENTS.index(element)] = onset
    return logits, onsets, np.ones((1, k), bool), np.array([window[0]]), np.array([window[1]])


def reported(dec, *args, **kwargs):
    d = dec.decide(*args, **kwargs)
    return {ELEMENTS[k] for k in np.flatnonzero(d.reported(dec.thresholds)[0])}, d


def test_an_edge_at_401_ev_names_n_not_sc_or_cd():
    # the network gives the one edge to all three, Sc even a little more likely
    got, d = reported(decoder(), *evidence({"B": (0.9, 190.0), "N": (0.65, 403.0), "Sc": (0.75, 404.0),
                                            "Cd": (0.6, 404.0)}))
    assert got == {"B", "N"}
    assert ELEMENTS[d.explained_by[0, ELEMENTS.index("Sc")]] == "N"
    assert ELEMENTS[d.explained_by[0, ELEMENTS.index("Cd")]] == "N"


def test_without_the_rules_the_network_alone_reports_the_confusers():
    off = dict(prior_step=0.0, same_edge_ev=0.0, same_edge_rel=0.0, pre_edge_ev=0.0, post_edge_ev=0.0,
               post_edge_white_line_ev=0.0)
    got, _ = reported(decoder(**off), *evidence({"N": (0.65, 403.0), "Sc": (0.75, 404.0), "Cd": (0.6, 404.0)}))
    assert got == {"N", "Sc", "Cd"}


def test_the_table_decides_between_two_common_elements_on_one_edge():
    # Co L3 (779) and Ba M5 (781) share the edge found at 778 eV: Co's table fits it better
    got, _ = reported(decoder(), *evidence({"Co": (0.8, 778.0), "Ba": (0.8, 778.5)}))
    assert got == {"Co"}
    # found at 786 eV, Ba's onset fits better
    got, _ = reported(decoder(), *evidence({"Co": (0.8, 786.0), "Ba": (0.8, 786.0)}))
    assert got == {"Ba"}


def test_edges_found_apart_above_1000_ev_are_two_edges_at_the_default_distance():
    # Yb M5 found at 1536 eV, Al K (unsure) at 1556 eV: 20 eV apart, more than the default 3 eV
    window = (1000.0, 2000.0)
    found = {"Yb": (0.95, 1536.0), "Al": (0.6, 1556.0)}
    assert DecoderSettings().same_edge_ev == 3.0 and DecoderSettings().same_edge_rel == 0.0
    assert reported(decoder(), *evidence(found, window=window))[0] == {"Yb", "Al"}
    # with a distance that grows with energy (3 eV + 1.5 %, 26 eV there) the unsure one is explained by Yb
    got, d = reported(decoder(same_edge_rel=0.015), *evidence(found, window=window))
    assert got == {"Yb"} and ELEMENTS[d.explained_by[0, ELEMENTS.index("Al")]] == "Yb"


def test_two_sure_elements_may_share_one_wide_step():
    # Br L3 (1550 eV) and Al K (1560 eV) lie in one 16 eV step of STEPS, where a network puts both onsets at
    # 1555 eV: 10 eV apart in the table (more than the same-edge distance, 3 eV), both sure
    window = (1000.0, 2000.0)
    assert np.diff(STEPS)[np.searchsorted(STEPS, 1555.0)] == 16.0
    got, d = reported(decoder(), *evidence({"Br": (0.95, 1555.0), "Al": (0.95, 1555.0)}, window=window))
    assert got == {"Br", "Al"}
    # one of them unsure (log-odds 0.4 below shared_edge_log_odds): the edge goes to the other alone
    got, d = reported(decoder(), *evidence({"Br": (0.95, 1555.0), "Al": (0.6, 1555.0)}, window=window))
    assert got == {"Br"} and ELEMENTS[d.explained_by[0, ELEMENTS.index("Al")]] == "Br"
    # the exception switched off
    got, _ = reported(decoder(shared_edge_log_odds=100.0), *evidence({"Br": (0.95, 1555.0), "Al": (0.95, 1555.0)},
                                                                   window=window))
    assert len(got) == 1
    # Yb M5 (1528 eV) and Al K lie 32 eV apart in the table, two steps of 16 eV: one detected onset is one edge
    got, _ = reported(decoder(), *evidence({"Yb": (0.95, 1545.0), "Al": (0.95, 1545.0)}, window=window))
    assert len(got) == 1
    # below 1000 eV (8 eV steps): O K (532 eV) and Sb M5 (528 eV), 4 eV apart in the table, may share one
    got, _ = reported(decoder(), *evidence({"O": (0.99, 530.0), "Sb": (0.99, 530.0)}))
    assert got == {"O", "Sb"}
    # sure but near-coincident in the table (N K 401 eV, Sc L3 402 eV): still one edge, one element
    got, _ = reported(decoder(), *evidence({"N": (0.99, 403.0), "Sc": (0.99, 403.0)}))
    assert got == {"N"}
    # sure, but the table puts them a step or more apart (Ti L3 456 eV, Sb M5 528 eV; 8 eV steps
    # there): two real edges would have been found in two steps, so this is one edge, one element
    got, _ = reported(decoder(), *evidence({"Ti": (0.99, 470.0), "Sb": (0.99, 470.0)}))
    assert len(got) == 1
    # without the network's steps the decoder never lets two elements share an edge
    plain = ElementDecoder(ELEMENTS, [[ONSETS[e]] for e in ELEMENTS], 0.3)
    got, _ = reported(plain, *evidence({"Br": (0.95, 1555.0), "Al": (0.95, 1555.0)}, window=window))
    assert len(got) == 1


def test_separate_edges_are_both_reported():
    # C K (284) and K L2,3 (294) found 10 eV apart: two edges, two elements
    got, _ = reported(decoder(), *evidence({"C": (0.7, 284.5), "K": (0.7, 294.5)}))
    assert got == {"C", "K"}


def test_o_k_with_sb_m5_reports_o():
    got, d = reported(decoder(), *evidence({"O": (0.8, 531.0), "Sb": (0.7, 530.0)}))
    assert got == {"O"}
    assert "Sb" in decoder().alternatives_of(ELEMENTS.index("O"))


def test_window_end_edges_are_not_judged():
    # In M5 at 443 eV in a window that ends at 456 eV; Ti L at 456 eV in a window starting at 450 eV
    got, d = reported(decoder(), *evidence({"In": (0.9, 445.0), "O": (0.9, 300.0)}, window=(100.0, 456.0)))
    assert "In" not in got and not d.observable[0, ELEMENTS.index("In")]
    got, d = reported(decoder(), *evidence({"Ti": (0.99, 457.0), "O": (0.9, 532.0)}, window=(450.0, 700.0)))
    assert got == {"O"}
    # the same edges well inside the window are reported
    got, _ = reported(decoder(), *evidence({"In": (0.9, 445.0)}, window=(100.0, 600.0)))
    assert got == {"In"}


def test_the_window_end_rule_judges_where_the_table_puts_the_edge():
    # a Ti L2,3 map over 435-486 eV: Ti L3 (456 eV) 29.75 eV before the end, In M5 (443 eV) 8 eV after the start;
    # the network's Ti onset (470 eV) is off, as in such narrow windows, but the table's lies inside the margins
    window = (435.0, 485.75)
    got, d = reported(decoder(), *evidence({"Ti": (0.99, 470.0), "In": (0.9, 444.0)}, window=window))
    assert got == {"Ti"} and not d.observable[0, ELEMENTS.index("In")]
    # judged at the detected onset (the tolerance switched off), Ti is declined
    got, _ = reported(decoder(window_onset_tolerance_ev=1000.0), *evidence({"Ti": (0.99, 470.0)}, window=window))
    assert got == set()
    # an onset 10 eV from the table is held to within the tolerance of it: judged at 461 eV with 5 eV (29 eV
    # before the end of 435-490 eV, more than 25), at 466 eV with 10 (24 eV, less)
    got, _ = reported(decoder(window_onset_tolerance_ev=5.0), *evidence({"Ti": (0.99, 466.0)}, window=(435.0, 490.0)))
    assert got == {"Ti"}
    got, _ = reported(decoder(window_onset_tolerance_ev=10.0), *evidence({"Ti": (0.99, 466.0)}, window=(435.0, 490.0)))
    assert got == set()
    # below the table: found at 446 eV, judged at 451 eV with 5 eV (16 eV after the start), at 446 with 10 (11 eV)
    got, _ = reported(decoder(window_onset_tolerance_ev=5.0), *evidence({"Ti": (0.99, 446.0)}, window=(435.0, 500.0)))
    assert got == {"Ti"}
    got, _ = reported(decoder(window_onset_tolerance_ev=10.0), *evidence({"Ti": (0.99, 446.0)}, window=(435.0, 500.0)))
    assert got == set()


def test_a_detected_onset_outside_the_window_is_not_judged():
    # the table's onset (Al K, 1560 eV) is 35 eV before the end, but the network put the edge beyond it
    got, d = reported(decoder(), *evidence({"Al": (0.99, 1600.0)}, window=(1000.0, 1595.0)))
    assert got == set() and not d.observable[0, ELEMENTS.index("Al")]
    # ... or into the last 10 eV (the labels' margin), where a rise cannot be told from a background bend
    got, _ = reported(decoder(), *evidence({"Al": (0.99, 1590.0)}, window=(1000.0, 1595.0)))
    assert got == set()
    got, _ = reported(decoder(), *evidence({"Ti": (0.99, 480.0)}, window=(400.0, 485.75)))
    assert got == set()
    # ... or into the first 5 eV
    got, _ = reported(decoder(), *evidence({"Ti": (0.99, 438.0)}, window=(435.0, 485.75)))
    assert got == set()
    got, _ = reported(decoder(), *evidence({"Al": (0.99, 1570.0)}, window=(1000.0, 1600.0)))
    assert got == {"Al"}


def test_edges_with_white_lines_need_25_ev_after_them_others_30():
    # Ti L3 (white lines) 29.75 eV and K L3 (white lines, 294 eV) 21.75 eV before the end;
    # C K (sawtooth) 27 eV before it
    assert DecoderSettings().post_edge_white_line_ev == 25.0 and DecoderSettings().post_edge_ev == 30.0
    got, _ = reported(decoder(), *evidence({"Ti": (0.99, 456.0)}, window=(400.0, 485.75)))
    assert got == {"Ti"}
    got, d = reported(decoder(), *evidence({"C": (0.99, 285.0), "K": (0.9, 295.0)}, window=(265.0, 315.75)))
    assert got == {"C"} and not d.observable[0, ELEMENTS.index("K")]
    got, _ = reported(decoder(), *evidence({"C": (0.99, 285.0)}, window=(200.0, ONSETS["C"] + 27.0)))
    assert got == set()
    # with 30 eV after every edge, Ti is declined too
    got, _ = reported(decoder(post_edge_white_line_ev=30.0), *evidence({"Ti": (0.99, 456.0)}, window=(400.0, 485.75)))
    assert got == set()


def test_delayed_m45_edges_can_ask_wider_margins_than_other_edges():
    # In M5 (delayed, 443 eV) 20 eV after the window's start, N K (sawtooth, 401 eV) 20 eV after another one's
    assert DecoderSettings().pre_edge_delayed_ev is None and DecoderSettings().post_edge_delayed_ev is None
    in_start = evidence({"In": (0.9, ONSETS["In"])}, window=(ONSETS["In"] - 20.0, ONSETS["In"] + 200.0))
    n_start = evidence({"N": (0.9, ONSETS["N"])}, window=(ONSETS["N"] - 20.0, ONSETS["N"] + 200.0))
    assert reported(decoder(), *in_start)[0] == {"In"}
    wide = decoder(pre_edge_delayed_ev=30.0, post_edge_delayed_ev=50.0)
    got, d = reported(wide, *in_start)
    assert got == set() and not d.observable[0, ELEMENTS.index("In")]
    assert reported(wide, *n_start)[0] == {"N"}
    # Cd M5 (delayed, 404 eV) and C K (284 eV) each 40 eV before a window's end
    cd_end = evidence({"Cd": (0.9, ONSETS["Cd"])}, window=(ONSETS["Cd"] - 100.0, ONSETS["Cd"] + 40.0))
    c_end = evidence({"C": (0.9, ONSETS["C"])}, window=(ONSETS["C"] - 100.0, ONSETS["C"] + 40.0))
    assert reported(decoder(), *cd_end)[0] == {"Cd"}
    assert reported(wide, *cd_end)[0] == set()
    assert reported(wide, *c_end)[0] == {"C"}
    with pytest.raises(ValueError, match="pre_edge_delayed_ev"):
        DecoderSettings.from_json({"pre_edge_delayed_ev": -1.0})


def test_the_bundled_end_margins_judge_sharp_edges_20_ev_before_the_end_but_not_delayed_ones():
    # the bundled JSON's post_edge_ev 20 and post_edge_delayed_ev 30 (experiments/end_margin/)
    bundled = decoder(post_edge_ev=20.0, post_edge_delayed_ev=30.0)
    c_end = evidence({"C": (0.99, ONSETS["C"])}, window=(200.0, ONSETS["C"] + 24.0))  # C K, a sawtooth
    cd_end = evidence({"Cd": (0.99, ONSETS["Cd"])}, window=(300.0, ONSETS["Cd"] + 24.0))  # Cd M5, delayed
    assert reported(decoder(), *c_end)[0] == set()
    assert reported(bundled, *c_end)[0] == {"C"}
    got, d = reported(bundled, *cd_end)
    assert got == set() and not d.observable[0, ELEMENTS.index("Cd")]
    # white-line edges keep their own 25 eV: K L2,3 21.75 eV before the end of a C K map stays unjudged
    got, d = reported(bundled, *evidence({"C": (0.99, 285.0), "K": (0.9, 295.0)}, window=(265.0, 315.75)))
    assert got == {"C"} and not d.observable[0, ELEMENTS.index("K")]


def test_post_edge_steps_asks_as_many_network_steps_after_an_edge_at_every_energy():
    # 2.5 steps: 20 eV below 1000 eV (as post_edge_ev), 40 eV from 1000 to 2000 eV, 80 eV above
    plain, steps = decoder(post_edge_ev=20.0), decoder(post_edge_ev=20.0, post_edge_steps=2.5)
    al_30 = evidence({"Al": (0.99, ONSETS["Al"])}, window=(1400.0, ONSETS["Al"] + 30.0))  # Al K, 1560 eV
    al_45 = evidence({"Al": (0.99, ONSETS["Al"])}, window=(1400.0, ONSETS["Al"] + 45.0))
    assert reported(plain, *al_30)[0] == {"Al"} and reported(steps, *al_30)[0] == set()
    assert reported(steps, *al_45)[0] == {"Al"}
    c_end = evidence({"C": (0.99, ONSETS["C"])}, window=(200.0, ONSETS["C"] + 24.0))  # below 1000 eV: as before
    assert reported(plain, *c_end)[0] == reported(steps, *c_end)[0] == {"C"}
    assert not decoder(post_edge_steps=2.5).judgeable([1400.0], [ONSETS["Al"] + 39.0])[0, ELEMENTS.index("Al")]
    with pytest.raises(ValueError, match="post_edge_steps"):
        DecoderSettings.from_json({"post_edge_steps": -1.0})


def test_pre_edge_white_line_ev_lets_white_line_edges_start_nearer_the_window_start():
    assert DecoderSettings().pre_edge_white_line_ev is None
    ti_start = evidence({"Ti": (0.99, ONSETS["Ti"])}, window=(ONSETS["Ti"] - 12.0, ONSETS["Ti"] + 200.0))
    c_start = evidence({"C": (0.99, ONSETS["C"])}, window=(ONSETS["C"] - 12.0, ONSETS["C"] + 200.0))
    assert reported(decoder(), *ti_start)[0] == set()
    near = decoder(pre_edge_white_line_ev=10.0)
    assert reported(near, *ti_start)[0] == {"Ti"}
    got, d = reported(near, *c_start)  # a sawtooth K edge keeps pre_edge_ev
    assert got == set() and not d.observable[0, ELEMENTS.index("C")]
    with pytest.raises(ValueError, match="pre_edge_white_line_ev"):
        DecoderSettings.from_json({"pre_edge_white_line_ev": -1.0})


def test_defer_to_unjudged_ev_keeps_an_edge_from_its_less_likely_owner_at_a_window_end():
    assert DecoderSettings().defer_to_unjudged_ev is None
    # N K 12 eV after the start: N (sawtooth, 15 eV) not judged, Sc L3 (white lines, 10 eV) judged
    window = (ONSETS["N"] - 12.0, ONSETS["N"] + 300.0)
    likelier_n = evidence({"N": (0.9, 402.0), "Sc": (0.6, 402.0)}, window=window)
    assert reported(decoder(pre_edge_white_line_ev=10.0), *likelier_n)[0] == {"Sc"}
    deferring = decoder(pre_edge_white_line_ev=10.0, defer_to_unjudged_ev=5.0)
    got, d = reported(deferring, *likelier_n)
    assert got == set() and not d.observable[0, ELEMENTS.index("Sc")]
    # the likelier owner is judged: nothing to defer to
    assert reported(deferring, *evidence({"N": (0.9, 402.0), "Sc": (0.6, 402.0)}, window=(300.0, 700.0)))[0] == {"N"}
    # Sc more likely than the unjudged N (its log-odds with the prior are compared): Sc keeps the edge
    assert reported(deferring, *evidence({"N": (0.3, 402.0), "Sc": (0.99, 402.0)}, window=window))[0] == {"Sc"}


def test_prior_lowers_rare_elements():
    got, d = reported(decoder(), *evidence({"Xe": (0.45, 672.0), "Ti": (0.45, 456.0)}))
    assert got == {"Ti"}
    assert d.probabilities[0, ELEMENTS.index("Xe")] < d.probabilities[0, ELEMENTS.index("Ti")]


def test_candidates_change_the_decision():
    ev = evidence({"N": (0.4, 403.0), "Sc": (0.95, 404.0)})
    got, _ = reported(decoder(), *ev)
    assert got == {"Sc"}
    candidates = np.isin(ELEMENTS, ["B", "N", "C", "O"])
    got, _ = reported(decoder(), *ev, candidates=candidates)
    assert got == {"N"}


def test_elements_the_user_named_take_no_prior():
    ev = evidence({"Xe": (0.45, 672.0), "Ti": (0.45, 456.0)})
    allowed = np.isin(ELEMENTS, ["Xe", "Ti", "C", "O"])
    got, _ = reported(decoder(), *ev, candidates=allowed)  # allowed, not named: rare Xe keeps its prior
    assert got == {"Ti"}
    named = np.where(np.isin(ELEMENTS, ["Xe", "Ti"]), NAMED, allowed.astype(int))
    got, d = reported(decoder(), *ev, candidates=named)
    assert got == {"Ti", "Xe"}
    assert d.probabilities[0, ELEMENTS.index("Xe")] == pytest.approx(0.45, abs=1e-6)
    dec = decoder()
    assert dec.for_candidates(allowed) is dec and dec.for_candidates(None) is dec and dec.prior.min() < 0
    assert dec.for_candidates(named).prior[ELEMENTS.index("Xe")] == 0 and dec.prior[ELEMENTS.index("Xe")] < 0


def test_nothing_found_reports_nothing():
    got, d = reported(decoder(), *evidence({}))
    assert got == set() and (d.explained_by == -1).all()


def test_decision_is_per_spectrum_in_a_batch():
    a = evidence({"N": (0.65, 403.0), "Sc": (0.75, 404.0)})
    b = evidence({"Sc": (0.9, 403.0)})
    stacked = [np.concatenate([x, y]) for x, y in zip(a, b)]
    d = decoder().decide(*stacked)
    rep = d.reported(0.3)
    assert {ELEMENTS[k] for k in np.flatnonzero(rep[0])} == {"N"}
    assert {ELEMENTS[k] for k in np.flatnonzero(rep[1])} == {"Sc"}


def test_settings_from_json_refuse_unknown_and_non_numbers():
    assert DecoderSettings.from_json({"prior_step": 0.5}).prior_step == 0.5
    with pytest.raises(ValueError, match="unknown"):
        DecoderSettings.from_json({"prior": 1})
    with pytest.raises(ValueError, match="finite"):
        DecoderSettings.from_json({"prior_step": "1"})
    with pytest.raises(ValueError, match="finite"):
        DecoderSettings.from_json({"prior_step": float("nan")})
    assert DecoderSettings.from_json({"pool_shared_edges": True}).pool_shared_edges is True
    with pytest.raises(ValueError, match="true or false"):
        DecoderSettings.from_json({"pool_shared_edges": 1})
    with pytest.raises(ValueError, match="finite"):
        DecoderSettings.from_json({"prior_step": True})


def test_prior_tiers_are_disjoint_and_ordered():
    seen = [e for members in PRIOR_TIERS.values() for e in members]
    assert len(seen) == len(set(seen))
    assert prior_tier("O") == "common" and prior_tier("Am") == "very rare"
    assert prior_log_odds(["O", "Sc", "Kr", "Am"], step=2.0).tolist() == [0.0, -2.0, -4.0, -6.0]


def test_a_user_threshold_below_0_1_still_makes_elements_compete():
    # Sc at 0.3 (posterior 0.14 after the prior) and N at 0.9 on one edge: at threshold 0.1 Sc is a
    # candidate, and N explains it
    got, d = reported(decoder(threshold=0.1), *evidence({"N": (0.9, 403.0), "Sc": (0.3, 404.0)}))
    assert got == {"N"}
    assert ELEMENTS[d.explained_by[0, ELEMENTS.index("Sc")]] == "N"
    # with a threshold far below any probability, the rule still holds
    got, _ = reported(decoder(threshold=1e-9), *evidence({"N": (0.9, 403.0), "Sc": (0.3, 404.0)}))
    assert "Sc" not in got


def test_shape_term_gives_an_edge_to_the_element_of_its_family():
    # Sc's network logit is higher, but the edge head sees a K-type edge there (N's family), not Sc's L2,3 white lines
    args = evidence({"N": (0.55, 402.0), "Sc": (0.8, 402.0)})
    share = np.ones((1, len(ELEMENTS)))
    share[0, ELEMENTS.index("N")], share[0, ELEMENTS.index("Sc")] = 0.9, 0.02
    without, _ = reported(decoder(family_weight=1.0, prior_step=0.0), *args)
    assert without == {"Sc"}  # no family evidence: the network's favourite takes the edge
    got, d = reported(decoder(family_weight=1.0, prior_step=0.0), *args, family_share=share)
    assert got == {"N"}
    # switched off, the same evidence gives the edge to Sc again
    got, _ = reported(decoder(family_weight=0.0, prior_step=0.0), *args, family_share=share)
    assert got == {"Sc"}


def test_shape_term_lowers_the_posterior_by_the_share():
    dec = decoder(family_weight=1.0, prior_step=0.0)
    logits = np.zeros((1, len(ELEMENTS)))
    share = np.full((1, len(ELEMENTS)), 0.25)
    np.testing.assert_allclose(dec.score(logits, share), np.log(0.25))
    np.testing.assert_allclose(dec.score(logits, None), 0.0)


def test_white_line_pair_at_779_ev_shaped_like_an_l23_names_co_not_ba():
    # found at 782 eV, Ba's table (781) fits better than Co's (779), and the network likes Ba a little more;
    # the edge head sees a 3d L2,3 white-line pair (Co's family), not a 4f M4,5 one (Ba's)
    args = evidence({"Co": (0.7, 782.0), "Ba": (0.75, 782.0)})
    got, _ = reported(decoder(family_weight=1.0), *args)
    assert got == {"Ba"}
    share = np.ones((1, len(ELEMENTS)))
    share[0, ELEMENTS.index("Co")], share[0, ELEMENTS.index("Ba")] = 0.8, 0.1
    got, _ = reported(decoder(family_weight=1.0), *args, family_share=share)
    assert got == {"Co"}


def test_companion_term_adds_the_weighted_support():
    dec = decoder(companion_weight=2.0, prior_step=0.0)
    logits = np.zeros((1, len(ELEMENTS)))
    support = np.full((1, len(ELEMENTS)), 0.25)
    np.testing.assert_allclose(dec.score(logits, None, support), 0.5)
    np.testing.assert_allclose(decoder(companion_weight=0.0, prior_step=0.0).score(logits, None, support), 0.0)


def test_companion_support_lets_an_element_with_its_other_edges_win_the_edge():
    # one edge at 403 eV, the network slightly for N: with the head seeing Sc's other edge where Sc's table
    # puts it (its L1), Sc takes the edge
    args = evidence({"N": (0.6, 403.0), "Sc": (0.55, 403.0)})
    support = np.zeros((1, len(ELEMENTS)))
    got, _ = reported(decoder(companion_weight=1.0, prior_step=0.0), *args, companion_support=support)
    assert got == {"N"}
    support[0, ELEMENTS.index("Sc")] = 0.9
    got, _ = reported(decoder(companion_weight=1.0, prior_step=0.0), *args, companion_support=support)
    assert got == {"Sc"}


def test_pooling_an_edges_owners_reports_the_best_owner_of_a_split_edge():
    # the element head splits one edge at 403 eV between N, Sc and Cd, none of them sure alone
    split = {"N": (0.5, 403.0), "Sc": (0.45, 404.0), "Cd": (0.4, 404.0)}
    got, _ = reported(decoder(threshold=0.65), *evidence(split))
    assert got == set()
    got, d = reported(decoder(threshold=0.65, pool_shared_edges=True), *evidence(split))
    assert got == {"N"}
    assert {ELEMENTS[d.explained_by[0, ELEMENTS.index(e)]] for e in ("Sc", "Cd")} == {"N"}
    posterior = decoder().posterior(*evidence(split)[:1], np.ones((1, len(ELEMENTS)), bool))[0]
    pooled = 1 - np.prod([1 - posterior[ELEMENTS.index(e)] for e in split])
    assert d.probabilities[0, ELEMENTS.index("N")] == pytest.approx(pooled, rel=1e-5)
    # an element alone at its edge keeps its own posterior (Sc and Cd at logit -8 add almost nothing)
    got, d = reported(decoder(threshold=0.65, pool_shared_edges=True), *evidence({"N": (0.5, 403.0)}))
    assert got == set() and d.probabilities[0, ELEMENTS.index("N")] == pytest.approx(0.5, abs=1e-3)


def test_a_weak_candidate_inside_a_reported_edges_near_edge_structure_needs_more_evidence():
    # C K found surely at 285 eV; K L3 (294 eV, past the same-edge distance) weakly at 295 eV
    near = dict(near_edge_ev=50.0, near_edge_log_odds=2.0)
    found = {"C": (0.95, 285.0), "K": (0.5, 295.0), "N": (0.5, 402.0)}
    assert reported(decoder(), *evidence(found))[0] == {"C", "K", "N"}
    got, d = reported(decoder(**near), *evidence(found))
    assert got == {"C", "N"}  # N lies 117 eV above C K, outside its near-edge structure
    assert ELEMENTS[d.explained_by[0, ELEMENTS.index("K")]] == "C"
    # a sure K keeps its edge
    assert reported(decoder(**near), *evidence(dict(found, K=(0.95, 295.0))))[0] == {"C", "K", "N"}


def test_settings_from_json_read_null_and_refuse_values_below_their_minimum():
    assert DecoderSettings.from_json({"defer_to_unjudged_ev": None}).defer_to_unjudged_ev is None
    assert DecoderSettings.from_json({"defer_to_unjudged_ev": 5}).defer_to_unjudged_ev == 5.0
    with pytest.raises(ValueError, match="defer_to_unjudged_ev must be at least 0"):
        DecoderSettings.from_json({"defer_to_unjudged_ev": -1})
    with pytest.raises(ValueError, match="defer_to_unjudged_ev must be a finite number"):
        DecoderSettings.from_json({"defer_to_unjudged_ev": "5"})
    with pytest.raises(ValueError, match="shared_edge_steps must be at least 1"):
        DecoderSettings.from_json({"shared_edge_steps": 0.5})


def test_shared_edge_steps_sets_the_reach_of_the_exception_where_steps_are_coarse():
    # Yb M5 (1528 eV) and Br L3 (1550 eV) lie 22 eV apart in the table: more than one 16 eV step, less than two
    window = (1000.0, 2000.0)
    found = {"Yb": (0.95, 1540.0), "Br": (0.95, 1540.0)}
    assert len(reported(decoder(), *evidence(found, window=window))[0]) == 1
    assert reported(decoder(shared_edge_steps=2.0), *evidence(found, window=window))[0] == {"Yb", "Br"}
    # still only for sure elements
    unsure = {"Yb": (0.95, 1540.0), "Br": (0.6, 1540.0)}
    assert reported(decoder(shared_edge_steps=2.0), *evidence(unsure, window=window))[0] == {"Yb"}
    # not where the steps are the finest (8 eV, below 1000 eV): In M5 (443 eV) and Ti L3 (456 eV), 13 eV apart,
    # stay one edge (In read into Ti L2,3 is one of issue 14's false elements)
    found = {"Ti": (0.99, 450.0), "In": (0.95, 450.0)}
    assert reported(decoder(shared_edge_steps=2.0), *evidence(found, window=(400.0, 700.0)))[0] == {"Ti"}


def test_alternatives_include_edges_with_white_lines_the_table_calls_minor():
    # Zr M2 (344 eV, Minor in exspy's table, with 3p -> 4d white lines) lies by Ca L3 (346 eV); Zr L1 is not visible
    elements = ["Ca", "Zr", "Fe"]
    dec = ElementDecoder(elements, [[onset_energy("Ca_L3")], [onset_energy("Zr_M5")], [onset_energy("Fe_L3")]])
    assert dec.alternatives_of(0) == ["Zr"]
    assert dec.alternatives_of(1) == [] and dec.alternatives_of(2) == []
