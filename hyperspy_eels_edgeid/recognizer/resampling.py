"""Resampling spectra onto the model grid, with a validity mask.

Any measured axis (any offset, dispersion, length; uniform or not) is
resampled onto the grid (:mod:`.grid`) together with a *validity mask*: grid
channels that the measurement does not cover are 0 in the mask, so a spectrum
of 400-700 eV says nothing about 90-400 eV.

Resampling is linear in the spectrum, so one axis shared by many spectra is
a precomputed gather (:class:`Resampler`).  Where the measured channels are
finer than the grid channel they are averaged (overlap-weighted rebinning of
the counts density); where they are coarser they are linearly interpolated.
A spectrum resampled once (a synthetic training spectrum on its own axis)
takes a compiled one-pass kernel that gives the same numbers
(:func:`resample`).

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
>>> from hyperspy_eels_edgeid.recognizer.resampling import Resampler
>>> grid = model_grid(GRID_SEGMENTS)
>>> energy = np.linspace(400.0, 700.0, 601)
>>> values, mask = Resampler(energy, grid).resample(np.ones((1, 601)))
>>> bool(mask[0, grid < 399].any()), bool(mask[0, (grid > 401) & (grid < 699)].all())
(False, True)
"""

from __future__ import annotations

import functools

import numpy as np

from .._numba import compiled

__all__ = ["grid_edges", "Resampler", "resample", "resample_batch"]


def grid_edges(centres: np.ndarray) -> np.ndarray:
    """Channel boundaries of an increasing axis (midpoints, ends extrapolated).

    Parameters
    ----------
    centres : ndarray
        Channel centres, increasing.

    Returns
    -------
    ndarray
        The C + 1 channel boundaries.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.resampling import grid_edges
    >>> grid_edges(np.array([1.0, 2.0, 4.0])).tolist()
    [0.5, 1.5, 3.0, 5.0]
    """
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = 0.5 * (c[1:] + c[:-1])
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


class Resampler:
    """Resample spectra sharing one energy axis onto the model grid.

    Parameters
    ----------
    energy : array_like, shape (C,)
        Strictly increasing energy axis (eV) of the spectra, uniform or not.
    grid : ndarray
        Target grid (a model's, see :func:`grid_from_metadata`).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
    >>> from hyperspy_eels_edgeid.recognizer.resampling import Resampler
    >>> r = Resampler(np.arange(100.0, 300.0, 0.1), model_grid(GRID_SEGMENTS))
    >>> values, mask = r.resample(np.full((2, 2000), 5.0))
    >>> values.shape == mask.shape == (2, r.grid.size)
    True
    >>> float(values[mask].min()), float(values[mask].max())
    (5.0, 5.0)
    """

    def __init__(self, energy: np.ndarray, grid: np.ndarray) -> None:
        energy = _checked_axis(energy)
        self.energy = energy
        self.grid = np.asarray(grid, dtype=float)
        import scipy.sparse

        in_edges, out_edges, use_interp = _edges_and_methods(energy, self.grid)
        rows, cols, coefficients = _resampling_operator(energy, in_edges, self.grid, out_edges, use_interp)
        shape_t = (self.grid.size, energy.size)
        self._entries = (rows, cols, coefficients)
        self._covered = _covered(energy, in_edges, self.grid, out_edges, use_interp)
        # spectra without NaN share one coverage (the operator applied to ones) and so one mask;
        # dividing by the coverage is then part of the operator (transposed, as products need it)
        coverage = np.bincount(cols, weights=coefficients, minlength=self.grid.size)
        self._full_mask = (coverage > 1.0 - 1e-6) & self._covered
        gain = np.where(self._full_mask, 1.0 / np.where(self._full_mask, coverage, 1.0), 0.0)
        self._normalised_operator_t = scipy.sparse.csr_matrix(
            ((coefficients * gain[cols]).astype(np.float32), (cols, rows)), shape=shape_t
        )

    def resample(self, spectra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Resample spectra onto the grid.

        Parameters
        ----------
        spectra : array_like, shape (..., C)
            Intensities on this resampler's axis; NaN or infinite channels
            (padding, dead channels) count as not measured.

        Returns
        -------
        values : ndarray of float32, shape (..., G)
            Mean intensity per grid channel, 0 where not measured.
        mask : ndarray of bool, shape (..., G)
            True where the grid channel is fully covered by valid channels.
        """
        x = np.asarray(spectra)
        if x.shape[-1] != self.energy.size:
            raise ValueError(f"spectra: the last axis has {x.shape[-1]} channels, the energy axis {self.energy.size}.")
        shape = x.shape[:-1] + (self.grid.size,)
        x = x.reshape(-1, self.energy.size)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        values = np.zeros((x.shape[0], self.grid.size), dtype=np.float32)
        mask = np.zeros(values.shape, dtype=bool)
        complete = np.isfinite(x).all(axis=-1)
        # rows without NaN (the usual case): one precomputed operator, one mask
        rows = np.flatnonzero(complete)
        for i in range(0, rows.size, 16):  # small blocks keep the product and its transpose in cache
            block = rows[i : i + 16]
            values[block] = (self._normalised_operator_t @ x[block].astype(np.float32).T).T
        mask[rows] = self._full_mask
        # rows with NaN/inf channels: their own coverage
        rows = np.flatnonzero(~complete)
        if rows.size:
            partial = x[rows]
            valid = np.isfinite(partial)
            coverage = self._apply(valid.astype(np.float64))
            total = self._apply(np.where(valid, partial, 0.0))
            mask[rows] = (coverage > 1.0 - 1e-6) & self._covered
            values[rows] = np.where(mask[rows], total / np.where(mask[rows], coverage, 1.0), 0.0)
        return values.reshape(shape), mask.reshape(shape)

    @functools.cached_property
    def _operator_t(self):
        """The resampling operator, (G, C) sparse (needed only for spectra with NaN)."""
        import scipy.sparse

        rows, cols, coefficients = self._entries
        return scipy.sparse.csr_matrix((coefficients, (cols, rows)), shape=(self.grid.size, self.energy.size))

    def _apply(self, x: np.ndarray) -> np.ndarray:
        """The linear resampling operator on rows of `x` (no NaN): (N, C) -> (N, G) float64."""
        return np.asarray(self._operator_t @ x.T, dtype=np.float64).T


def _checked_axis(energy: np.ndarray) -> np.ndarray:
    energy = np.asarray(energy, dtype=float).ravel()
    if energy.size < 2:
        raise ValueError("energy: the axis needs at least 2 channels.")
    if not np.all(np.isfinite(energy)):
        raise ValueError("energy: the axis contains NaN or infinite values.")
    if not np.all(np.diff(energy) > 0):
        raise ValueError("energy: the axis must be strictly increasing (eV).")
    return energy


def _edges_and_methods(energy: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Channel edges of both axes, and per grid channel whether it is interpolated (input coarser there)."""
    in_edges = grid_edges(energy)
    out_edges = grid_edges(grid)
    use_interp = np.interp(grid, energy, np.diff(in_edges)) > np.diff(out_edges)
    return in_edges, out_edges, use_interp


def _covered(energy, in_edges, grid, out_edges, use_interp) -> np.ndarray:
    """Grid channels inside the measured range (bins within it; interpolated centres within it)."""
    covered = (out_edges[:-1] >= in_edges[0]) & (out_edges[1:] <= in_edges[-1])
    covered &= (grid >= energy[0]) | ~use_interp
    covered &= (grid <= energy[-1]) | ~use_interp
    return covered


def _resample_one(energy: np.ndarray, spectrum: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One finite spectrum onto the grid, without building an operator.

    The same numbers as :class:`Resampler` (to rounding), computed in one
    compiled pass over both axes: for a spectrum resampled once (synthetic
    training spectra, each on its own axis) far cheaper than building the
    operator.
    """
    values, mask = _resample_one_kernel(energy, np.asarray(spectrum, dtype=float), grid, _grid_geometry(grid))
    return values, mask


def _grid_geometry(grid: np.ndarray) -> np.ndarray:
    """Channel edges of the grid, kept for the last grid seen (the model grid, which every caller passes)."""
    global _last_grid_edges
    cached_grid, edges = _last_grid_edges  # one read of one tuple: safe between threads
    if cached_grid is not grid:
        edges = grid_edges(grid)
        _last_grid_edges = (grid, edges)
    return edges


_last_grid_edges: tuple = (None, None)


@compiled(nogil=True)
def _resample_one_kernel(energy, spectrum, grid, out_edges):
    """The arithmetic of :func:`_resample_one`, in one pass.

    Input channel edges are the midpoints between centres, the ends
    extrapolated (:func:`grid_edges`).  A grid channel narrower than the input
    channel at its centre is linearly interpolated there (``np.interp``: ends
    held); the others get the overlap-weighted mean of the input: the
    difference of the piecewise-linear running integral at its edges, divided
    by its width.  The coverage is that of ones, and the mask requires full
    coverage inside the measured range (as :class:`Resampler`).
    """
    c = energy.size
    n_grid = grid.size
    in_edges = np.empty(c + 1)
    for i in range(1, c):
        in_edges[i] = 0.5 * (energy[i] + energy[i - 1])
    in_edges[0] = energy[0] - (in_edges[1] - energy[0])
    in_edges[c] = energy[c - 1] + (energy[c - 1] - in_edges[c - 1])
    running = np.empty(c + 1)  # integral of the spectrum up to each input edge
    running[0] = 0.0
    for i in range(c):
        running[i + 1] = running[i] + spectrum[i] * (in_edges[i + 1] - in_edges[i])
    lo_edge, hi_edge = in_edges[0], in_edges[c]
    values = np.zeros(n_grid, dtype=np.float32)
    mask = np.zeros(n_grid, dtype=np.bool_)
    j_edge = 0  # in_edges[j_edge] <= out edge < in_edges[j_edge + 1] (clamped)
    j_centre = 0  # energy[j_centre] <= grid centre < energy[j_centre + 1] (clamped)
    while j_edge < c - 1 and in_edges[j_edge + 1] <= out_edges[0]:
        j_edge += 1
    integral_lo = _interpolate(out_edges[0], in_edges, running, j_edge)
    for g in range(n_grid):
        e_lo, e_hi = out_edges[g], out_edges[g + 1]
        width = e_hi - e_lo
        while j_edge < c - 1 and in_edges[j_edge + 1] <= e_hi:
            j_edge += 1
        integral_hi = _interpolate(e_hi, in_edges, running, j_edge)
        while j_centre < c - 2 and energy[j_centre + 1] <= grid[g]:
            j_centre += 1
        x = grid[g]
        # width of the input channel at the grid centre, interpolated between channel centres
        if x <= energy[0]:
            local_width = in_edges[1] - in_edges[0]
        elif x >= energy[c - 1]:
            local_width = in_edges[c] - in_edges[c - 1]
        else:
            w0 = in_edges[j_centre + 1] - in_edges[j_centre]
            w1 = in_edges[j_centre + 2] - in_edges[j_centre + 1]
            local_width = w0 + (w1 - w0) * (x - energy[j_centre]) / (energy[j_centre + 1] - energy[j_centre])
        interpolated = local_width > width
        covered = e_lo >= lo_edge and e_hi <= hi_edge
        if interpolated:
            covered = covered and energy[0] <= x <= energy[c - 1]
            value = _interpolate(x, energy, spectrum, j_centre)
            coverage = 1.0
        else:
            value = (integral_hi - integral_lo) / width
            coverage = (min(max(e_hi, lo_edge), hi_edge) - min(max(e_lo, lo_edge), hi_edge)) / width
        if covered and coverage > 1.0 - 1e-6:
            values[g] = value / coverage
            mask[g] = True
        integral_lo = integral_hi
    return values, mask


@compiled(nogil=True, inline="always")
def _interpolate(x, xp, fp, j):
    """``np.interp(x, xp, fp)`` given ``j`` with ``xp[j] <= x < xp[j + 1]`` inside the range (ends held)."""
    if x <= xp[0]:
        return fp[0]
    if x >= xp[xp.size - 1]:
        return fp[xp.size - 1]
    return fp[j] + (fp[j + 1] - fp[j]) * (x - xp[j]) / (xp[j + 1] - xp[j])


def _resampling_operator(
    energy: np.ndarray, in_edges: np.ndarray, grid: np.ndarray, out_edges: np.ndarray, use_interp: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Entries (input channel, grid channel, coefficient) of the resampling operator.

    ``values[g] = sum(coefficient * spectrum[channel])`` over the entries of grid channel g (repeated
    pairs add up).

    Grid channels where `use_interp` (narrower than the local input channel)
    are linearly interpolated at their centre; the others get the overlap-weighted mean
    of the input channels they cover (the integral of the piecewise-constant
    density between their edges, divided by their width).
    """
    c = energy.size
    in_width = np.diff(in_edges)
    out_width = np.diff(out_edges)
    # rebinning: integral up to each output edge = cumsum of x*w up to input bin k, plus the fraction f of bin k
    k = np.clip(np.searchsorted(in_edges, out_edges, side="right") - 1, 0, c - 1)
    f = np.clip((out_edges - in_edges[k]) / in_width[k], 0.0, 1.0)
    # output g = (I(edge g+1) - I(edge g)) / width g with I(edge) = sum_{i<k} x_i w_i + f x_k w_k
    lo, hi = k[:-1], k[1:]
    n_full = hi - lo
    g_full = np.repeat(np.arange(grid.size), n_full)
    i_full = np.repeat(lo - np.cumsum(np.r_[0, n_full[:-1]]), n_full) + np.arange(n_full.sum())
    rows_b = np.concatenate([i_full, hi, lo])
    cols_b = np.concatenate([g_full, np.arange(grid.size), np.arange(grid.size)])
    vals_b = np.concatenate([np.ones(i_full.size), f[1:], -f[:-1]]) * in_width[rows_b] / out_width[cols_b]
    # interpolation at the output centres
    j = np.clip(np.searchsorted(energy, grid, side="right") - 1, 0, c - 2)
    t = np.clip((grid - energy[j]) / (energy[j + 1] - energy[j]), 0.0, 1.0)
    keep_b = ~use_interp[cols_b]
    g_i = np.flatnonzero(use_interp)
    rows = np.concatenate([rows_b[keep_b], j[g_i], j[g_i] + 1])
    cols = np.concatenate([cols_b[keep_b], g_i, g_i])
    vals = np.concatenate([vals_b[keep_b], 1.0 - t[g_i], t[g_i]])
    return rows, cols, vals


def resample(energy: np.ndarray, spectra: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Resample `spectra` (..., C) on axis `energy` (C,) onto the grid.

    A shortcut for ``Resampler(energy, grid).resample(spectra)``; a single
    spectrum without NaN is resampled directly, without building the
    resampling operator (the same result, much cheaper when the axis is used
    once).

    Parameters
    ----------
    energy : array_like, shape (C,)
        Strictly increasing energy axis (eV).
    spectra : array_like, shape (..., C)
        Intensities on that axis.
    grid : ndarray
        Target grid.

    Returns
    -------
    values, mask : ndarray, shape (..., G)
        As :meth:`Resampler.resample`.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
    >>> from hyperspy_eels_edgeid.recognizer.resampling import resample
    >>> values, mask = resample(np.linspace(50, 4000, 1000), np.ones(1000), model_grid(GRID_SEGMENTS))
    >>> values.shape, bool(mask.all())
    ((7801,), True)
    """
    x = np.asarray(spectra)
    if x.ndim == 1 and np.issubdtype(x.dtype, np.floating) and np.isfinite(x).all():
        energy = _checked_axis(energy)
        if x.size != energy.size:
            raise ValueError(f"spectra: the last axis has {x.size} channels, the energy axis {energy.size}.")
        return _resample_one(energy, x, np.asarray(grid, dtype=float))
    return Resampler(energy, grid).resample(spectra)


def resample_batch(batch, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every spectrum of a synthetic batch resampled from its own axis onto `grid` (see :func:`resample`).

    Parameters
    ----------
    batch : hyperspy_eels_edgeid.synthesis.SpectrumBatch
        Spectra, each on its own recorded axis (``batch.energy_axis(i)``).
    grid : ndarray
        The model grid.

    Returns
    -------
    values : ndarray of float32, shape (n, grid.size)
    mask : ndarray of bool, shape (n, grid.size)
    """
    values = np.zeros((len(batch), grid.size), dtype=np.float32)
    mask = np.zeros((len(batch), grid.size), dtype=bool)
    for i in range(len(batch)):
        energy = batch.energy_axis(i)
        values[i], mask[i] = resample(energy, batch.spectra[i, : energy.size], grid)
    return values, mask
