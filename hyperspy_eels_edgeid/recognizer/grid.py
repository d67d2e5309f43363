"""The recognizer's energy grid and the network's input channels.

The network sees every spectrum on one grid: 50-1000 eV at 0.25 eV per
channel (the paper's 90-1000 eV at a finer step than its 0.2 eV would cost,
extended down to Li K and Mg/Al L2,3, see ``docs/recognizer.md``), continued
to 2000 eV at 0.5 eV and to 4000 eV at 1.0 eV per channel, where edges are
broader (Na-Si K, Zn-Se L, lanthanide M4,5, Sr-Tc L2,3, Au-U M4,5; the
windows of real spectra reach about 4000 eV) but neighbours Z and Z+1 still
lie tens of eV apart.  A model carries its grid in its JSON (``grid_segments``):
:func:`grid_from_metadata` builds it, and everything that works on a model's
grid is given that grid explicitly; :data:`GRID_SEGMENTS` is the grid of a new
model.  Spectra are resampled onto it by :mod:`.resampling` and turned into
the network's input channels by :func:`normalise`.

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
>>> grid = model_grid(GRID_SEGMENTS)
>>> float(grid[0]), float(grid[-1]), grid.size
(50.0, 4000.0, 7801)
"""

from __future__ import annotations

import functools

import numpy as np

from .._numba import compiled
from .resampling import Resampler

__all__ = [
    "GRID_SEGMENTS",
    "parse_grid_segments",
    "model_grid",
    "grid_from_metadata",
    "normalise",
    "network_input",
    "window_order",
    "N_INPUT_CHANNELS",
    "MASK_CHANNEL",
]

#: (start eV, stop eV, step eV) of the grid's uniform segments, contiguous: the grid of a new
#: model (a trained model carries its own in its JSON, read by :func:`grid_from_metadata`).
GRID_SEGMENTS: tuple[tuple[float, float, float], ...] = (
    (50.0, 1000.0, 0.25),
    (1000.0, 2000.0, 0.5),
    (2000.0, 4000.0, 1.0),
)

#: Channels of the network input: normalised log-intensity, its residual from
#: a power law, validity mask, position on the grid.
N_INPUT_CHANNELS = 4
#: The input channel that holds the validity mask (1 measured, 0 not).
MASK_CHANNEL = 2


def parse_grid_segments(text: str) -> tuple[tuple[float, float, float], ...]:
    """Grid segments from their text form (``eels-edgeid train --grid-segments``).

    Parameters
    ----------
    text : str
        ``start:stop:step`` segments in eV, comma-separated.

    Returns
    -------
    tuple of (start, stop, step)

    Raises
    ------
    ValueError
        When a segment is not three numbers or its step is not positive.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.grid import parse_grid_segments
    >>> parse_grid_segments("50:1000:0.25,1000:4000:1")
    ((50.0, 1000.0, 0.25), (1000.0, 4000.0, 1.0))
    """
    try:
        segments = tuple(tuple(float(v) for v in part.split(":")) for part in text.split(","))
    except ValueError:
        segments = ()
    if not segments or any(len(s) != 3 or s[2] <= 0 for s in segments):
        raise ValueError(f"{text!r}: give start:stop:step segments in eV, comma-separated")
    return segments


def model_grid(segments: tuple[tuple[float, float, float], ...]) -> np.ndarray:
    """Channel centres (eV) of the model grid.

    Parameters
    ----------
    segments : tuple of (start, stop, step)
        Contiguous uniform segments; the last one includes its stop
        (:data:`GRID_SEGMENTS` for a new model; a model's own from
        :func:`grid_from_metadata`).

    Returns
    -------
    ndarray of float64
        Strictly increasing energies.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.grid import model_grid
    >>> g = model_grid(((90.0, 100.0, 0.5), (100.0, 110.0, 1.0)))
    >>> g[:3].tolist(), g[-1].item(), g.size
    ([90.0, 90.5, 91.0], 110.0, 31)
    """
    bad = [s for s in segments if not (len(s) == 3 and s[2] > 0 and s[1] - s[0] >= s[2])]
    gaps = [(a[1], b[0]) for a, b in zip(segments, segments[1:]) if not bad and abs(a[1] - b[0]) > 1e-9]
    if not segments or bad or gaps:
        raise ValueError(
            f"segments: the grid segments must be contiguous and increasing, each (start, stop, step) with step > 0 "
            f"and at least one step from start to stop; got {tuple(segments)!r}."
        )
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


@functools.lru_cache(maxsize=4)
def _position_channel(n: int) -> np.ndarray:
    return np.linspace(-1.0, 1.0, n, dtype=np.float32)


def normalise(values: np.ndarray, mask: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Turn resampled intensities into the network's input channels.

    Channel 0 is the log-intensity minus its mean over the valid channels, times 0.5;
    channel 1 is its residual from a straight line in log-log (the power-law
    background), times 4; channel 2 is the mask; channel 3 the position on
    the grid (-1 to 1).  Invalid channels are 0 in channels 0-1.  The result
    does not depend on the intensity scale (counts or counts x gain).

    Parameters
    ----------
    values, mask : ndarray, shape (N, G)
        Output of :meth:`~.resampling.Resampler.resample`.
    grid : ndarray
        The grid the values are on.

    Returns
    -------
    ndarray of float32, shape (N, N_INPUT_CHANNELS, G)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid, normalise
    >>> g = model_grid(GRID_SEGMENTS)
    >>> x = normalise(1e4 * (g / 90.0) ** -3.0 * np.ones((1, 1)), np.ones((1, g.size), bool), g)
    >>> x.shape, float(np.abs(x[0, 1]).max()) < 1e-3
    ((1, 4, 7801), True)
    """
    values = np.atleast_2d(np.asarray(values, dtype=np.float32))
    mask = np.atleast_2d(mask).astype(bool)
    n, g = values.shape
    out = np.empty((n, N_INPUT_CHANNELS, g), dtype=np.float32)
    weight = out[:, MASK_CHANNEL]
    weight[...] = mask
    count = mask.sum(axis=1).astype(np.float64)
    safe_count = np.maximum(count, 1.0)
    # a floor 1000 times below the typical intensity (noise can push low-count channels to or below
    # zero); the typical intensity is the median of every 8th valid channel (the full median costs
    # more than the rest of this function and only moves the floor by a few per cent)
    scale = np.ones(n, dtype=np.float64)
    if n and (mask == mask[0]).all():  # one axis for all rows (the usual case): one vectorised median
        if count[0] >= 2:
            scale[:] = np.median(values[:, np.flatnonzero(mask[0])[::8]], axis=1)
    else:
        scale[:] = _row_medians(values, mask, 8)
    scale = np.where(np.abs(scale) > 0, np.abs(scale), 1.0)
    centred = out[:, 0]
    np.maximum(values, (1e-3 * scale[:, None]).astype(np.float32), out=centred)
    np.log(centred, out=centred)
    centred *= weight
    mean = centred.sum(axis=1, dtype=np.float64) / safe_count
    centred -= mean[:, None].astype(np.float32)
    centred *= weight
    # straight line in log E through the valid channels (least squares); sum(centred) is 0
    le = np.log(grid).astype(np.float32)
    # einsum, not `@`: a BLAS product would wake OpenBLAS's threads, which then spin beside torch's
    # and slow the network that runs next by a third on two cores (experiments/openblas_threads/)
    le_mean = np.einsum("ij,j->i", weight, le) / safe_count
    residual = out[:, 1]  # first the centred log-energy of the valid channels
    np.subtract(le[None, :], le_mean[:, None].astype(np.float32), out=residual)
    residual *= weight
    slope = np.einsum("ij,ij->i", residual, centred) / np.maximum(np.einsum("ij,ij->i", residual, residual), 1e-12)
    residual *= (-slope)[:, None].astype(np.float32)
    residual += centred
    residual *= weight
    residual *= 4.0
    centred *= 0.5
    out[:, 3] = _position_channel(g)[None, :]
    return out


@compiled(nogil=True)
def _row_medians(values, mask, every):
    """Per row, the median of every `every`-th valid value (1 where fewer than 2 are valid)."""
    n, g = values.shape
    out = np.ones(n)
    chosen = np.empty(g)
    for i in range(n):
        m, seen = 0, 0
        for j in range(g):
            if mask[i, j]:
                if seen % every == 0:
                    chosen[m] = values[i, j]
                    m += 1
                seen += 1
        if seen >= 2:
            out[i] = np.median(chosen[:m])
    return out


def network_input(energy: np.ndarray, spectra: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Resample and normalise spectra sharing one axis: (N, C) -> (N, 4, G), mask (N, G).

    Parameters
    ----------
    energy : array_like, shape (C,)
        Strictly increasing energy axis (eV).
    spectra : array_like, shape (N, C)
        Intensities on that axis.
    grid : ndarray
        The model grid.

    Returns
    -------
    x : ndarray of float32, shape (N, 4, G)
    mask : ndarray of bool, shape (N, G)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid, network_input
    >>> x, mask = network_input(np.linspace(300, 900, 1200), np.ones((3, 1200)), model_grid(GRID_SEGMENTS))
    >>> x.shape, mask.shape
    ((3, 4, 7801), (3, 7801))
    """
    values, mask = Resampler(energy, grid).resample(np.atleast_2d(spectra))
    return normalise(values, mask, grid), mask


def grid_from_metadata(meta: dict) -> np.ndarray:
    """The model grid of a model, from its JSON description (``grid_segments``).

    Parameters
    ----------
    meta : dict
        A model's JSON (see :mod:`hyperspy_eels_edgeid.recognizer.model_files`).

    Returns
    -------
    ndarray of float64
        The grid's channel centres (eV).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.grid import grid_from_metadata
    >>> grid_from_metadata({"grid_segments": [[90.0, 100.0, 0.5], [100.0, 110.0, 1.0]]}).size
    31
    """
    return model_grid(tuple(tuple(float(v) for v in s) for s in meta["grid_segments"]))


def window_order(mask: np.ndarray) -> np.ndarray:
    """Spectra ordered by the width (in half-octave classes) and then the start of their measured windows.

    Consecutive spectra of this order measure similar parts of the grid, so a
    network call over a run of them runs few steps.

    Parameters
    ----------
    mask : ndarray of bool, shape (N, G)
        Which grid channels each spectrum measured.

    Returns
    -------
    ndarray of int, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.recognizer.grid import window_order
    >>> mask = np.zeros((3, 100), bool)
    >>> mask[0, 50:60] = mask[1, 0:80] = mask[2, 10:20] = True
    >>> window_order(mask).tolist()   # the two 10-channel windows first, by start
    [2, 0, 1]
    """
    mask = np.asarray(mask, dtype=bool)
    first = mask.argmax(axis=1)
    width = np.where(mask.any(axis=1), mask.shape[1] - mask[:, ::-1].argmax(axis=1) - first, 0)
    width_class = np.floor(2.0 * np.log2(np.maximum(width, 1))).astype(np.intp)
    return np.lexsort((first, width_class))
