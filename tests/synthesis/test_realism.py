"""The forward model's options for what real spectra show beyond the paper: ELNES families and detector artefacts."""

import numpy as np
import pytest
from scipy.signal import find_peaks

from hyperspy_eels_edgeid.edges import edge_groups_of
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

QUIET = dict(shot_noise=False, plural_scattering=False, secondary_edges=False)


def _share_with_three_peaks(element, energy_axis, window, elnes):
    """Share of noiseless single-element spectra with at least three maxima in `window` (eV)."""
    config = SynthesisConfig(
        **QUIET, elnes_families=elnes, gaussian_fwhm=0.2, lorentzian_hwhm=0.1, shift=0.0, expansion=0.0
    )
    batch = synthesize_batch(
        300, config, rng=5, elements=[element], energy_axis=energy_axis, return_components=True, add_noise=False
    )
    e = batch.energy_axis(0)
    inside = (e > window[0]) & (e < window[1])
    peaks = [len(find_peaks(s[inside] / s.max(), prominence=0.05)[0]) for s in batch.edge_signals]
    return np.mean(np.array(peaks) >= 3)


@pytest.mark.parametrize(
    "element, energy_axis, window",
    [("O", (500.0, 0.1, 1000), (525, 560)), ("N", (380.0, 0.1, 1000), (395, 430)), ("Ti", (430.0, 0.05, 1000), (450, 470))],
)
def test_elnes_families_add_the_peaks_of_real_compounds(element, energy_axis, window):
    """Light K edges get several sharp peaks, 3d white lines their crystal-field splitting."""
    assert _share_with_three_peaks(element, energy_axis, window, elnes=False) < 0.08
    assert _share_with_three_peaks(element, energy_axis, window, elnes=True) > 0.14


def test_elnes_families_keep_the_labels():
    config = SynthesisConfig(elnes_families=True)
    batch = synthesize_batch(20, config, rng=2, elements=["Ti", "O"], energy_axis=(420.0, 0.1, 2000))
    assert all(set(batch.elements(i)) == {"Ti", "O"} for i in range(len(batch)))


def test_dark_offset_is_a_constant_relative_to_the_last_channel():
    config = SynthesisConfig(dark_offset=(-0.1, 0.1))
    args = dict(elements=["Fe"], energy_axis=(600.0, 0.5, 1000), return_components=True)
    plain = synthesize_batch(4, config, rng=3, fixed={"dark_offset": 0.0}, **args)
    offset = synthesize_batch(4, config, rng=3, fixed={"dark_offset": 0.05}, **args)
    difference = offset.spectra - plain.spectra
    expected = 0.05 * plain.clean[:, -1]
    np.testing.assert_allclose(difference, np.broadcast_to(expected[:, None], difference.shape), rtol=1e-3)


def test_start_step_scales_the_first_channels_only():
    args = dict(elements=["Fe"], energy_axis=(600.0, 0.5, 1000))
    plain = synthesize_batch(3, SynthesisConfig(), rng=4, **args)
    stepped = synthesize_batch(
        3, SynthesisConfig(), rng=4, fixed={"start_step_channels": 10, "start_step_factor": 2.0}, **args
    )
    np.testing.assert_allclose(stepped.spectra[:, :10], 2.0 * plain.spectra[:, :10], rtol=1e-6)
    np.testing.assert_array_equal(stepped.spectra[:, 10:], plain.spectra[:, 10:])


def test_start_steps_drawn_with_their_probability():
    batch = synthesize_batch(400, SynthesisConfig(start_step_probability=0.25), rng=6, energy_axis=(300.0, 1.0, 512))
    stepped = batch.parameters["start_step_channels"] > 0
    assert 0.17 < stepped.mean() < 0.33
    assert np.all((batch.parameters["start_step_channels"][stepped] >= 2) & (batch.parameters["start_step_channels"][stepped] <= 40))
    assert np.all(batch.parameters["start_step_factor"][~stepped] == 1.0)


def test_spikes_raise_one_or_two_channels_each_and_nothing_else():
    config = SynthesisConfig(spike_amplitude=(1.0, 1.0))
    args = dict(elements=["Fe"], energy_axis=(600.0, 0.5, 1000), return_components=True)
    plain = synthesize_batch(20, config, rng=4, **args)
    spiked = synthesize_batch(20, config, rng=4, fixed={"spikes": 3}, **args)
    difference = spiked.spectra.astype(float) - plain.spectra
    raised = difference > 0
    assert np.all(difference >= 0)
    assert np.all((raised.sum(axis=1) >= 1) & (raised.sum(axis=1) <= 6))
    # a spike's first channel is raised by its amplitude (1) times the noiseless counts there
    first = raised & ~np.roll(raised, 1, axis=1)
    ratio = difference[first] / plain.clean[first]
    assert np.any(np.isclose(ratio, 1.0, rtol=1e-3)) and np.all(ratio >= 0.999)


def test_spikes_drawn_with_their_probability():
    config = SynthesisConfig(spike_probability=0.25, spike_count=(2, 4))
    spikes = synthesize_batch(400, config, rng=6, energy_axis=(300.0, 1.0, 512)).parameters["spikes"]
    assert 0.17 < np.mean(spikes > 0) < 0.33
    assert set(np.unique(spikes)) <= {0, 2, 3, 4}


def test_artefacts_off_by_default():
    batch = synthesize_batch(50, SynthesisConfig(), rng=7, energy_axis=(300.0, 1.0, 512))
    assert np.all(batch.parameters["dark_offset"] == 0.0)
    assert np.all(batch.parameters["start_step_channels"] == 0)
    assert np.all(batch.parameters["spikes"] == 0)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"dark_offset": (-2.0, 0.1)}, "dark_offset"),
        ({"start_step_probability": 1.5}, "start_step_probability"),
        ({"spike_probability": 1.5}, "spike_probability"),
        ({"spike_count": (0, 2)}, "spike_count"),
        ({"spike_amplitude": (0.0, 1.0)}, "spike_amplitude"),
    ],
)
def test_artefact_settings_are_checked(changes, message):
    with pytest.raises(ValueError, match=message):
        SynthesisConfig(**changes).validate()


@pytest.mark.parametrize("element, name", [("O", "K"), ("Ti", "L3"), ("Sn", "M5")])
def test_near_edge_structure_moves_intensity_but_adds_none(element, name):
    """The Bethe sum rule: an edge with its near-edge structure has the area of the bare edge within its modelled range."""
    from hyperspy_eels_edgeid.edges import edge_groups_of
    from hyperspy_eels_edgeid.synthesis.shapes import PRE, TEMPLATE_SIZE, ShapeParameters, build_templates, group_rows

    group = next(g for g in edge_groups_of(element) if g.name == name)
    rows = group_rows([group] * 200)
    delta = np.repeat((np.arange(TEMPLATE_SIZE, dtype=np.float32)[None, :] - PRE) * np.float32(0.25), rows.size, 0)
    model_range, buckets = np.full(rows.size, 100.0), np.full(rows.size, 12)
    shape = ShapeParameters(np.random.default_rng(8), rows, True, True, True)
    with_structure = build_templates(rows, delta, shape, model_range, buckets)
    shape.peak_height[:] = 0.0
    shape.pi_height[:] = 0.0
    bare = build_templates(rows, delta, shape, model_range, buckets)
    inside = (delta >= 0) & (delta <= 100.0)
    area, bare_area = (with_structure * inside).sum(1), (bare * inside).sum(1)
    changed = np.abs(with_structure - bare).max(1) > 0.05 * bare.max(1)
    assert changed.mean() > 0.5  # most rows have visible structure
    np.testing.assert_allclose(area[changed], bare_area[changed], rtol=0.01)


def test_atomic_ratios_scale_the_listed_elements_and_leave_the_others():
    """Fe and O in the ratio 2 : 3 by cross-section, the higher of their edges at its element's drawn jump
    ratio; Ni (not listed) keeps its drawn jump ratio; a spectrum without a listed element is as without
    atomic_ratios."""
    from hyperspy_eels_edgeid.synthesis.continua import bucket_of, continuum_table
    from hyperspy_eels_edgeid.synthesis.shapes import group_rows
    from hyperspy_eels_edgeid.edges import edge_groups_of

    config = SynthesisConfig(**QUIET, white_lines=False, near_edge_structure=False, shift=0.0, expansion=0.0)
    axis = (450.0, 0.5, 1024)
    elements = [["Fe", "Ni", "O"], ["Ni"]]
    plain = synthesize_batch(2, config, rng=3, elements=elements, energy_axis=axis, add_noise=False)
    batch = synthesize_batch(
        2, config, rng=3, elements=elements, energy_axis=axis, add_noise=False, atomic_ratios={"Fe": 2.0, "O": 3.0}
    )
    np.testing.assert_array_equal(batch.spectra[1], plain.spectra[1])
    edges = batch.edges[batch.edges["spectrum"] == 0]
    plain_edges = plain.edges[plain.edges["spectrum"] == 0]
    amplitude = {(e["element"], e["edge"]): e["jump_ratio"] for e in edges}
    before = {(e["element"], e["edge"]): e["jump_ratio"] for e in plain_edges}
    assert amplitude[("Ni", "L3")] == before[("Ni", "L3")]
    anchor, other = sorted([("Fe", "L3"), ("O", "K")], key=lambda key: -amplitude[key])
    assert amplitude[anchor] == pytest.approx(before[anchor], rel=1e-6) and amplitude[other] != before[other]
    # Fe L3 over O K: 2/3 times the ratio of their continua's maxima (barn/eV) at the spectrum's bucket,
    # both measured as peak over the background at its own onset
    bucket = bucket_of(batch.parameters["beam_energy"][:1], batch.parameters["collection_angle"][:1])
    fe, o = (next(g for g in edge_groups_of(el) if g.name == n) for el, n in (("Fe", "L3"), ("O", "K")))
    sigma_fe, sigma_o = continuum_table(group_rows([fe, o]), np.repeat(bucket, 2))[2]
    r = batch.parameters["background_exponent"][0]
    peak_fe = amplitude[("Fe", "L3")] * (fe.onset / o.onset) ** -r
    assert peak_fe / amplitude[("O", "K")] == pytest.approx(2 / 3 * sigma_fe / sigma_o, rel=0.05)


def test_atomic_ratios_give_the_strongest_edge_the_jump_ratio_not_the_first_element():
    """SnO2 and ZrO2, every element's jump ratio fixed at 1: the highest principal edge has 1 whichever element
    it belongs to (Sn M5 in SnO2, though O comes first in the element order)."""
    for composition, axis in (({"Sn": 1, "O": 2}, (400.0, 0.5, 1200)), ({"Zr": 1, "O": 2}, (150.0, 0.5, 1000))):
        for seed in range(3):
            batch = synthesize_batch(
                1, SynthesisConfig(), rng=seed, elements=sorted(composition), energy_axis=axis,
                atomic_ratios=composition, jump_ratios=dict.fromkeys(composition, 1.0),
            )  # fmt: skip
            labels = batch.edges[batch.edges["is_label"]]
            highest = labels[np.argmax(labels["jump_ratio"])]
            assert len(labels) == 2 and highest["jump_ratio"] == pytest.approx(1.0, rel=1e-5), labels
            if "Sn" in composition:
                assert highest["element"] == "Sn"


def test_delayed_maximum_bumps_on_a_third_of_the_k_and_l23_edges():
    """elnes_families puts its broad bump (4-12 eV wide, 10-40 eV above the onset) on 30 % of K and L2,3 edges."""
    from hyperspy_eels_edgeid.edges import edge_groups_of
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    for element, name in (("Ca", "L3"), ("Fe", "K"), ("Ag", "M5")):
        group = next(g for g in edge_groups_of(element) if g.name == name)
        shape = ShapeParameters(np.random.default_rng(4), group_rows([group] * 4000), True, True, True)
        bumped = (shape.peak_width[:, -1] > 4.0) & (shape.peak_centre[:, -1] >= 10.0) & (shape.peak_height[:, -1] > 0)
        expected = 0.3 if name != "M5" else 0.0  # delayed M4,5 edges get broad structure of their own, no bump
        if expected:
            assert abs(bumped.mean() - expected) < 0.04, (element, bumped.mean())
        else:
            assert not (shape.peak_width[:, -1] > 10.0).any()


def test_sigma_star_peak_above_pi_star_on_half_of_the_light_k_edges_that_have_one():
    """elnes_families gives half of the π*-bearing K edges of B-Si a sharp σ* peak 5-9 eV above the π* peak."""
    from hyperspy_eels_edgeid.edges import edge_groups_of
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    group = next(g for g in edge_groups_of("N") if g.name == "K")
    shape = ShapeParameters(np.random.default_rng(6), group_rows([group] * 4000), True, True, True)
    has_pi = shape.pi_height > 0
    gap = shape.peak_centre[:, 0] - shape.pi_centre
    paired = has_pi & (gap >= 5.0) & (gap <= 9.0) & (shape.peak_width[:, 0] <= 2.5) & (shape.peak_height[:, 0] >= 0.8)
    assert abs(paired.sum() / has_pi.sum() - 0.5) < 0.06, paired.sum() / has_pi.sum()
    # without elnes_families, no such pairing beyond chance
    plain = ShapeParameters(np.random.default_rng(6), group_rows([group] * 4000), True, True, False)
    gap = plain.peak_centre[:, 0] - plain.pi_centre
    chance = (plain.pi_height > 0) & (gap >= 5.0) & (gap <= 9.0) & (plain.peak_height[:, 0] >= 0.8)
    assert chance.sum() / max((plain.pi_height > 0).sum(), 1) < 0.2


def test_giant_resonance_on_most_lanthanide_n45_edges():
    """elnes_families gives 70 % of the N4,5 edges of Cs-Yb a broad, strong maximum 8-25 eV above the onset."""
    from hyperspy_eels_edgeid.edges import edge_groups_of
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    def giant(shape):
        return (
            (shape.peak_centre[:, -1] >= 8.0) & (shape.peak_centre[:, -1] <= 25.0)
            & (shape.peak_width[:, -1] >= 3.0) & (shape.peak_height[:, -1] >= 1.0)
        )  # fmt: skip

    for element, expected in (("La", 0.7), ("Ba", 0.7), ("Lu", 0.0)):
        group = next(g for g in edge_groups_of(element) if g.name == "N5")
        shape = ShapeParameters(np.random.default_rng(8), group_rows([group] * 4000), True, True, True)
        assert abs(giant(shape).mean() - expected) < 0.04, (element, giant(shape).mean())
    la = next(g for g in edge_groups_of("La") if g.name == "N5")
    plain = ShapeParameters(np.random.default_rng(8), group_rows([la] * 4000), True, True, False)
    assert giant(plain).mean() == 0.0  # delayed edges' own structure stays below height 0.6


def _mn_l3_fwhm(white_line_fwhm):
    """Median FWHM (eV) of the Mn L3 maximum in noiseless Mn spectra without near-edge structure."""
    config = SynthesisConfig(
        **QUIET, near_edge_structure=False, white_line_fwhm=white_line_fwhm, gaussian_fwhm=(0.1, 0.1),
        lorentzian_hwhm=(0.05, 0.05), shift=0.0, expansion=0.0,
    )  # fmt: skip
    batch = synthesize_batch(
        40, config, rng=4, elements=["Mn"], energy_axis=(600.0, 0.05, 2000), return_components=True, add_noise=False
    )
    l3 = next(g for g in edge_groups_of("Mn") if g.name == "L3").onset
    e = batch.energy_axis(0)
    inside = (e > l3 - 10.0) & (e < l3 + 10.0)
    widths = []
    for s in batch.edge_signals:
        peak = np.argmax(s[inside])
        half = s[inside][peak] - 0.5 * (s[inside][peak] - s[inside].min())
        widths.append(np.count_nonzero(s[inside] >= half) * 0.05)
    return float(np.median(widths))


def test_white_line_fwhm_sets_the_width_of_the_white_lines():
    narrow, broad = _mn_l3_fwhm((0.8, 0.8)), _mn_l3_fwhm((5.0, 5.0))
    assert narrow < 2.0 and 3.5 < broad < 7.0


def test_white_line_fwhm_must_be_positive():
    with pytest.raises(ValueError, match="white_line_fwhm"):
        SynthesisConfig(white_line_fwhm=(0.0, 2.0)).validate()


def _m45_branching(element, mode, n=2000):
    """M5/M4 white-line area ratios drawn for `element`'s M4,5 edge under `m45_branching=mode`."""
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    group = next(g for g in edge_groups_of(element) if g.name == "M5")
    shape = ShapeParameters(np.random.default_rng(3), group_rows([group] * n), True, True, True, m45_branching=mode)
    return shape.wl_branching


def test_m45_branching_by_4f_occupancy():
    """Ba and La (4f0) get an M4 line stronger than M5, Yb (4f13) almost none; "random" overlaps Co's L3/L2."""
    ba, la, gd, yb = (_m45_branching(e, "4f") for e in ("Ba", "La", "Gd", "Yb"))
    assert ba.max() < 1.05 and la.max() < 1.05 and ba.min() > 0.6
    assert np.median(ba) < np.median(gd) < np.median(yb) and yb.min() > 20.0
    assert (_m45_branching("Ba", "random") > 1.5).mean() > 0.3  # the former draw: often above Co's lowest L3/L2


def test_m45_branching_changes_nothing_else():
    """Both ratio models use the same random numbers: a spectrum without lanthanides is the same."""
    axis = (400.0, 0.5, 1024)
    a, b = (
        synthesize_batch(4, SynthesisConfig(m45_branching=m), rng=9, elements=["Co", "O"], energy_axis=axis).spectra
        for m in ("random", "4f")
    )
    np.testing.assert_array_equal(a, b)
    ba = (
        synthesize_batch(4, SynthesisConfig(m45_branching=m), rng=9, elements=["Ba"], energy_axis=(700.0, 0.5, 512)).spectra
        for m in ("random", "4f")
    )
    assert not np.array_equal(*ba)
    with pytest.raises(ValueError, match="m45_branching"):
        SynthesisConfig(m45_branching="statistical")


def test_l23_branching_by_element():
    """"3d": Ti's L3/L2 near 1, Co's 2.7-4.9 (never Ba's M5/M4 under "4f"); other spectra unchanged."""
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    def ratios(element, mode, n=2000):
        group = next(g for g in edge_groups_of(element) if g.name == "L3")
        return ShapeParameters(np.random.default_rng(3), group_rows([group] * n), True, True, True,
                               l23_branching=mode).wl_branching  # fmt: skip

    ti, co = ratios("Ti", "3d"), ratios("Co", "3d")
    assert 0.6 < ti.min() and ti.max() < 1.25 and 2.6 < co.min() and co.max() < 5.0
    assert co.min() > _m45_branching("Ba", "4f").max()
    assert (ratios("Co", "random") < 1.5).mean() > 0.2  # the default draw: often a Ba-like ratio
    axis = (700.0, 0.5, 512)
    ba = (synthesize_batch(4, SynthesisConfig(l23_branching=m), rng=9, elements=["Ba"], energy_axis=axis).spectra
          for m in ("random", "3d"))  # fmt: skip
    np.testing.assert_array_equal(*ba)
    co_spectra = (synthesize_batch(4, SynthesisConfig(l23_branching=m), rng=9, elements=["Co"], energy_axis=axis).spectra
                  for m in ("random", "3d"))  # fmt: skip
    assert not np.array_equal(*co_spectra)
    with pytest.raises(ValueError, match="l23_branching"):
        SynthesisConfig(l23_branching="statistical")


def _principal_jump_ratios(config, element, axis, n=400):
    batch = synthesize_batch(n, config, rng=4, elements=[element], energy_axis=axis)
    rows = batch.edges[batch.edges["is_label"] & (batch.edges["element"] == element)]
    return rows["jump_ratio"]


def test_strong_edges_reach_past_the_usual_maximum():
    """With strong_edge_probability p, a share p of the draws lies between the element's maximum and the strong one."""
    axis = (700.0, 0.5, 1024)  # La M5 832 eV
    usual = _principal_jump_ratios(SynthesisConfig(), "La", axis)
    assert usual.max() <= 1.0 + 1e-6  # default_jump_ratio_max
    every = _principal_jump_ratios(SynthesisConfig(strong_edge_probability=1.0, strong_edge_jump_ratio_max=6.0), "La", axis)
    assert every.min() >= 1.0 - 1e-6 and every.max() <= 6.0 + 1e-6 and np.median(every) > 2.0
    share = _principal_jump_ratios(SynthesisConfig(strong_edge_probability=0.2), "La", axis, n=1000)
    assert 0.15 < np.mean(share > 1.0 + 1e-6) < 0.25


def test_strong_edges_off_change_nothing():
    """At probability 0 (the default) the strong maximum changes no spectrum (the reference spectra of
    ``test_kernels`` pin the default draw itself); invalid settings are refused."""
    axis = (400.0, 0.5, 1024)
    a, b = (
        synthesize_batch(6, SynthesisConfig(strong_edge_jump_ratio_max=m), rng=9, energy_axis=axis).spectra
        for m in (8.0, 20.0)
    )
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="strong_edge_probability"):
        SynthesisConfig(strong_edge_probability=1.5)
    with pytest.raises(ValueError, match="strong_edge_jump_ratio_max"):
        SynthesisConfig(strong_edge_probability=0.1, strong_edge_jump_ratio_max=1.2)  # below Table 1's 1.5
    SynthesisConfig(default_jump_ratio_max=10.0)  # strong edges off: their maximum is not checked


def test_elnes_k_edge_probability_leaves_that_share_of_light_k_edges_with_the_families_peaks():
    """With elnes_k_edge_probability p, a share p of the K edges of B-Si get two to four sharp peaks; the rest keep
    the default near-edge structure, and p = 1 draws exactly what elnes_families drew before the option."""
    from hyperspy_eels_edgeid.synthesis.shapes import _N_PEAKS, ShapeParameters, group_rows

    group = next(g for g in edge_groups_of("Mg") if g.name == "K")
    rows = group_rows([group] * 4000)

    def structured(shape):  # at least two sharp peaks (0.8-4 eV, height >= 0.3) within 30 eV, outside the bump's slot
        sharp = (shape.peak_height[:, : _N_PEAKS - 1] >= 0.3) & (shape.peak_width[:, : _N_PEAKS - 1] <= 4.0)
        return (sharp & (shape.peak_centre[:, : _N_PEAKS - 1] <= 30.0)).sum(axis=1) >= 2

    always = ShapeParameters(np.random.default_rng(8), rows, True, True, True, elnes_k_edge_probability=1.0)
    half = ShapeParameters(np.random.default_rng(8), rows, True, True, True, elnes_k_edge_probability=0.5)
    plain = ShapeParameters(np.random.default_rng(8), rows, True, True, False)
    # p = 1 draws what elnes_families drew before the option existed (sums computed at 433401a), and p = 0.5
    # what it drew before elnes_k_pair_probability existed (computed at b2ec4be)
    sums = always.peak_height.sum(), always.pi_height.sum(), always.peak_centre.sum()
    np.testing.assert_allclose(sums, (17957.622118192485, 4299.644130551948, 260088.70533810195), rtol=1e-12)
    sums = half.peak_height.sum(), half.pi_height.sum(), half.peak_centre.sum()
    np.testing.assert_allclose(sums, (11257.925835959415, 1966.9286593016925, 294684.4326411744), rtol=1e-12)
    share_always, share_half, share_plain = structured(always).mean(), structured(half).mean(), structured(plain).mean()
    assert share_always > 0.8, share_always
    assert abs(share_half - (0.5 * share_always + 0.5 * share_plain)) < 0.04, (share_half, share_always, share_plain)
    with pytest.raises(ValueError, match="elnes_k_edge_probability"):
        SynthesisConfig(elnes_k_edge_probability=1.5)


def test_elnes_k_pair_probability_keeps_the_pi_sigma_pair_where_the_sharp_peaks_are_thinned():
    """elnes_k_pair_probability = 1 with elnes_k_edge_probability = 0.5: the families' π*/σ* pair keeps its rate on
    every K edge of B-Si while half of them lose the two to four sharp peaks; None keeps the pair on the peaks'
    edges."""
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    group = next(g for g in edge_groups_of("N") if g.name == "K")
    rows = group_rows([group] * 4000)

    def shape(**kwargs):
        return ShapeParameters(np.random.default_rng(8), rows, True, True, True, **kwargs)

    def pair_share(s):  # a strong π* (families' heights reach 3) with a σ* peak 5-9 eV above it in the first slot
        gap = s.peak_centre[:, 0] - s.pi_centre
        return (s.pi_star & (gap >= 5.0) & (gap <= 9.0) & (s.peak_height[:, 0] >= 0.8)).mean()

    def many_peaks(s):  # three or more sharp peaks besides the σ* slot: only the families draw them
        return ((s.peak_height[:, 1:-1] >= 0.3) & (s.peak_width[:, 1:-1] <= 4.0)).sum(axis=1).mean()

    always, thinned, kept = shape(), shape(elnes_k_edge_probability=0.5), shape(
        elnes_k_edge_probability=0.5, elnes_k_pair_probability=1.0
    )
    assert abs(pair_share(kept) - pair_share(always)) < 0.04, (pair_share(kept), pair_share(always))
    assert pair_share(thinned) < pair_share(always) - 0.08, (pair_share(thinned), pair_share(always))
    assert abs(many_peaks(kept) - many_peaks(thinned)) < 0.1, (many_peaks(kept), many_peaks(thinned))
    assert many_peaks(kept) < many_peaks(always) - 0.3, (many_peaks(kept), many_peaks(always))
    with pytest.raises(ValueError, match="elnes_k_pair_probability"):
        SynthesisConfig(elnes_k_pair_probability=-0.1)
    config = SynthesisConfig(elnes_k_pair_probability=1.0)
    assert SynthesisConfig.from_json(config.to_json()) == config


def _exelfs_templates(probability, amplitude=None):
    """O K templates at 0.25 eV per sample (modelled range 100 eV), with the EXELFS amplitude set if given."""
    from hyperspy_eels_edgeid.synthesis.shapes import PRE, TEMPLATE_SIZE, ShapeParameters, build_templates, group_rows

    group = next(g for g in edge_groups_of("O") if g.name == "K")
    rows = group_rows([group] * 300)
    delta = np.repeat((np.arange(TEMPLATE_SIZE, dtype=np.float32)[None, :] - PRE) * np.float32(0.25), rows.size, 0)
    shape = ShapeParameters(np.random.default_rng(12), rows, True, True, True, exelfs_probability=probability)
    if amplitude is not None:
        shape.exelfs_amplitude = np.where(shape.exelfs_amplitude > 0, amplitude, 0.0)
    return delta, shape, build_templates(rows, delta, shape, np.full(rows.size, 100.0), np.full(rows.size, 12))


def test_exelfs_modulates_a_share_of_the_edges_past_their_near_edge_range_only():
    delta, shape, wavy = _exelfs_templates(0.5)
    *_, plain = _exelfs_templates(0.5, amplitude=0.0)  # the same random numbers, no structure
    on = shape.exelfs_amplitude > 0
    assert 0.42 < on.mean() < 0.58
    np.testing.assert_array_equal(wavy[~on], plain[~on])
    near, past = delta < 10.0, delta > 100.0  # before the rise, and past the modelled range
    np.testing.assert_array_equal(wavy[on][near[on]], plain[on][near[on]])
    np.testing.assert_allclose(wavy[on][past[on]], plain[on][past[on]], rtol=1e-6)
    ratio = wavy[on] / np.maximum(plain[on], 1e-30)
    between = (delta[on] > 30.0) & (delta[on] < 60.0)
    assert np.median(np.abs(ratio[between] - 1.0)) > 0.01  # visible oscillation
    assert np.abs(ratio[between] - 1.0).max() < 1.0


def test_exelfs_oscillates_as_one_neighbour_shell():
    """Successive zeros of χ lie π / 2R apart in k (k = 0.5123 √ΔE), whatever the amplitude."""
    from hyperspy_eels_edgeid.synthesis.exelfs import exelfs_factor

    delta = np.linspace(0.0, 300.0, 30001)[None, :]
    one = np.ones(1)
    for r in (1.8, 2.5, 3.0):
        f = exelfs_factor(delta, 0.1 * one, r * one, 0.004 * one, 0.3 * one, 400.0 * one)[0].astype(float) - 1.0
        window = (delta[0] > 35.0) & (delta[0] < 250.0)
        crossings = np.flatnonzero(np.diff(np.sign(f[window])) != 0)
        k = 0.5123 * np.sqrt(delta[0][window][crossings])
        np.testing.assert_allclose(np.diff(k), np.pi / (2.0 * r), rtol=0.02)


def test_exelfs_off_by_default_and_checked():
    assert SynthesisConfig().exelfs_probability == 0.0
    with pytest.raises(ValueError, match="exelfs_probability"):
        SynthesisConfig(exelfs_probability=1.5)


def test_broad_white_lines_on_a_share_of_the_white_line_elements_only():
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    groups = [g for element in ("Mn", "O") for g in edge_groups_of(element) if g.name in ("L3", "K")]
    rows = group_rows(groups * 400)
    plain = ShapeParameters(np.random.default_rng(3), rows, True, True)
    broad = ShapeParameters(np.random.default_rng(3), rows, True, True, broad_white_line_probability=0.5)
    assert plain.white.any() and not plain.white.all()
    changed = broad.wl_width != plain.wl_width
    assert not changed[~plain.white].any()  # O K has no lines to widen
    assert 0.4 < changed[plain.white].mean() < 0.6
    assert ((broad.wl_width[changed] >= 2.5) & (broad.wl_width[changed] <= 10.0)).all()
    for name in ("wl_strength", "wl_branching", "peak_centre", "peak_height"):  # drawn last: the rest is unchanged
        np.testing.assert_array_equal(getattr(broad, name), getattr(plain, name))
    assert SynthesisConfig().broad_white_line_probability == 0.0
    with pytest.raises(ValueError, match="broad_white_line_probability"):
        SynthesisConfig(broad_white_line_probability=-0.1)
    with pytest.raises(ValueError, match="broad_white_line_fwhm"):
        SynthesisConfig(broad_white_line_fwhm=(0.0, 10.0))


def test_tall_white_lines_on_a_share_of_the_k_to_cu_l3_pairs_only():
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    pairs = {"Mn": "L3", "Cu": "L3", "Zn": "L3", "Ce": "M5", "O": "K"}
    groups = [g for element, name in pairs.items() for g in edge_groups_of(element) if g.name == name]
    rows = group_rows(groups * 400)
    plain = ShapeParameters(np.random.default_rng(5), rows, True, True)
    tall = ShapeParameters(np.random.default_rng(5), rows, True, True, tall_white_line_probability=0.5)
    changed = tall.wl_strength != plain.wl_strength
    element = np.array([g.element for g in groups * 400])
    for name in ("Zn", "Ce", "O"):  # Zn: full 3d shell; Ce: M4,5 lines; O: no lines
        assert not changed[element == name].any()
    for name in ("Mn", "Cu"):
        assert 0.4 < changed[element == name].mean() < 0.6
    assert ((tall.wl_strength[changed] >= 8.0) & (tall.wl_strength[changed] <= 30.0)).all()
    for name in ("wl_width", "wl_branching", "peak_centre", "peak_height"):  # drawn last: the rest is unchanged
        np.testing.assert_array_equal(getattr(tall, name), getattr(plain, name))
    assert SynthesisConfig().tall_white_line_probability == 0.0
    with pytest.raises(ValueError, match="tall_white_line_probability"):
        SynthesisConfig(tall_white_line_probability=1.5)
    with pytest.raises(ValueError, match="tall_white_line_strength"):
        SynthesisConfig(tall_white_line_strength=(0.0, 30.0))


def test_tall_white_lines_stand_higher_above_the_step_in_spectra():
    from hyperspy_eels_edgeid.data import synthetic_eels

    def peak_over_step(**settings):
        ratios = []
        for seed in range(12):
            s = synthetic_eels(["Mn"], energy_axis=(490.0, 0.25, 1600), random_state=seed, counts=(1e9, 1e9), **settings)
            x, y = s.axes_manager[-1].axis, s.data.astype(float)
            shift = float(s.metadata.Truth.parameters.shift)
            pre = (x > 540 + shift) & (x < 625 + shift)
            signal = y - np.exp(np.polyval(np.polyfit(np.log(x[pre]), np.log(y[pre]), 1), np.log(x)))
            step = np.median(signal[(x > 681 + shift) & (x < 701 + shift)])
            ratios.append(signal[(x > 635 + shift) & (x < 659 + shift)].max() / step)
        return np.median(ratios)

    assert peak_over_step(tall_white_line_probability=1.0) > 2.0 * peak_over_step()


def test_m23_white_lines_put_two_peaks_on_the_m23_edges_of_sr_to_rh_only():
    from hyperspy_eels_edgeid.synthesis.shapes import ShapeParameters, group_rows

    groups = [g for element in ("Zr", "Rh", "Ag", "Mn") for g in edge_groups_of(element) if g.name in ("M3", "L3")]
    rows = group_rows(groups * 100)
    plain = ShapeParameters(np.random.default_rng(4), rows, True, True)
    lined = ShapeParameters(np.random.default_rng(4), rows, True, True, m23_white_lines=True)
    names = np.array([g.name for g in groups] * 100)
    elements = np.array([g.element for g in groups] * 100)
    gained = lined.white & ~plain.white
    np.testing.assert_array_equal(gained, (names == "M3") & np.isin(elements, ["Zr", "Rh"]))  # Ag's 4d is full
    np.testing.assert_array_equal(lined.white[plain.white], True)  # Mn L3 keeps its lines
    zr, rh = gained & (elements == "Zr"), gained & (elements == "Rh")
    assert lined.wl_strength[zr].max() > 2.0 > lined.wl_strength[rh].max() and lined.wl_strength[gained].min() >= 0.3
    for name in ("wl_strength", "wl_width", "peak_centre", "peak_height"):  # drawn last: the rest is unchanged
        np.testing.assert_array_equal(getattr(lined, name)[~gained], getattr(plain, name)[~gained])
    assert SynthesisConfig().m23_white_lines is False


def test_m23_white_lines_make_zr_m23_two_peaks_at_its_m3_and_m2_onsets():
    # the table's continuum gives the M3 and M2 onsets small sawtooth maxima (prominence about 0.09 of the
    # edge signal in 320-360 eV); the lines make them peaks several times as prominent
    config = SynthesisConfig(
        **QUIET, gaussian_fwhm=0.3, lorentzian_hwhm=0.1, shift=0.0, expansion=0.0, near_edge_structure=False
    )
    prominence = {}
    for on in (False, True):
        batch = synthesize_batch(
            50, config.replace(m23_white_lines=on, secondary_edges=True), rng=6, elements=["Zr"],
            energy_axis=(150.0, 0.2, 2000), return_components=True, add_noise=False,
        )  # fmt: skip
        e = batch.energy_axis(0)
        inside = (e > 320.0) & (e < 360.0)
        prominence[on] = []
        for s in batch.edge_signals:
            peaks, found = find_peaks(s[inside] / s[inside].max(), prominence=0.01)
            at = e[inside][peaks]
            assert any(abs(at - 331.0) < 4.0) and any(abs(at - 345.0) < 4.0)  # M3 330, M2 344 eV (exspy's)
            prominence[on].append(found["prominences"][np.argmin(abs(at - 331.0))])
    assert max(prominence[False]) < 0.12 and np.median(prominence[True]) > 2 * np.median(prominence[False])


def test_coarse_spectra_drawn_with_their_probability_and_ranges():
    """A share of coarse spectra (survey spectra, fast maps): wide channels, few of them; the rest as configured."""
    config = SynthesisConfig(coarse_probability=0.3, coarse_dispersion=(5.0, 10.0), coarse_n_channels=(40, 90))
    batch = synthesize_batch(400, config, rng=8)
    dispersion, n_channels = batch.parameters["dispersion"], batch.parameters["n_channels"]
    coarse = dispersion >= 5.0
    assert 0.22 < coarse.mean() < 0.38
    assert np.all(dispersion[coarse] <= 10.0) and np.all((n_channels[coarse] >= 40) & (n_channels[coarse] <= 90))
    assert np.all(dispersion[~coarse] <= 2.0) and np.all(n_channels[~coarse] >= 1024)
    assert all(np.isfinite(batch.spectra[i, : n_channels[i]]).all() for i in np.flatnonzero(coarse))


def test_coarse_spectra_off_keep_the_default_random_stream():
    plain = synthesize_batch(20, SynthesisConfig(), rng=9)
    off = synthesize_batch(20, SynthesisConfig(coarse_probability=0.0, coarse_dispersion=(8.0, 9.0)), rng=9)
    np.testing.assert_array_equal(np.nan_to_num(plain.spectra), np.nan_to_num(off.spectra))


@pytest.mark.parametrize(
    "settings, message",
    [({"coarse_probability": 1.5}, "coarse_probability"), ({"coarse_n_channels": (4, 8)}, "coarse_n_channels"),
     ({"coarse_dispersion": (0.0, 8.0)}, "coarse_dispersion")],
)  # fmt: skip
def test_coarse_settings_are_checked(settings, message):
    with pytest.raises(ValueError, match=message):
        SynthesisConfig(**settings)
