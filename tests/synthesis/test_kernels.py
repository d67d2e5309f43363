"""The compiled kernels of the forward model agree with the numpy expressions they replace."""

import numpy as np
import pytest
from scipy.ndimage import uniform_filter1d

from hyperspy_eels_edgeid.synthesis._kernels import (
    add_edge_tails,
    near_edge_structure,
    place_edges,
    row_peaks,
    sample_continua,
    shot_noise,
    smooth_reflect,
)


def test_place_edges_is_linear_interpolation_like_numpy_interp():
    rng = np.random.default_rng(0)
    templates = rng.random((5, 64)).astype(np.float32)
    spectrum = np.array([0, 1, 0, 2, 1])
    first = np.array([0, 3, 10, 0, 50])
    stop = np.array([40, 90, 100, 0, 100])  # row 3 covers nothing
    ratio = np.array([1.0, 0.37, 2.5, 1.0, 0.9])
    start = np.array([-3.2, 1.5, -20.0, 0.0, 10.0])  # positions below 0 and past the end are held
    amplitude = rng.uniform(0.5, 2, 5)
    out = np.zeros((3, 100), dtype=np.float32)
    place_edges(out, spectrum, first, stop, ratio, start, amplitude, templates)
    expected = np.zeros((3, 100))
    for k in range(5):
        c = np.arange(first[k], stop[k])
        expected[spectrum[k], c] += amplitude[k] * np.interp(c * ratio[k] + start[k], np.arange(64), templates[k])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_edge_tails_are_a_staircase_of_power_laws():
    rng = np.random.default_rng(1)
    power = rng.random((2, 30)).astype(np.float32)
    spectrum, anchor, coefficient = np.array([0, 0, 1]), np.array([5, 12, 30]), np.array([2.0, -0.5, 7.0])
    out = np.ones((2, 30), dtype=np.float32)
    add_edge_tails(out, spectrum, anchor, coefficient, power)
    steps = np.zeros((2, 31))
    np.add.at(steps, (spectrum, anchor), coefficient)
    np.testing.assert_allclose(out, 1 + np.cumsum(steps[:, :30], axis=1) * power, rtol=1e-6)
    assert np.all(out[1] == 1)  # anchored at the end: no tail inside


def test_edge_tails_of_rows_in_any_order():
    rng = np.random.default_rng(6)
    power = rng.random((4, 50)).astype(np.float32)
    spectrum, anchor = rng.integers(0, 3, 12), rng.integers(0, 51, 12)  # spectrum 3 has none
    anchor[:2] = anchor[2]  # equal anchors
    coefficient = rng.normal(size=12)
    out = np.zeros((4, 50), dtype=np.float32)
    add_edge_tails(out, spectrum, anchor, coefficient, power)
    expected = np.zeros((4, 50))
    for k in range(12):
        expected[spectrum[k], anchor[k] :] += coefficient[k] * power[spectrum[k], anchor[k] :]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("width", [4, 9, 4096])
def test_smooth_reflect_matches_scipy_uniform_filter(width):
    rng = np.random.default_rng(2)
    white = rng.standard_normal((6, width)).astype(np.float32)
    frame = np.array([1, 3, 9, 31, 59, 61])
    scale = rng.uniform(0.1, 3, 6)
    offset = rng.normal(size=6)
    out = np.ones((6, width), dtype=np.float32)
    smooth_reflect(out, white, frame, scale, offset)
    for i in range(6):
        expected = 1 + scale[i] * uniform_filter1d(white[i].astype(float), int(frame[i]), mode="reflect") - offset[i]
        np.testing.assert_allclose(out[i], expected, rtol=1e-5, atol=1e-6)


def test_near_edge_structure_matches_the_formula():
    rng = np.random.default_rng(3)
    n, size, pre = 4, 512, 64
    step = np.array([0.1, 0.25, 1.0, 2.0])
    delta = ((np.arange(size)[None, :] - pre) * step[:, None]).astype(np.float32)
    continuum = rng.random((n, size)).astype(np.float32)
    centre, width = rng.uniform(0, 40, (n, 4)), rng.uniform(0.4, 10, (n, 4))
    height = rng.uniform(-0.5, 1.5, (n, 4)) * (rng.random((n, 4)) < 0.7)
    pi_centre, pi_width, pi_height = rng.uniform(0, 3, n), rng.uniform(0.3, 1.2, n), np.array([0, 2.0, 0.5, 0])
    expected = continuum.astype(float)
    d = delta.astype(float)
    modulation = 1 + (
        height[:, :, None] * np.exp(-0.5 * ((d[:, None] - centre[..., None]) / width[..., None]) ** 2)
    ).sum(1)
    expected = expected * np.where(height.any(axis=1)[:, None], np.maximum(modulation, 0), 1)
    expected += (pi_height * expected.max(axis=1))[:, None] * np.exp(
        -0.5 * ((d - pi_centre[:, None]) / pi_width[:, None]) ** 2
    )
    near_edge_structure(continuum, delta, step, centre, width, height, pi_centre, pi_width, pi_height)
    np.testing.assert_allclose(continuum, expected, rtol=2e-6, atol=1e-7)


def test_sample_continua_interpolates_the_table_and_is_zero_below_the_onset():
    rng = np.random.default_rng(4)
    table = rng.random((3, 40)).astype(np.float32)
    delta = ((np.arange(64)[None, :] - 8) * np.array([0.1, 0.3, 0.17, 1.0])[:, None]).astype(np.float32)
    out = np.full((4, 64), -7.0, dtype=np.float32)
    rows, table_rows = np.array([0, 2, 3]), np.array([2, 0, 2])  # row 1 is left alone
    sample_continua(out, rows, table, table_rows, delta, np.float32(4.0))
    for row, table_row in zip(rows, table_rows):
        position = np.minimum(np.maximum(delta[row], 0) * 4.0, 40 - 1.001)  # past the table: its end
        expected = np.where(delta[row] < 0, 0.0, np.interp(position, np.arange(40), table[table_row]))
        np.testing.assert_allclose(out[row], expected, rtol=1e-6, atol=1e-7)
    assert np.all(out[1] == -7.0)


def test_row_peaks_are_maxima_up_to_a_sample():
    values = np.random.default_rng(5).standard_normal((4, 50)).astype(np.float32)
    last = np.array([0, 10, 49, 80])
    expected = [values[k, : last[k] + 1].max() for k in range(4)]
    np.testing.assert_array_equal(row_peaks(values, last), expected)
    assert row_peaks(values, np.array([-1, 0, 0, 0]))[0] == -np.inf


def test_shot_noise_normal_approximation_and_low_count_mask():
    expected = np.array([[-1.0, 0.0, 10.0, 100.0, 1e4]], dtype=np.float32)
    normal = np.array([[0.5, 1.0, -5.0, 1.0, -2.0]], dtype=np.float32)
    out, low = shot_noise(expected, normal, 25.0)
    lam = np.maximum(expected, 0)
    np.testing.assert_allclose(out, np.maximum(lam + np.sqrt(lam) * normal, 0), rtol=1e-6)
    assert low.tolist() == [[True, True, True, False, False]]


def _reference_cases():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent / "data" / "make_reference_spectra.py"
    spec = importlib.util.spec_from_file_location("make_reference_spectra", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, np.load(path.with_name("reference_spectra.npz"))


def test_spectra_reproduce_the_reference_spectra():
    """Noise-free spectra agree with the reference spectra (``data/make_reference_spectra.py``).

    The kernels reproduced the numpy code they replaced (commit 3953196); the
    reference was regenerated once since, when the edge continua moved to the
    bundled DFT table.  This checks how the kernels are called (template
    placement, near-edge structure, tails, convolutions), which the unit tests
    above do not, and that the forward model does not change by accident.
    """
    module, reference = _reference_cases()
    spectra = module.make()
    assert set(spectra) == set(reference.files)
    for name, expected in reference.items():
        got = spectra[name]
        assert got.shape == expected.shape, name
        assert np.array_equal(np.isnan(got), np.isnan(expected)), name
        scale = np.nanmax(np.abs(expected), axis=1, keepdims=True)
        np.testing.assert_allclose(np.nan_to_num(got / scale), np.nan_to_num(expected / scale), rtol=0, atol=2e-6)


def test_add_shot_noise_keeps_the_shape():
    from hyperspy_eels_edgeid.synthesis.instrument import add_shot_noise

    for shape in [(), (7,), (2, 3, 50)]:
        out = add_shot_noise(np.random.default_rng(0), np.full(shape, 100.0, dtype=np.float32))
        assert out.shape == shape and np.all(out >= 0)


def test_narrow_near_edge_gaussian_on_a_coarse_step_is_finite():
    n, size, pre = 1, 64, 8
    step = np.array([2.0])
    delta = ((np.arange(size)[None, :] - pre) * step[:, None]).astype(np.float32)
    continuum = np.ones((n, size), dtype=np.float32)
    centre, width, height = np.array([[4.1, 0, 0, 0]]), np.array([[0.05, 1, 1, 1]]), np.array([[1.0, 0, 0, 0]])
    near_edge_structure(continuum, delta, step, centre, width, height, np.zeros(1), np.ones(1), np.zeros(1))
    expected = 1 + np.exp(-0.5 * ((delta[0].astype(float) - 4.1) / 0.05) ** 2)
    assert np.all(np.isfinite(continuum))
    np.testing.assert_allclose(continuum[0], expected, rtol=1e-6)


def test_kernels_compile_without_a_writable_cache(monkeypatch):
    """numba raises at decoration when no cache folder is writable; the kernels then compile per process."""
    from hyperspy_eels_edgeid import _numba

    real_njit = _numba.njit

    def njit_without_cache_locator(*args, cache=False, **options):
        if cache:
            raise RuntimeError("cannot cache function 'f': no locator available for file '...'")
        return real_njit(*args, **options)

    monkeypatch.setattr(_numba, "njit", njit_without_cache_locator)

    def add_one(x):
        return x + 1

    assert _numba.compiled(nogil=True)(add_one)(1) == 2
