"""The search over axis shifts: its choice rule on hand-made decisions, and the bundled model on moved axes."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.prediction import EdgePrediction
from hyperspy_eels_edgeid.recognizer.shift_search import MARGIN, SHIFTS_EV, alignment, search_shifts


@pytest.fixture(scope="module")
def rec():
    return load_recognizer(device="cpu")


def _decision(rec, reported: dict, shift: float) -> EdgePrediction:
    """One spectrum's decision: `reported` maps element -> (probability, onset on the axis moved by `shift`)."""
    k = len(rec.elements)
    p = np.zeros((1, k), np.float32)
    onsets = np.full((1, k), np.nan, np.float32)
    for element, (prob, onset) in reported.items():
        i = rec.elements.index(element)
        p[0, i], onsets[0, i] = prob, onset
    evidence = {"logits": np.zeros((1, k), np.float32), "onsets": onsets, "observable": p > 0,
                "window_start": np.array([400.0 + shift]), "window_end": np.array([900.0 + shift])}  # fmt: skip
    return EdgePrediction(p, p > 0, onsets, tuple(rec.elements), np.full((1, k), -1), p, evidence)


def _spectrum(rec, axis_offset: float, found: dict):
    """predict_at for a spectrum whose edges lie at `found` (element -> tabulated onset + axis_offset, eV)."""

    def predict_at(shift):
        return _decision(rec, {e: (0.95, onset + shift) for e, onset in found.items()}, shift)

    return predict_at


def test_alignment_rewards_onsets_on_the_table(rec):
    on = _decision(rec, {"O": (0.9, 532.0), "Fe": (0.8, 708.0)}, 0.0)
    off = _decision(rec, {"O": (0.9, 542.0), "Fe": (0.8, 718.0)}, 0.0)
    assert alignment(rec, on)[0] == pytest.approx(1.7, abs=0.01)
    assert alignment(rec, off)[0] < 0.01


def test_a_shift_is_kept_only_when_it_fits_better_by_the_margin(rec):
    assert MARGIN == 1.0 and SHIFTS_EV[0] == 0.0
    # two sure elements 10 eV off: moved by -10 eV both fit (alignment about 1.9 against 0)
    shift, pred = search_shifts(rec, _spectrum(rec, 10.0, {"O": 542.0, "Fe": 718.0}))
    assert shift[0] == -10.0
    o = rec.elements.index("O")
    assert pred.onsets[0, o] == pytest.approx(542.0)  # the onset stays on the spectrum's own axis
    assert pred.evidence["searched_shift"][0] == -10.0
    # one element alone fits at -10 eV by 0.95 < 1: the axis is kept
    shift, pred = search_shifts(rec, _spectrum(rec, 10.0, {"O": 542.0}))
    assert shift[0] == 0.0
    # nothing reported at any shift: the axis is kept
    shift, _ = search_shifts(rec, _spectrum(rec, 0.0, {}))
    assert shift[0] == 0.0


def test_decide_moves_searched_onsets_back(rec):
    _, pred = search_shifts(rec, _spectrum(rec, 10.0, {"O": 542.0, "Fe": 718.0}))
    again = rec.decide(pred.evidence)
    o = rec.elements.index("O")
    assert again.onsets[0, o] == pytest.approx(pred.onsets[0, o])


def test_the_bundled_model_decides_a_miscalibrated_spectrum_on_a_corrected_axis(rec):
    """Fe, O and Ni spectra with the axis 12 eV high: the search moves it back (within the 2 eV grid)."""
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    kept = []
    for seed in range(4):
        s = synthetic_eels(["Fe", "O", "Ni"], random_state=seed, shift=0.0, expansion=0.0,
                           energy_axis=(450.0, 0.25, 2400))  # fmt: skip
        s.axes_manager[-1].offset += 12.0
        table = s.identify_edges(add_elements=False)
        kept.append(table.probabilities.metadata.EdgeID.axis_shift)
        o = next(r for r in table if r.element == "O")
        assert o.onset == pytest.approx(532.0 + 12.0, abs=3.0)  # on the signal's own axis
    assert sum(abs(k + 12.0) <= 2.0 for k in kept) >= 3, kept


def test_the_search_keeps_an_edge_free_window_empty(rec):
    e = np.arange(300.0, 900.0, 0.5)
    rng = np.random.default_rng(0)
    spectra = rng.poisson(1e5 * (e / 300.0) ** -3.0, size=(20, e.size)).astype(np.float32)
    shift, pred = search_shifts(rec, lambda c: rec.predict(e + c, spectra))
    assert not (pred.probabilities >= rec.thresholds).any()
    assert np.all(shift == 0.0)


def test_a_spectrum_image_gets_one_shift_from_its_mean_spectrum():
    """Eager and lazy alike; the onset maps stay on the signal's own axis."""
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    s = synthetic_eels(["Fe", "O", "Ni"], navigation_shape=(3, 2), random_state=1, shift=0.0, expansion=0.0,
                       energy_axis=(450.0, 0.25, 2400))  # fmt: skip
    s.axes_manager[-1].offset += 12.0
    eager = s.identify_edges(add_elements=False, show_progressbar=False)
    lazy = s.as_lazy().identify_edges(add_elements=False, show_progressbar=False, lazy_output=True)
    assert abs(eager.metadata.EdgeID.axis_shift + 12.0) <= 2.0
    assert lazy.metadata.EdgeID.axis_shift == eager.metadata.EdgeID.axis_shift
    np.testing.assert_array_equal(np.asarray(lazy.data.compute()), eager.data)
    (o_map,) = eager.get_onset_maps(["O"])
    assert np.nanmedian(o_map.data) == pytest.approx(532.0 + 12.0, abs=3.0)
    plain = s.identify_edges(add_elements=False, show_progressbar=False, shift_search=False)
    assert plain.metadata.EdgeID.axis_shift == 0.0


def test_edges_are_named_on_the_moved_axis():
    """O K (532 eV) lies below this window's start on the signal's axis, inside it once the axis is moved back."""
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    s = synthetic_eels(["Fe", "O", "Ni"], random_state=1, shift=0.0, expansion=0.0, energy_axis=(513.0, 0.25, 2400))
    s.axes_manager[-1].offset += 20.0
    table = s.identify_edges(add_elements=False)
    assert table.probabilities.metadata.EdgeID.axis_shift == -20.0
    o = next(r for r in table if r.element == "O")
    assert o.edge == "O_K" and o.onset == pytest.approx(552.0, abs=3.0)
    meta = table.probabilities.metadata.EdgeID
    assert meta.edges[list(meta.elements).index("O")] == "O_K"


def test_predict_batch_keeps_the_truth_of_the_recorded_axis(rec):
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
    from hyperspy_eels_edgeid.workflows.protocols import predict_batch

    batch = synthesize_batch(40, SynthesisConfig(), np.random.default_rng(3))
    plain = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
    searched = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
    assert searched[0] == plain[0]  # the same truth
    assert "searched_shift" in searched[3].evidence and "searched_shift" not in plain[3].evidence
    moved = searched[3].evidence["searched_shift"] != 0
    assert moved.any() and (~moved).any()
    kept = np.flatnonzero(~moved)
    assert [searched[1][i] for i in kept] == [plain[1][i] for i in kept]  # unmoved spectra: the same decision
