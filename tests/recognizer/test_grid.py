"""The model grid, resampling onto it, and normalisation."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid, normalise
from hyperspy_eels_edgeid.recognizer.resampling import Resampler, resample

GRID = model_grid(GRID_SEGMENTS)


def test_grid_covers_paper_range_at_quarter_ev():
    g = model_grid(GRID_SEGMENTS)
    fine = g[(g >= 90) & (g <= 1000)]
    assert g[0] <= 90 and g[-1] >= 2000
    assert np.diff(fine).max() <= 0.25 + 1e-9
    assert np.all(np.diff(g) > 0)


def _step_position(grid, values):
    # the step is where the resampled intensity crosses half-way
    return grid[np.argmax(values > 0.5)]


@pytest.mark.parametrize(
    "offset, dispersion, n",
    [(300.0, 0.05, 4096), (200.0, 0.1, 2048), (250.0, 0.3, 1500), (100.0, 1.0, 1200), (90.0, 2.0, 800)],
)
@pytest.mark.parametrize("onset", [402.3, 531.7, 1305.4])
def test_resampling_preserves_edge_position_within_one_channel(offset, dispersion, n, onset):
    energy = offset + dispersion * np.arange(n)
    if not energy[0] + 5 < onset < energy[-1] - 5:
        pytest.skip("onset outside this window")
    # a sharp step at `onset`, sampled as channel averages (what a detector records)
    lo, hi = energy - dispersion / 2, energy + dispersion / 2
    spectrum = np.clip((hi - onset) / (hi - lo), 0.0, 1.0)
    values, mask = resample(energy, spectrum[None], GRID)
    g = model_grid(GRID_SEGMENTS)
    found = _step_position(g[mask[0]], values[0][mask[0]])
    channel = np.diff(g)[np.searchsorted(g, onset) - 1]
    # within one grid channel, or one measured channel when it is coarser
    assert abs(found - onset) <= max(channel, dispersion) + 1e-6


def test_mask_covers_only_the_measured_window():
    energy = np.linspace(400.0, 700.0, 1201)
    values, mask = resample(energy, np.ones((2, energy.size)), GRID)
    g = model_grid(GRID_SEGMENTS)
    assert not mask[:, g < 399.8].any() and not mask[:, g > 700.2].any()
    assert mask[:, (g > 400.5) & (g < 699.5)].all()
    assert np.allclose(values[mask], 1.0)


def test_nan_padding_is_not_measured():
    energy = np.linspace(300.0, 900.0, 1200)
    spectra = np.ones((1, energy.size))
    spectra[0, 1000:] = np.nan
    values, mask = resample(energy, spectra, GRID)
    g = model_grid(GRID_SEGMENTS)
    assert np.isfinite(values).all()
    assert not mask[0, g > energy[1000]].any()


def test_non_uniform_axis():
    energy = np.cumsum(np.linspace(0.1, 0.5, 2000)) + 200.0
    values, mask = Resampler(energy, GRID).resample(np.full(energy.size, 7.0))
    assert mask.sum() > 1000 and np.allclose(values[mask], 7.0)


def test_rejects_decreasing_axis():
    with pytest.raises(ValueError, match="increasing"):
        Resampler(np.array([3.0, 2.0, 1.0]), GRID)


def test_normalise_is_scale_invariant():
    g = model_grid(GRID_SEGMENTS)
    energy = np.linspace(300.0, 900.0, 1200)
    spectrum = (energy / 300.0) ** -3.0
    a = normalise(*resample(energy, 1e3 * spectrum[None], GRID), GRID)
    b = normalise(*resample(energy, 1e6 * spectrum[None], GRID), GRID)
    assert a.shape == (1, 4, g.size)
    assert np.allclose(a, b, atol=1e-4)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("offset, dispersion, n", [(48.0, 0.03, 3000), (300.0, 0.7, 2048), (900.0, 3.0, 1200)])
def test_fast_path_equals_general_path(offset, dispersion, n, dtype):
    """Rows without NaN take a precomputed path (in blocks of 16); it must give what the NaN-aware path gives."""
    rng = np.random.default_rng(4)
    energy = offset + dispersion * np.arange(n) + rng.uniform(0, 0.2 * dispersion, n)  # non-uniform
    spectra = (1e4 * (energy / offset) ** -3 * rng.uniform(0.5, 1.5, (40, n))).astype(dtype)
    r = Resampler(energy, GRID)
    fast_values, fast_mask = r.resample(spectra)
    with_nan = spectra.astype(np.float64)
    with_nan[::3, 0] = np.nan  # every third row: first channel lost
    values, mask = r.resample(with_nan)
    untouched = np.arange(40) % 3 != 0
    np.testing.assert_array_equal(mask[untouched], fast_mask[untouched])
    np.testing.assert_allclose(values[untouched], fast_values[untouched], rtol=1e-5)
    # rows with the NaN: the same wherever the lost channel does not reach
    far = r.grid > energy[1] + 2 * dispersion + 0.5
    np.testing.assert_array_equal(mask[~untouched][:, far], fast_mask[~untouched][:, far])
    np.testing.assert_allclose(values[~untouched][:, far], fast_values[~untouched][:, far], rtol=1e-5)
    assert fast_mask.any() and not mask[~untouched][:, r.grid < energy[0]].any()


def test_rebinning_matches_a_direct_average():
    """Independent reference: 0.05 eV channels aligned with the 0.25 eV grid average five at a time."""
    energy = 299.9 + 0.05 * np.arange(2000)  # channel edges at 299.875 + 0.05 k, grid edges at 299.875 + 0.25 g
    spectra = np.random.default_rng(6).uniform(1.0, 2.0, (20, energy.size)).astype(np.float32)
    values, mask = resample(energy, spectra, GRID)
    g = model_grid(GRID_SEGMENTS)
    first = int(np.flatnonzero(np.isclose(g, 300.0))[0])
    expected = spectra[:, : 5 * 390].reshape(20, 390, 5).mean(axis=2)
    assert mask[:, first : first + 390].all()
    np.testing.assert_allclose(values[:, first : first + 390], expected, rtol=1e-5)


def test_single_spectrum_direct_path_equals_the_operator():
    """resample() of one finite spectrum skips the operator; it must give the Resampler's numbers and mask."""
    rng = np.random.default_rng(8)
    for trial in range(60):
        start, n = rng.uniform(20.0, 3500.0), int(rng.integers(50, 4096))
        if trial % 3 == 2:  # non-uniform
            energy = start + np.cumsum(rng.uniform(0.2, 2.0, n))
        else:  # 0.03-5 eV per channel: finer and coarser than both grid segments
            energy = start + np.exp(rng.uniform(np.log(0.03), np.log(5.0))) * np.arange(n)
        spectrum = rng.uniform(10.0, 1e5, n) * (energy / energy[0]) ** -3
        expected_values, expected_mask = Resampler(energy, GRID).resample(spectrum[None])
        values, mask = resample(energy, spectrum, GRID)
        np.testing.assert_array_equal(mask, expected_mask[0])
        np.testing.assert_allclose(values, expected_values[0], rtol=1e-5, atol=1e-3)
    with pytest.raises(ValueError, match="strictly increasing"):
        resample(energy[::-1], spectrum, GRID)


def test_normalise_shared_and_per_row_masks_agree():
    """The vectorised median (one mask for all rows) and the per-row loop give the same input."""
    g = model_grid(GRID_SEGMENTS)
    rng = np.random.default_rng(5)
    mask = np.broadcast_to((g > 300) & (g < 900), (3, g.size)).copy()
    values = (1e3 * (g / 300.0) ** -3 * rng.uniform(0.8, 1.2, (3, g.size))).astype(np.float32) * mask
    shared = normalise(values, mask, g)
    mask2 = np.concatenate([mask, np.zeros((1, g.size), bool)])  # a fourth, empty row forces the loop
    values2 = np.concatenate([values, np.zeros((1, g.size), np.float32)])
    per_row = normalise(values2, mask2, g)
    np.testing.assert_allclose(shared, per_row[:3], atol=1e-5)
    assert not per_row[3, :3].any()


def test_normalise_gives_the_centred_log_intensity_and_its_residual_from_a_power_law():
    """The channels computed here from their definitions: 0.5 (log v - mean), 4 x the residual of a log-log line."""
    grid = model_grid(GRID_SEGMENTS)
    mask = (grid >= 300.0) & (grid < 900.0)
    values = 1e4 * (grid / 300.0) ** -3.0 * np.where(grid >= 532.0, 1.2, 1.0)  # a power law and a step (O K)
    x = normalise(values[None], mask[None], grid)[0]
    logs = np.log(values[mask])
    centred = logs - logs.mean()
    le = np.log(grid[mask])
    slope, intercept = np.polyfit(le, logs, 1)
    residual = logs - (slope * le + intercept)
    np.testing.assert_allclose(x[0, mask], 0.5 * centred, atol=2e-5)
    np.testing.assert_allclose(x[1, mask], 4.0 * residual, atol=2e-4)
    assert np.abs(residual).max() > 0.05  # the step is in the residual
    assert not x[:2, ~mask].any() and np.array_equal(x[2], mask.astype(np.float32))
    np.testing.assert_allclose(x[3], np.linspace(-1.0, 1.0, grid.size), atol=1e-6)
