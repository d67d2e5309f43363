"""Labels agree with the spectra, and the same seed gives the same spectra."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.edges import edge_groups_of, elements_with_principal_edge, onset_energy
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch


@pytest.mark.parametrize("element, edge", [("C", "K"), ("O", "K"), ("Ti", "L3"), ("Fe", "L3"), ("Ni", "L3")])
def test_label_onset_is_where_the_edge_rises(element, edge):
    config = SynthesisConfig(secondary_edges=False, plural_scattering=False, near_edge_structure=False)
    batch = synthesize_batch(
        40, config, rng=21, elements=[element], energy_axis=(200.0, 0.25, 3600), return_components=True
    )
    energy = batch.energy_axis(0)
    p = batch.parameters
    for i in range(len(batch)):
        row = batch.edges[(batch.edges["spectrum"] == i) & (batch.edges["edge"] == edge)][0]
        # bookkeeping: the label is the database onset on the shifted, expanded axis
        expected = onset_energy(f"{element}_{edge}") * (1 + p["expansion"][i]) + p["shift"][i]
        assert row["onset"] == pytest.approx(expected, abs=1e-3)
        # physics: nothing of the edge well before its label onset, most of it soon after
        signal = batch.edge_signals[i] / np.nanmax(batch.edge_signals[i])
        before = signal[(energy > row["onset"] - 40) & (energy < row["onset"] - 4)]
        after = signal[(energy > row["onset"]) & (energy < row["onset"] + 6)]
        assert before.max() < 0.1
        assert after.max() > 0.3


def test_labels_are_principal_edges_inside_the_window():
    config = SynthesisConfig()
    batch = synthesize_batch(1000, config, rng=22)
    p = batch.parameters
    start = p["offset"][batch.edges["spectrum"]]
    end = start + p["dispersion"][batch.edges["spectrum"]] * (p["n_channels"][batch.edges["spectrum"]] - 1)
    inside = (batch.edges["onset"] >= start + 5 - 1e-3) & (batch.edges["onset"] <= end - 10 + 1e-3)
    labels = batch.edges["is_label"]
    assert np.all(inside[labels])
    principal = np.array(
        [
            any(g.name == e and g.principal and g.major for g in edge_groups_of(el))
            for el, e in batch.edges[["element", "edge"]]
        ]
    )
    np.testing.assert_array_equal(labels, principal & inside)
    # every spectrum with elements labels each of them; no element lacks a label in its window
    for i in range(0, 1000, 50):
        rows = batch.edges[batch.edges["spectrum"] == i]
        assert set(rows["element"][rows["is_label"]]) == set(batch.elements(i))


def test_elements_outside_the_window_are_not_labels():
    # 400-900 eV: Si has principal edges at 99 and 1839 eV only, so it cannot be drawn;
    # with random elements nothing outside the window is ever labelled
    window = (400.0 + 5, 400.0 + 0.5 * 999 - 10)
    allowed = set(elements_with_principal_edge((window[0] - 16, window[1] + 16)))
    batch = synthesize_batch(300, rng=23, energy_axis=(400.0, 0.5, 1000))
    labelled = set(batch.edges["element"][batch.edges["is_label"]])
    assert labelled <= allowed
    assert "Si" not in labelled


def test_edge_free_spectra():
    config = SynthesisConfig(n_elements_probabilities=(1.0,))
    batch = synthesize_batch(20, config, rng=24)
    assert batch.edges.size == 0
    assert all(batch.elements(i) == [] for i in range(20))


def test_same_seed_same_spectra_other_seed_other_spectra():
    a = synthesize_batch(30, rng=5)
    b = synthesize_batch(30, rng=5)
    c = synthesize_batch(30, rng=6)
    np.testing.assert_array_equal(a.spectra, b.spectra)
    np.testing.assert_array_equal(a.edges, b.edges)
    assert not np.array_equal(np.nan_to_num(a.spectra), np.nan_to_num(c.spectra[: len(a)]))


def test_random_windows_like_real_acquisitions():
    p = synthesize_batch(2000, SynthesisConfig(n_elements_probabilities=(1.0,)), rng=25).parameters
    assert p["dispersion"].min() >= 0.05 and p["dispersion"].max() <= 2.0
    assert p["n_channels"].min() >= 1024 and p["n_channels"].max() <= 4096
    assert p["offset"].min() >= 50 and p["offset"].max() <= 2000
    # log-uniform dispersion: as many below 0.316 eV as above
    assert abs(np.mean(p["dispersion"] < np.sqrt(0.05 * 2.0)) - 0.5) < 0.05


def test_nan_padding_past_each_spectrum():
    batch = synthesize_batch(50, rng=26)
    n = batch.parameters["n_channels"]
    for i in range(50):
        assert np.all(np.isfinite(batch.spectra[i, : n[i]]))
        assert np.all(np.isnan(batch.spectra[i, n[i] :]))


def test_shapes_cover_every_supported_element():
    """Every element with a principal edge in 50-3000 eV can be synthesized without error or NaN."""
    elements = elements_with_principal_edge((80.0, 2900.0))
    assert len(elements) >= 80
    for element in elements:
        onset = min(g.onset for g in edge_groups_of(element) if g.principal and g.major and g.onset >= 80)
        batch = synthesize_batch(2, rng=27, elements=[element], energy_axis=(onset - 60, 0.5, 1024))
        assert np.all(np.isfinite(batch.spectra)), element
        assert batch.elements(0) == [element]


def test_extra_elements_like_contamination():
    config = SynthesisConfig(extra_element_probability={"C": 0.5}, n_elements_probabilities=(0, 1.0))
    batch = synthesize_batch(1000, config, rng=28, energy_axis=(250.0, 0.5, 2000))
    with_carbon = np.mean(["C" in batch.elements(i) for i in range(1000)])
    assert 0.45 < with_carbon < 0.58  # 0.5 added, plus C drawn as the one element now and then (sd 0.016)
    with pytest.raises(ValueError, match="extra_element_probability"):
        SynthesisConfig(extra_element_probability={"C": 1.5})


def test_plural_scattering_replica_and_no_wrap_round():
    """Plasmon replicas appear above the onset, and the FFT is padded past their reach."""
    from hyperspy_eels_edgeid.synthesis.generator import _fft_size
    from hyperspy_eels_edgeid.synthesis.shapes import TEMPLATE_SIZE

    config = SynthesisConfig(secondary_edges=False, near_edge_structure=False, thickness=1.0, plasmon_energy=30.0,
                             lorentzian_hwhm=0.1, gaussian_fwhm=0.5)  # fmt: skip
    batch = synthesize_batch(
        20, config, rng=29, elements=["O"], energy_axis=(480.0, 0.05, 4000), return_components=True
    )
    energy = batch.energy_axis(0)
    for i in range(len(batch)):
        onset = batch.edges["onset"][batch.edges["spectrum"] == i][0]
        signal = batch.edge_signals[i] / np.nanmax(batch.edge_signals[i])
        assert signal[(energy > onset - 6) & (energy < onset - 3)].max() < 0.03  # the PSF tails only
        assert signal[(energy > onset + 25) & (energy < onset + 40)].max() > 0.1
    p = batch.parameters
    step = np.full(len(batch), 0.1)
    reach = 8.0 + (1 + 3 + 1) * (30.0 + 2 * p["plasmon_fwhm"])  # t/λ = 1: orders up to 5
    assert np.all(_fft_size(p, step) - TEMPLATE_SIZE >= reach / step)


def test_unlabelled_edges_just_below_the_window():
    config = SynthesisConfig(below_window_probability=1.0, secondary_edges=False)
    batch = synthesize_batch(100, config, rng=30, energy_axis=(600.0, 0.5, 1200))
    below = batch.edges[~batch.edges["is_label"] & (batch.edges["onset"] < 605)]
    assert len(np.unique(below["spectrum"])) > 80  # nearly every spectrum has one
    labelled = batch.edges[batch.edges["is_label"]]
    assert labelled["onset"].min() >= 605 - 1e-3  # ... and it is never a label
    with pytest.raises(ValueError, match="below_window_probability"):
        SynthesisConfig(below_window_probability=2.0)


def test_elements_seen_only_by_their_secondary_edges():
    def secondary_only(batch):  # spectra with an unlabelled element that has an edge inside the 360-860 eV window
        out = set()
        for i in range(len(batch)):
            edges = batch.edges[batch.edges["spectrum"] == i]
            for element in set(edges["element"][~edges["is_label"]]) - set(edges["element"][edges["is_label"]]):
                own = edges[edges["element"] == element]
                if ((own["onset"] >= 365) & (own["onset"] <= 850)).any():
                    out.add(i)
                    principal = [g.onset for g in edge_groups_of(element) if g.principal and g.major]
                    assert not any(365 <= o <= 850 for o in principal)  # only secondary edges inside
                    assert any(360 - 300 <= o < 360 for o in principal)  # its principal edge's tail reaches in
        return out

    axis, fixed = (360.0, 0.5, 1000), dict(shift=0.0, expansion=0.0)
    batch = synthesize_batch(100, SynthesisConfig(secondary_only_probability=1.0, **fixed), rng=31, energy_axis=axis)
    assert len(secondary_only(batch)) > 80  # Ca L1, K L1, Mo-Pd M3/M2 ... in nearly every spectrum
    assert not secondary_only(synthesize_batch(100, SynthesisConfig(**fixed), rng=31, energy_axis=axis))
    with pytest.raises(ValueError, match="secondary_only_probability"):
        SynthesisConfig(secondary_only_probability=-0.1)


def test_element_weights_shift_the_prior():
    config = SynthesisConfig(n_elements_probabilities=(0, 1.0), element_weights={"O": 20.0})
    batch = synthesize_batch(600, config, rng=32, energy_axis=(400.0, 0.5, 1200))
    share = np.mean(["O" in batch.elements(i) for i in range(600)])
    unweighted = synthesize_batch(600, SynthesisConfig(n_elements_probabilities=(0, 1.0)), rng=32,
                                  energy_axis=(400.0, 0.5, 1200))  # fmt: skip
    assert share > 0.3 > np.mean(["O" in unweighted.elements(i) for i in range(600)])
    with pytest.raises(ValueError, match="element_weights"):
        SynthesisConfig(element_weights={"O": 0.0})


def test_weighted_draw_without_replacement_has_the_exact_inclusion_probabilities():
    """Successive weighted sampling of 2 of (A, B, C) with weights (3, 1, 1): A is in 90 %, B in 55 %."""
    import random

    from hyperspy_eels_edgeid.synthesis.generator import _draw_elements

    draw = random.Random(5)
    picks = [_draw_elements(draw, ("A", "B", "C"), 2, {"A": 3.0}) for _ in range(20000)]
    assert all(len(set(p)) == 2 for p in picks)
    assert np.mean(["A" in p for p in picks]) == pytest.approx(0.90, abs=0.012)
    assert np.mean(["B" in p for p in picks]) == pytest.approx(0.55, abs=0.015)
    assert np.mean([p[0] == "A" for p in picks]) == pytest.approx(0.60, abs=0.015)
