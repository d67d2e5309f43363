"""The forward model's parameters are recovered, statistically, from the spectra it makes.

Each test measures a quantity on generated spectra the way one would on a
measured spectrum (power-law fits, edge heights, onset positions, noise
residuals) and compares it with what was requested.
"""

import numpy as np
import pytest
from scipy import stats

from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.synthesis.instrument import broadening_transfer, plural_scattering_transfer, voigt_fwhm

QUIET = dict(shot_noise=False, plural_scattering=False, secondary_edges=False)


def _power_law_fit(energy, intensity):
    """Least-squares fit of log I = a - r log E; returns (a, r)."""
    slope, intercept = np.polyfit(np.log(energy), np.log(intensity), 1)
    return intercept, -slope


def test_jump_ratio_recovered():
    config = SynthesisConfig(**QUIET, near_edge_structure=False)
    axis = (300.0, 0.5, 1024)  # 300-811.5 eV around O K (532 eV)
    batch = synthesize_batch(200, config, rng=11, elements=["O"], energy_axis=axis, return_components=True)
    energy = batch.energy_axis(0)
    measured, requested = [], []
    for i in range(len(batch)):
        row = batch.edges[batch.edges["spectrum"] == i][0]
        clean = batch.clean[i]
        pre = (energy > energy[0] + 5) & (energy < row["onset"] - 15)
        a, r = _power_law_fit(energy[pre], clean[pre])
        background = np.exp(a) * energy**-r
        peak = np.max((clean - background)[energy >= row["onset"] - 5])
        measured.append(peak / (np.exp(a) * row["onset"] ** -r))
        requested.append(row["jump_ratio"])
    measured, requested = np.array(measured), np.array(requested)
    assert np.median(np.abs(measured / requested - 1)) < 0.02
    assert np.mean(np.abs(measured / requested - 1) < 0.05) > 0.9
    # drawn uniformly from O's range in the paper's Table 1, 0.15-1.5
    assert requested.min() >= 0.15 and requested.max() <= 1.5
    assert stats.kstest((requested - 0.15) / 1.35, "uniform").pvalue > 0.01


def test_log_uniform_jump_ratios():
    """realistic(): every element's jump ratio is log-uniform over 0.05-3 (log J uniform)."""
    config = SynthesisConfig.realistic().replace(extra_element_probability={}, below_window_probability=0.0)
    batch = synthesize_batch(600, config, rng=13, elements=["B"], energy_axis=(150.0, 0.5, 1024))
    jr = batch.edges["jump_ratio"][batch.edges["is_label"]]
    assert jr.min() >= 0.05 and jr.max() <= 3.0
    u = (np.log(jr) - np.log(0.05)) / (np.log(3.0) - np.log(0.05))
    assert stats.kstest(u, "uniform").pvalue > 0.01
    assert np.mean(jr > 0.5) > 0.35  # far above the paper's B maximum of 0.5


def test_background_exponent_recovered():
    config = SynthesisConfig(**QUIET, n_elements_probabilities=(1.0,))  # edge-free spectra
    batch = synthesize_batch(1500, config, rng=12, energy_axis=(100.0, 1.0, 1024), return_components=True)
    energy = batch.energy_axis(0)
    fitted = np.array([_power_law_fit(energy, batch.clean[i])[1] for i in range(len(batch))])
    requested = batch.parameters["background_exponent"]
    # the shift of the recorded axis bends the power law slightly; the fit still finds r
    assert np.max(np.abs(fitted - requested)) < 0.15
    assert abs(fitted.mean() - 1.88) < 0.05
    assert abs(fitted.std() - 0.5) < 0.05
    assert requested.min() >= 0.1


def test_shift_and_expansion_recovered():
    config = SynthesisConfig(**QUIET, near_edge_structure=False, gaussian_fwhm=(0.1, 0.5), lorentzian_hwhm=(0.1, 0.2))
    elements = ["B", "O", "F"]  # abrupt K edges at 188, 532, 685 eV (exspy database)
    from hyperspy_eels_edgeid.edges import onset_energy

    tabulated = np.array([onset_energy(f"{e}_K") for e in elements])
    batch = synthesize_batch(
        60, config, rng=13, elements=elements, energy_axis=(150.0, 0.1, 6000), return_components=True
    )
    energy = batch.energy_axis(0)
    shifts, expansions = [], []
    for i in range(len(batch)):
        slope = np.gradient(batch.clean[i], energy)
        found = []
        for onset in tabulated:
            near = np.abs(energy - onset) < 26
            found.append(energy[near][np.argmax(slope[near])])
        stretch, shift = np.polyfit(tabulated, found, 1)
        expansions.append(stretch - 1)
        shifts.append(shift)
    p = batch.parameters
    assert np.max(np.abs(np.array(shifts) - p["shift"])) < 1.0
    assert np.max(np.abs(np.array(expansions) - p["expansion"])) < 0.002
    assert -15 <= p["shift"].min() and p["shift"].max() <= 15
    assert -0.015 <= p["expansion"].min() and p["expansion"].max() <= 0.015


def test_psf_is_the_paper_voigt():
    """The transfer function is a Voigt (Gaussian FWHM ⊗ Lorentzian HWHM) of the requested widths."""
    step, n = 0.01, 2**16
    frequency = np.fft.rfftfreq(n, step)[None, :]
    for fwhm_g, hwhm_l in [(0.1, 0.1), (1.6, 0.1), (0.8, 0.6), (1.6, 0.6)]:
        transfer = broadening_transfer(frequency, np.array([fwhm_g]), np.array([hwhm_l]), np.array([1e-6]))
        kernel = np.fft.fftshift(np.fft.irfft(transfer[0], n))
        above = np.flatnonzero(kernel >= kernel.max() / 2)
        measured = (above[-1] - above[0] + 1) * step
        assert measured == pytest.approx(voigt_fwhm(fwhm_g, hwhm_l), rel=0.03, abs=2 * step)
        assert kernel.sum() == pytest.approx(1.0, rel=1e-6)


@pytest.mark.parametrize("fwhm_g, hwhm_l", [(0.8, 0.1), (1.6, 0.1), (0.5, 0.4), (1.6, 0.6)])
def test_psf_width_recovered_from_a_generated_edge(fwhm_g, hwhm_l):
    """The onset of an abrupt K edge is a step: its derivative is the instrument's PSF.

    C K: the table's C K continuum reaches its maximum 0.5 eV past the onset and stays within 3 % of
    it over the next 3 eV (O K rises over 7 eV; Si K drops by 30 % in its first 0.5 eV).
    """
    config = SynthesisConfig(**QUIET, near_edge_structure=False, gaussian_fwhm=fwhm_g, lorentzian_hwhm=hwhm_l)
    axis = (250.0, 0.02, 4000)  # C K at 284 eV, shifted by up to 15 eV and expanded by up to 1.5 %
    batch = synthesize_batch(5, config, rng=31, elements=["C"], energy_axis=axis, return_components=True)
    energy = batch.energy_axis(0)
    for i in range(len(batch)):
        onset = batch.edges["onset"][batch.edges["spectrum"] == i][0]
        near = np.abs(energy - onset) < 8
        slope = np.gradient(batch.edge_signals[i][near], energy[near])
        above = energy[near][slope >= slope.max() / 2]
        measured = above[-1] - above[0]
        assert measured == pytest.approx(voigt_fwhm(fwhm_g, hwhm_l), rel=0.12, abs=0.1)


def test_psf_widths_drawn_in_paper_ranges():
    p = synthesize_batch(2000, SynthesisConfig(**QUIET), rng=14, energy_axis=(300.0, 0.5, 256)).parameters
    assert stats.kstest((p["gaussian_fwhm"] - 0.1) / 1.5, "uniform").pvalue > 0.01
    assert stats.kstest((p["lorentzian_hwhm"] - 0.1) / 0.5, "uniform").pvalue > 0.01


def test_broadening_widens_a_white_line():
    """A sharp L3 white line gets wider with a wider PSF, as a measured spectrum would show."""
    widths = []
    for fwhm in (0.1, 1.6):
        config = SynthesisConfig(**QUIET, near_edge_structure=False, gaussian_fwhm=fwhm, lorentzian_hwhm=0.1)
        batch = synthesize_batch(
            20, config, rng=15, elements=["Mn"], energy_axis=(600.0, 0.05, 2000), return_components=True
        )
        e = batch.energy_axis(0)
        for i in range(len(batch)):
            signal = batch.edge_signals[i]
            top = np.argmax(signal)
            half = signal[top] / 2
            lo = top - np.argmax(signal[top::-1] < half)
            hi = top + np.argmax(signal[top:] < half)
            widths.append((fwhm, e[hi] - e[lo]))
    narrow = np.median([w for f, w in widths if f == 0.1])
    wide = np.median([w for f, w in widths if f == 1.6])
    assert wide > narrow + 0.5


def test_fixed_pattern_noise_level():
    config = SynthesisConfig(**QUIET)
    batch = synthesize_batch(300, config, rng=16, energy_axis=(200.0, 0.5, 2048), return_components=True)
    p = batch.parameters
    residual = (batch.spectra - batch.clean) / p["counts"][:, None]
    expected = p["noise_sigma"] * p["noise_coefficient"] / np.sqrt(p["savgol_frame"])
    ratio = residual[:, 100:-100].std(axis=1) / expected
    assert abs(np.mean(ratio) - 1) < 0.05
    assert abs(np.mean(residual[:, 100:-100] / expected[:, None])) < 0.05  # no offset
    # fixed-pattern: strongly correlated from channel to channel
    lag1 = [np.corrcoef(r[:-1], r[1:])[0, 1] for r in residual[:50]]
    assert np.min(lag1) > 0.9
    assert np.all(p["savgol_frame"] % 2 == 1) and p["savgol_frame"].min() >= 31 and p["savgol_frame"].max() <= 59
    many = synthesize_batch(3000, config, rng=160, energy_axis=(200.0, 2.0, 512)).parameters
    assert stats.kstest(many["noise_coefficient"] - 1, "uniform").pvalue > 0.01


def test_white_noise_when_not_smoothed():
    config = SynthesisConfig(**QUIET, savgol_frame=(1, 1), noise_coefficient=1.0, noise_sigma=0.01)
    batch = synthesize_batch(50, config, rng=17, energy_axis=(200.0, 0.5, 2048), return_components=True)
    residual = (batch.spectra - batch.clean) / batch.parameters["counts"][:, None]
    assert residual.std() == pytest.approx(0.01, rel=0.03)
    assert abs(stats.kurtosis(residual.ravel())) < 0.1  # Gaussian, not uniform


def test_shot_noise_is_poisson():
    config = SynthesisConfig(noise_sigma=0.0, plural_scattering=False, counts=(20.0, 2000.0))
    batch = synthesize_batch(100, config, rng=18, energy_axis=(200.0, 0.5, 2048), return_components=True)
    clean, noisy = batch.clean, batch.spectra
    z = (noisy - clean) / np.sqrt(clean)
    assert z[clean > 30].std() == pytest.approx(1.0, abs=0.03)
    low = clean < 5
    np.testing.assert_allclose(noisy[low], np.round(noisy[low]), atol=1e-3)  # exact Poisson counts there
    assert noisy[low].mean() == pytest.approx(clean[low].mean(), rel=0.05)


def test_element_count_distribution():
    config = SynthesisConfig(**QUIET)
    batch = synthesize_batch(4000, config, rng=19, energy_axis=(100.0, 1.0, 2000))
    labels = batch.edges[batch.edges["is_label"]]
    counts = np.bincount(np.unique(labels[["spectrum", "element"]])["spectrum"], minlength=len(batch))
    frequency = np.bincount(counts, minlength=7)[1:7] / len(batch)
    np.testing.assert_allclose(frequency, [0.2, 0.2, 0.2, 0.15, 0.15, 0.1], atol=0.025)


def test_plural_scattering_keeps_area_and_adds_plasmon_replica():
    transfer = plural_scattering_transfer(4096, np.array([0.1]), np.array([0.5]), np.array([20.0]), np.array([4.0]))
    assert abs(transfer[0, 0] - 1) < 1e-6  # area preserving
    distribution = np.fft.irfft(transfer[0], 4096)
    zero_loss = distribution[:3].sum() + distribution[-3:].sum()
    assert zero_loss == pytest.approx(np.exp(-0.5), rel=0.05)
    plasmon = np.argmax(distribution[50:2048]) + 50
    assert plasmon * 0.1 == pytest.approx(20.0, abs=0.3)
    assert np.abs(distribution[2048:]).max() < 1e-6  # nothing at negative energy loss (wrapped end)


def test_readout_noise_makes_dark_subtracted_tails():
    config = SynthesisConfig(shot_noise=False, noise_sigma=0.0, readout_noise=4.0, counts=50.0)
    batch = synthesize_batch(50, config, rng=20, energy_axis=(200.0, 1.0, 2000), return_components=True)
    residual = batch.spectra - batch.clean
    assert residual.std() == pytest.approx(4.0, rel=0.03)
    assert np.mean(batch.spectra < 0) > 0.01  # negative channels where the signal is low
    assert np.all(SynthesisConfig().readout_noise == (0.0, 0.0))
