"""Each pixel of a map read with its neighbours summed (``identify_edges(sum_neighbours=True)``, the default).

Binning a noisy spectrum image (``s.rebin``) adds counts but coarsens the
grid.  Summing each pixel's spectrum with those of its neighbours within one
step along every navigation axis (a 3 x 3 box in a spectrum image, three
pixels along a line scan, clipped at the border) gives every pixel up to nine
times the counts and keeps the grid; the element maps are then about three
pixels sharp.  A pixel that could not be read alone (too few finite channels, a
constant intensity such as a dead all-zero pixel, half or more of its channels
negative, or, where non-finite values are refused, any NaN or infinite channel) is left out of its
neighbours' sums and read as it is, so that it is refused and counted as
it would be without the sums.  The map is summed block by block
whenever it is read (``dask.array.map_overlap``; an in-memory map in blocks
of :data:`EAGER_CHUNK` x :data:`EAGER_CHUNK` pixels), never whole in memory.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.hyperspy.neighbour_sum import summed_neighbours
>>> line = np.arange(4.0)[:, None] + np.arange(16.0)   # a line scan of four pixels, 16 channels
>>> summed_neighbours(line, 1)[:, 0].tolist()
[1.0, 3.0, 6.0, 5.0]
>>> line[0] = 0.0   # a dead pixel: read as it is, and left out of its neighbour's sum
>>> summed_neighbours(line, 1)[:, 0].tolist()
[0.0, 3.0, 6.0, 5.0]
"""

from __future__ import annotations

import itertools

import numpy as np

from . import _validation as checks

__all__ = ["EAGER_CHUNK", "neighbour_summed_signal", "summed_neighbours"]

#: Pixels along each navigation axis of the blocks an in-memory map is summed in.
EAGER_CHUNK = 32


def summed_neighbours(data, navigation_dimension: int, nonfinite: str = "mask"):
    """Each pixel's spectrum plus those of its neighbours within one step along every navigation axis.

    Parameters
    ----------
    data : ndarray or dask array, shape (navigation shape..., C)
        The map's spectra, navigation axes first (array order).
    navigation_dimension : int
        How many leading axes are navigation axes.
    nonfinite : {"mask", "raise"}
        As ``identify_edges``: with "raise" a pixel with any NaN or infinite channel is left out of its neighbours'
        sums (it is refused, and counted, alone); with "mask" only one with too few finite channels is, and the
        other non-finite channels reach the sums they enter (not measured there either).

    Returns
    -------
    ndarray or dask array of float32, the same shape
        Pixels left out of their neighbours' sums (module docstring) as they are; the others summed.
    """
    if hasattr(data, "map_overlap"):
        depth = {axis: 1 if axis < navigation_dimension else 0 for axis in range(data.ndim)}
        meta = np.array((), np.float32)
        return data.map_overlap(
            _summed_block,
            depth=depth,
            boundary="none",
            meta=meta,
            navigation_dimension=navigation_dimension,
            nonfinite=nonfinite,
        )
    return _summed_block(np.asarray(data), navigation_dimension, nonfinite)


def _left_out(block: np.ndarray, nonfinite: str) -> np.ndarray:
    """The pixels of a block refused alone: non-finite, constant, mostly negative or without enough finite channels."""
    codes = checks.pixel_problems(block.reshape(-1, block.shape[-1]), nonfinite)
    refused = (checks.NONFINITE, checks.CONSTANT, checks.NO_DATA, checks.NEGATIVE)
    return np.isin(codes, refused).reshape(block.shape[:-1])


def _summed_block(block: np.ndarray, navigation_dimension: int, nonfinite: str = "mask") -> np.ndarray:
    """:func:`summed_neighbours` of one in-memory block (its border clipped)."""
    block = block.astype(np.float32, copy=False)
    left_out = _left_out(block, nonfinite)
    values = np.where(left_out[..., None], np.float32(0), block)
    padded = np.pad(values, [(1, 1)] * navigation_dimension + [(0, 0)] * (block.ndim - navigation_dimension))
    total = np.zeros(values.shape, np.float32)
    for offsets in itertools.product(range(3), repeat=navigation_dimension):
        total += padded[tuple(slice(o, o + n) for o, n in zip(offsets, values.shape))]
    total[left_out] = block[left_out]
    return total


def neighbour_summed_signal(signal, nonfinite: str = "mask"):
    """A copy of a spectrum image or line scan whose pixels are :func:`summed_neighbours` (`signal` unchanged).

    Parameters
    ----------
    signal : EELSSpectrum
        A spectrum image or line scan, eager or lazy.
    nonfinite : {"mask", "raise"}
        As ``identify_edges`` (:func:`summed_neighbours`).

    Returns
    -------
    EELSSpectrum
        Lazy (an in-memory map is summed block by block, :data:`EAGER_CHUNK` pixels along each navigation axis,
        whenever it is read), with the axes and metadata of `signal`.

    Examples
    --------
    >>> import numpy as np
    >>> from exspy.signals import EELSSpectrum
    >>> from hyperspy_eels_edgeid.hyperspy.neighbour_sum import neighbour_summed_signal
    >>> s = EELSSpectrum(np.ones((3, 4, 1)) * np.arange(16.0))
    >>> neighbour_summed_signal(s).data[:, :, 1].compute().tolist()   # corners 4, edges 6, inside 9
    [[4.0, 6.0, 6.0, 4.0], [6.0, 9.0, 9.0, 6.0], [4.0, 6.0, 6.0, 4.0]]
    """
    nav_dim = signal.axes_manager.navigation_dimension
    data = signal.data
    if not hasattr(data, "map_overlap"):  # summed block by block when read, never whole in memory
        import dask.array as da

        data = da.from_array(data, chunks=(EAGER_CHUNK,) * nav_dim + (-1,) * (data.ndim - nav_dim), name=False)
    summed = signal._deepcopy_with_new_data(summed_neighbours(data, nav_dim, nonfinite))
    return summed if summed._lazy else summed.as_lazy()
