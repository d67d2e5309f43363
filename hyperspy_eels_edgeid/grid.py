"""The recognizer's fixed energy grid, resampling onto it, and normalisation.

The network sees every spectrum on one grid: 50-1000 eV at 0.25 eV per
channel (the paper's 90-1000 eV at a finer step than its 0.2 eV would cost,
extended down to Li K and Mg/Al L2,3, see ``docs/recognizer.md``), continued
to 4000 eV at 1.5 eV per channel, where edges are broad (Na-Si K, Zn-Se L,
lanthanide M4,5, Sr-Tc L2,3, Au-U M4,5; the windows of real spectra reach
about 4000 eV).  Any
measured axis (any offset, dispersion, length; uniform or not) is resampled
onto it together with a *validity mask*: grid channels that the measurement
does not cover are 0 in the mask, so a spectrum of 400-700 eV says nothing
about 90-400 eV.

Resampling is linear in the spectrum, so one axis shared by many spectra is
a precomputed gather (:class:`Resampler`).  Where the measured channels are
finer than the grid channel they are averaged (overlap-weighted rebinning of
the counts density); where they are coarser they are linearly interpolated.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.grid import model_grid, Resampler
>>> grid = model_grid()
>>> float(grid[0]), float(grid[-1]), grid.size
(50.0, 4000.0, 5801)
>>> energy = np.linspace(400.0, 700.0, 601)
>>> values, mask = Resampler(energy).resample(np.ones((1, 601)))
>>> bool(mask[0, grid < 399].any()), bool(mask[0, (grid > 401) & (grid < 699)].all())
(False, True)
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = [
    "GRID_SEGMENTS",
    "model_grid",
    "grid_edges",
    "Resampler",
    "resample",
    "normalise",
    "network_input",
    "N_INPUT_CHANNELS",
]

#: (start eV, stop eV, step eV) of the grid's uniform segments, contiguous.
GRID_SEGMENTS: tuple[tuple[float, float, float], ...] = ((50.0, 1000.0, 0.25), (1000.0, 4000.0, 1.5))

#: Channels of the network input: normalised log-intensity, its residual from
#: a power law, validity mask, position on the grid.
N_INPUT_CHANNELS = 4


def model_grid(segments: tuple[tuple[float, float, float], ...] = GRID_SEGMENTS) -> np.ndarray:
    """Channel centres (eV) of the model grid.

    Parameters
    ----------
    segments : tuple of (start, stop, step)
        Contiguous uniform segments; the last one includes its stop.

    Returns
    -------
    ndarray of float64
        Strictly increasing energies.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.grid import model_grid
    >>> g = model_grid(((90.0, 100.0, 0.5), (100.0, 110.0, 1.0)))
    >>> g[:3].tolist(), g[-1].item(), g.size
    ([90.0, 90.5, 91.0], 110.0, 31)
    """
    parts = []
    for i, (start, stop, step) in enumerate(segments):
        n = int(round((stop - start) / step))
        if i == len(segments) - 1:
            n += 1
        parts.append(start + step * np.arange(n))
    grid = np.concatenate(parts)
    if not np.all(np.diff(grid) > 0):
        raise ValueError("segments: the grid segments must be contiguous and increasing.")
    return grid


def grid_edges(centres: np.ndarray) -> np.ndarray:
    """Channel boundaries of an increasing axis (midpoints, ends extrapolated).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.grid import grid_edges
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
    grid : ndarray, optional
        Target grid (default :func:`model_grid`).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.grid import Resampler
    >>> r = Resampler(np.arange(100.0, 300.0, 0.1))
    >>> values, mask = r.resample(np.full((2, 2000), 5.0))
    >>> values.shape == mask.shape == (2, r.grid.size)
    True
    >>> float(values[mask].min()), float(values[mask].max())
    (5.0, 5.0)
    """

    def __init__(self, energy: np.ndarray, grid: np.ndarray | None = None) -> None:
        energy = np.asarray(energy, dtype=float).ravel()
        if energy.size < 2:
            raise ValueError("energy: the axis needs at least 2 channels.")
        if not np.all(np.isfinite(energy)):
            raise ValueError("energy: the axis contains NaN or infinite values.")
        if not np.all(np.diff(energy) > 0):
            raise ValueError("energy: the axis must be strictly increasing (eV).")
        self.energy = energy
        self.grid = model_grid() if grid is None else np.asarray(grid, dtype=float)
        in_edges = grid_edges(energy)
        out_edges = grid_edges(self.grid)
        in_width = np.diff(in_edges)
        out_width = np.diff(out_edges)
        # rebinning: cumulative integral of the density at the output edges
        k = np.clip(np.searchsorted(in_edges, out_edges, side="right") - 1, 0, energy.size - 1)
        frac = np.clip((out_edges - in_edges[k]) / in_width[k], 0.0, 1.0)
        self._bin_index = k
        self._bin_frac = frac
        self._out_width = out_width
        self._in_width = in_width
        # interpolation at the output centres
        j = np.clip(np.searchsorted(energy, self.grid, side="right") - 1, 0, energy.size - 2)
        t = np.clip((self.grid - energy[j]) / (energy[j + 1] - energy[j]), 0.0, 1.0)
        self._interp_index = j
        self._interp_frac = t
        # per output channel: interpolate where the input is coarser than the output
        local_in = np.interp(self.grid, energy, np.diff(in_edges))
        self._use_interp = local_in > out_width
        self._covered = (out_edges[:-1] >= in_edges[0]) & (out_edges[1:] <= in_edges[-1])
        self._covered &= (self.grid >= energy[0]) | ~self._use_interp
        self._covered &= (self.grid <= energy[-1]) | ~self._use_interp

    def _apply(self, x: np.ndarray) -> np.ndarray:
        """The linear resampling operator on rows of `x` (no NaN)."""
        cum = np.zeros(x.shape[:-1] + (x.shape[-1] + 1,), dtype=np.float64)
        np.cumsum(x * self._in_width, axis=-1, out=cum[..., 1:])
        k, f = self._bin_index, self._bin_frac
        at_edges = cum[..., k] + f * (cum[..., k + 1] - cum[..., k])
        binned = np.diff(at_edges, axis=-1) / self._out_width
        j, t = self._interp_index, self._interp_frac
        interp = x[..., j] * (1.0 - t) + x[..., j + 1] * t
        return np.where(self._use_interp, interp, binned)

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
        x = np.asarray(spectra, dtype=np.float64)
        if x.shape[-1] != self.energy.size:
            raise ValueError(f"spectra: the last axis has {x.shape[-1]} channels, the energy axis {self.energy.size}.")
        valid = np.isfinite(x)
        x = np.where(valid, x, 0.0)
        coverage = self._apply(valid.astype(np.float64))
        total = self._apply(x)
        mask = (coverage > 1.0 - 1e-6) & self._covered
        values = np.where(mask, total / np.where(mask, coverage, 1.0), 0.0)
        return values.astype(np.float32), mask


def resample(energy: np.ndarray, spectra: np.ndarray, grid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Resample `spectra` (..., C) on axis `energy` (C,) onto the grid.

    A shortcut for ``Resampler(energy, grid).resample(spectra)``.

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.grid import resample
    >>> values, mask = resample(np.linspace(50, 4000, 1000), np.ones(1000))
    >>> values.shape, bool(mask.all())
    ((5801,), True)
    """
    return Resampler(energy, grid).resample(spectra)


@functools.lru_cache(maxsize=4)
def _position_channel(n: int) -> np.ndarray:
    return np.linspace(-1.0, 1.0, n, dtype=np.float32)


def normalise(values: np.ndarray, mask: np.ndarray, grid: np.ndarray | None = None) -> np.ndarray:
    """Turn resampled intensities into the network's input channels.

    Channel 0 is the log-intensity minus its mean over the valid channels;
    channel 1 is its residual from a straight line in log-log (the power-law
    background), times 4; channel 2 is the mask; channel 3 the position on
    the grid (-1 to 1).  Invalid channels are 0 in channels 0-1.  The result
    does not depend on the intensity scale (counts or counts x gain).

    Parameters
    ----------
    values, mask : ndarray, shape (N, G)
        Output of :meth:`Resampler.resample`.
    grid : ndarray, optional
        The grid (default :func:`model_grid`).

    Returns
    -------
    ndarray of float32, shape (N, N_INPUT_CHANNELS, G)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.grid import model_grid, normalise
    >>> g = model_grid()
    >>> x = normalise(1e4 * (g / 90.0) ** -3.0 * np.ones((1, 1)), np.ones((1, g.size), bool))
    >>> x.shape, float(np.abs(x[0, 1]).max()) < 1e-3
    ((1, 4, 5801), True)
    """
    grid = model_grid() if grid is None else grid
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    mask = np.atleast_2d(mask).astype(bool)
    n, g = values.shape
    out = np.zeros((n, N_INPUT_CHANNELS, g), dtype=np.float32)
    weight = mask.astype(np.float64)
    count = weight.sum(axis=1)
    has = count >= 2
    # positive floor: noise can push low-count channels to or below zero
    scale = np.array(
        [np.median(values[i, mask[i]]) if has[i] else 1.0 for i in range(n)], dtype=np.float64
    )
    scale = np.where(np.abs(scale) > 0, np.abs(scale), 1.0)
    floor = 1e-3 * scale[:, None]
    log_i = np.log(np.maximum(values, floor) / scale[:, None]) * weight
    mean = log_i.sum(axis=1) / np.maximum(count, 1)
    centred = (log_i - mean[:, None]) * weight
    # straight line in log E through the valid channels (weighted least squares)
    le = np.log(grid)[None, :]
    le_mean = (le * weight).sum(axis=1) / np.maximum(count, 1)
    dle = (le - le_mean[:, None]) * weight
    slope = (dle * centred).sum(axis=1) / np.maximum((dle * dle).sum(axis=1), 1e-12)
    residual = (centred - slope[:, None] * dle) * weight
    out[:, 0] = centred * 0.5
    out[:, 1] = residual * 4.0
    out[:, 2] = weight
    out[:, 3] = _position_channel(g)[None, :]
    return out


def network_input(energy: np.ndarray, spectra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Resample and normalise spectra sharing one axis: (N, C) -> (N, 4, G), mask (N, G).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.grid import network_input
    >>> x, mask = network_input(np.linspace(300, 900, 1200), np.ones((3, 1200)))
    >>> x.shape, mask.shape
    ((3, 4, 5801), (3, 5801))
    """
    values, mask = Resampler(energy).resample(np.atleast_2d(spectra))
    return normalise(values, mask), mask
