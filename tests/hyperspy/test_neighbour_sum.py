"""Maps read with each pixel's neighbours summed (hyperspy/neighbour_sum.py, identify_edges(sum_neighbours=True))."""

import dask.array as da
import numpy as np
import pytest

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.hyperspy.neighbour_sum import neighbour_summed_signal, summed_neighbours


def _brute_force(x, n_nav, nonfinite="mask"):
    """The same sum, pixel by pixel: pixels refused alone are read as they are and enter no sum."""
    nav = x.shape[:n_nav]
    finite = np.isfinite(x)
    constant = np.where(finite, x, -np.inf).max(axis=-1) <= np.where(finite, x, np.inf).min(axis=-1)
    negative = 2 * (np.where(finite, x, 0) < 0).sum(axis=-1) >= np.maximum(finite.sum(axis=-1), 1)
    refused_nonfinite = (~finite).any(axis=-1) if nonfinite == "raise" else False
    alone = (finite.sum(axis=-1) < 16) | constant | negative | refused_nonfinite
    out = np.zeros(x.shape, np.float32)
    for index in np.ndindex(*nav):
        if alone[index]:
            out[index] = x[index]
            continue
        for offset in np.ndindex(*(3,) * n_nav):
            other = tuple(i + o - 1 for i, o in zip(index, offset))
            if all(0 <= j < n for j, n in zip(other, nav)) and not alone[other]:
                out[index] += x[other]
    return out


@pytest.mark.parametrize("nonfinite", ["mask", "raise"])
@pytest.mark.parametrize("shape", [(7, 9, 20), (11, 20)])
def test_each_pixel_is_summed_with_its_neighbours_eagerly_and_block_by_block(shape, nonfinite):
    rng = np.random.default_rng(1)
    x = rng.poisson(5.0, size=shape).astype(np.float32)
    n_nav = len(shape) - 1
    x[(2,) * n_nav] = np.nan  # a pixel not measured: left out of its neighbours' sums, stays NaN
    x[(4,) * n_nav + (1,)] = np.nan  # one channel not measured: reaches the sums it enters ("mask")
    x[(6,) * n_nav] = 0.0  # a dead pixel: read as it is, left out of the sums
    x[(5,) * n_nav] *= -100.0  # a mostly negative one too
    expected = _brute_force(x, n_nav, nonfinite)
    eager = summed_neighbours(x, n_nav, nonfinite)
    np.testing.assert_allclose(eager, expected, rtol=1e-6, equal_nan=True)
    chunks = (3,) * n_nav + (-1,)
    lazy = summed_neighbours(da.from_array(x, chunks=chunks), n_nav, nonfinite)
    assert isinstance(lazy, da.Array)
    np.testing.assert_allclose(lazy.compute(), expected, rtol=1e-6, equal_nan=True)
    assert np.isnan(eager[(2,) * n_nav]).all() and (eager[(6,) * n_nav] == 0).all()
    np.testing.assert_array_equal(eager[(5,) * n_nav], x[(5,) * n_nav])
    # the not-measured channel reaches its neighbour's sum only where NaN channels are masked, not refused
    assert np.isnan(eager[(3,) * n_nav + (1,)]) == (nonfinite == "mask")


def test_the_summed_signal_is_a_copy_with_the_same_axes():
    s = synthetic_eels(["Fe", "O"], navigation_shape=(4, 3), random_state=0)
    before = s.data.copy()
    summed = neighbour_summed_signal(s)
    np.testing.assert_array_equal(s.data, before)  # the signal is not modified
    assert summed.data.shape == s.data.shape and summed.axes_manager.navigation_shape == (4, 3)
    np.testing.assert_allclose(summed.data[0, 0], s.data[:2, :2].sum(axis=(0, 1)), rtol=1e-5)
    assert neighbour_summed_signal(s.as_lazy())._lazy


@pytest.fixture(scope="module")
def noisy_map():
    from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig

    config = SynthesisConfig.realistic().replace(candidate_elements=PRIOR_TIERS["common"])
    return synthetic_eels(navigation_shape=(8, 8), random_state=36000, config=config)  # Sr and Zn


def test_identify_edges_reads_summed_neighbourhoods_eagerly_and_lazily(noisy_map):
    plain = noisy_map.deepcopy()
    unsummed = plain.identify_edges(show_progressbar=False, sum_neighbours=False)
    s = noisy_map.deepcopy()
    data = s.data.copy()
    p = s.identify_edges(show_progressbar=False)  # the default sums the neighbours
    np.testing.assert_array_equal(s.data, data)  # read summed, not modified
    assert p.metadata.EdgeID.sum_neighbours and not unsummed.metadata.EdgeID.sum_neighbours
    assert plain.metadata.Sample.elements == ["Sr"]  # each pixel alone: Zn too weak
    assert s.metadata.Sample.elements == ["Sr", "Zn"] == sorted(s.metadata.Truth.elements)  # summed: Zn found
    lazy = noisy_map.deepcopy().as_lazy()
    lazy.data = lazy.data.rechunk((3, 3, -1))
    q = lazy.identify_edges(show_progressbar=False, sum_neighbours=True)
    assert lazy.metadata.Sample.elements == s.metadata.Sample.elements
    np.testing.assert_allclose(np.asarray(q.data), np.asarray(p.data), atol=1e-5)


def test_sum_neighbours_must_be_a_flag(noisy_map):
    with pytest.raises(ValueError, match="sum_neighbours"):
        noisy_map.deepcopy().identify_edges(show_progressbar=False, sum_neighbours="yes")


def test_a_dead_pixel_is_refused_as_without_the_sums(noisy_map):
    s = noisy_map.deepcopy()
    s.data[0, 0] = 0.0  # a dead (all-zero) pixel
    with pytest.warns(Warning, match="1 of 64 spectra could not be analysed"):
        p = s.identify_edges(show_progressbar=False)
    assert np.isnan(p.data[0, 0]).all() and np.isfinite(p.data[0, 1]).all()
    assert p.metadata.EdgeID.n_invalid == 1


def test_a_mostly_negative_pixel_is_refused_alone_and_spoils_no_neighbour(noisy_map):
    s = noisy_map.deepcopy()
    s.data[2, 3] *= -100.0  # every channel negative, and large: summed in, it would turn its neighbours negative
    with pytest.warns(Warning, match="1 of 64 spectra could not be analysed"):
        p = s.identify_edges(show_progressbar=False)
    assert np.isnan(p.data[2, 3]).all() and np.isfinite(p.data[1:4, 2:5].reshape(9, -1)).sum() == 8 * p.data.shape[-1]
    assert p.metadata.EdgeID.n_invalid == 1


def test_non_finite_pixels_are_counted_before_the_sums(noisy_map):
    from hyperspy_eels_edgeid.hyperspy._validation import NonFiniteDataError

    s = noisy_map.deepcopy()
    s.data[0, 0] = np.nan
    s.data[2, 3, 100:105] = np.nan
    with pytest.raises(NonFiniteDataError, match="2 of 64 spectra"):
        s.identify_edges(show_progressbar=False)
