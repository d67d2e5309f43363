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


def _packed_rows(rng, n_rows, n_fine, n_coarse):
    """Random packed continuum rows: fine part, coarse part, exponent."""
    table = rng.random((n_rows, n_fine + n_coarse + 1)).astype(np.float32) + np.float32(0.1)
    table[:, -1] = rng.uniform(2.0, 5.0, n_rows)
    return table


def _expected_continuum(row, d, onset, n_fine, fine_per_ev, coarse_per_ev):
    """The packed row's value d eV above the onset, in numpy (float64)."""
    n_coarse = row.size - 1 - n_fine
    fine, coarse, r = row[:n_fine].astype(float), row[n_fine:-1].astype(float), float(row[-1])
    d = np.asarray(d, dtype=float)
    e_end = onset + (n_coarse - 1) / coarse_per_ev
    with np.errstate(invalid="ignore", divide="ignore"):  # every branch is evaluated everywhere
        power_law = coarse[-1] * ((onset + d) / e_end) ** -r
    out = np.where(
        d * fine_per_ev < n_fine - 1,
        np.interp(d * fine_per_ev, np.arange(n_fine), fine),
        np.where(
            d * coarse_per_ev < n_coarse - 1,
            np.interp(d * coarse_per_ev, np.arange(n_coarse), coarse),
            power_law,
        ),
    )
    return np.where(d < 0, 0.0, out)


def test_edge_tails_follow_their_packed_continua_from_the_anchor_value():
    rng = np.random.default_rng(1)
    n_fine, n_coarse, fine_per_ev, coarse_per_ev = 40, 30, 4.0, 0.5  # fine to 9.75 eV, coarse to 58 eV
    table = _packed_rows(rng, 3, n_fine, n_coarse)
    energy = (100.0 + np.arange(120)[None, :] * np.array([0.6, 0.25, 1.0])[:, None]).astype(np.float32)
    spectrum = np.array([0, 0, 2, 1])
    anchor, stop = np.array([5, 12, 30, 119]), np.array([120, 100, 120, 119])  # row 3 covers nothing
    onset = np.array([101.0, 99.0, 110.0, 100.0])
    anchor_delta = energy[spectrum, anchor] - onset
    anchor_value = rng.uniform(0.5, 2.0, 4)
    table_rows = np.array([2, 0, 1, 1])
    out = np.ones((3, 120), dtype=np.float32)
    add_edge_tails(out, spectrum, anchor, stop, anchor_delta, anchor_value, onset, energy, np.log(energy), table,
                   table_rows, n_fine, np.float32(fine_per_ev), np.float32(coarse_per_ev))  # fmt: skip
    expected = np.ones((3, 120))
    for k in range(4):
        c = np.arange(anchor[k], stop[k])
        row = table[table_rows[k]]
        d = energy[spectrum[k], c] - onset[k]
        shape = _expected_continuum(row, d, onset[k], n_fine, fine_per_ev, coarse_per_ev)
        at_anchor = _expected_continuum(row, anchor_delta[k], onset[k], n_fine, fine_per_ev, coarse_per_ev)
        expected[spectrum[k], c] += anchor_value[k] * shape / at_anchor
    assert (energy[0, 119] - onset[0]) * coarse_per_ev > n_coarse  # the power-law branch is reached
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=1e-6)


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


def test_sample_continua_reads_fine_then_coarse_part_and_is_zero_below_the_onset():
    rng = np.random.default_rng(4)
    n_fine, n_coarse, fine_per_ev, coarse_per_ev = 40, 30, 4.0, 0.5  # fine to 9.75 eV, coarse to 58 eV
    table = _packed_rows(rng, 3, n_fine, n_coarse)
    delta = ((np.arange(64)[None, :] - 8) * np.array([0.1, 0.3, 0.17, 0.9])[:, None]).astype(np.float32)
    out = np.full((4, 64), -7.0, dtype=np.float32)
    table_rows = np.array([2, 0, 2, 1])
    sample_continua(out, table, table_rows, delta, n_fine, np.float32(fine_per_ev), np.float32(coarse_per_ev))
    for k in range(4):
        expected = _expected_continuum(table[table_rows[k]], delta[k], 0.0, n_fine, fine_per_ev, coarse_per_ev)
        np.testing.assert_allclose(out[k], expected, rtol=1e-5, atol=1e-6)
    assert delta[3].max() * fine_per_ev > n_fine  # the coarse part is read


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
    reference was regenerated twice since, when the edge continua moved to the
    bundled DFT table and when the edge tails did.  This checks how the kernels are called (template
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
