"""Detector spikes (X-ray hits, hot pixels) taken out of raw spectra before the network reads them.

A spike raises one or two channels far above their neighbours.  The network,
trained on spectra without spikes, reads one as the sharp line of an edge (a
lanthanide M5 line, whose onsets lie every 30-50 eV from 830 to 1600 eV):
``experiments/spikes/`` measured an element reported in 30 % of edge-free
spectra with a single spike.  :func:`remove_spikes` replaces a run of one or
two channels by the local baseline (the median of the three channels on each
side beyond its neighbours) when the run stands more than `threshold` noise
units above that baseline and the channels on both sides of it are back
within `SPIKE_SHOULDER` of its height: a peak three or more channels wide
(a white line), and an edge step, which stays up, are left alone.  Where two
channels span more than ``max_width_ev`` (1 eV) a white line can be one or two
channels wide, so there the run must also stand `SPIKE_COARSE_HEIGHT` (0.5)
times its baseline above it, which a spike of the signal's size does and a
white line on its background rarely does
(``experiments/spikes/rule_coarse2.md``); on a background-subtracted spectrum,
whose baseline is near zero, that safeguard is lost.  A second pass takes
streaks (a cosmic ray across 3 to `STREAK_MAX_CHANNELS` channels) by the same
tests: every channel of the run above the threshold, the channels just
outside it back within `SPIKE_SHOULDER` of its lowest, and, where the run
spans more than ``max_width_ev``, its lowest at least `coarse_height` times the
baseline (``experiments/spikes/rule_streaks.md``).  The noise unit is a robust
estimate from second differences in blocks of 64 channels, so that it follows
the counts along the spectrum.

Examples
--------
>>> import numpy as np
>>> from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
>>> energy = np.arange(400.0, 600.0, 0.1)
>>> spectrum = 1e4 * (energy / 400.0) ** -3 + np.random.default_rng(0).normal(0, 10, energy.size)
>>> spiked = spectrum.copy(); spiked[700] += 5e3
>>> cleaned = remove_spikes(energy, spiked[None])[0]
>>> bool(abs(cleaned[700] - spectrum[700]) < 50), bool(np.array_equal(np.delete(cleaned, 700), np.delete(spiked, 700)))
(True, True)
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SPIKE_COARSE_HEIGHT",
    "SPIKE_MAX_WIDTH_EV",
    "SPIKE_SHOULDER",
    "SPIKE_THRESHOLD",
    "STREAK_MAX_CHANNELS",
    "remove_spikes",
]

#: Where a run (for a spike: two channels) spans at most this (eV), it is judged against the noise alone.
SPIKE_MAX_WIDTH_EV = 1.0
#: Height above the local baseline, in robust noise units, from which a run is a spike.
SPIKE_THRESHOLD = 8.0
#: The channels beside a spike stand at most this fraction of its height above the baseline.
SPIKE_SHOULDER = 0.3
#: On channels coarser than `SPIKE_MAX_WIDTH_EV` / 2, a spike also stands this many times its baseline
#: above it (``experiments/spikes/rule_coarse2.md``); None: no removal there.
SPIKE_COARSE_HEIGHT = 0.5
#: Longest run (channels) taken for a streak (a cosmic ray across several channels); below 3: none.
STREAK_MAX_CHANNELS = 6
_REACH = 4  # the baseline: channels 2-4 on each side
_BLOCK = 64  # channels per noise estimate
_ROWS = 256  # spectra per chunk (bounds the memory)


def _noise(y: np.ndarray) -> np.ndarray:
    """Robust noise per channel: the median absolute second difference of its 64-channel block.

    Where counts are so sparse that the median is 0, the mean absolute second difference (its
    Gaussian equivalent) stands in.
    """
    n, c = y.shape
    d2 = np.abs(y[:, 1:-1] - 0.5 * (y[:, :-2] + y[:, 2:]))
    d2 = np.pad(d2, ((0, 0), (1, 1)), mode="edge")
    blocks = max(c // _BLOCK, 1)
    blocked = d2[:, : blocks * _BLOCK].reshape(n, blocks, -1)
    has_nan = np.isnan(d2).any()
    if has_nan:  # blocks of masked (NaN) channels only keep a NaN noise (no spike found there), without numpy's warning
        seen = ~np.isnan(blocked).all(axis=2)
        per_block = np.full(blocked.shape[:2], np.nan)
        per_block[seen] = np.nanmedian(blocked[seen], axis=1)
    else:
        per_block = np.median(blocked, axis=2)
    sparse = per_block == 0
    if sparse.any():
        if has_nan:
            mean = np.full(blocked.shape[:2], np.nan)
            mean[seen] = np.nanmean(blocked[seen], axis=1)
        else:
            mean = np.mean(blocked, axis=2)
        per_block = np.where(sparse, mean * np.sqrt(np.pi / 2) / 1.4826, per_block)
    index = np.minimum(np.arange(c) // _BLOCK, blocks - 1)
    return per_block[:, index] * (1.4826 / np.sqrt(1.5))


def _spikes(y: np.ndarray, noise: np.ndarray, narrow: np.ndarray, threshold: float, coarse_height: float | None):
    """Rows, columns and baselines of the spike channels of `y` (N, C).

    On channels where `narrow` is False a run is looked for only if `coarse_height` is given, and is a
    spike only if it also stands that many times its baseline above it.
    """
    c = y.shape[1]
    padded = np.pad(y, ((0, 0), (_REACH, _REACH)), mode="edge")

    def at(offset):  # channel i + offset, for every i
        return padded[:, _REACH + offset : _REACH + offset + c]

    # cheap screen: above the channels two away on both sides (outside a pair as well)
    level = threshold * noise
    where = narrow if coarse_height is None else np.ones_like(narrow)
    rows, cols = np.nonzero((y - at(-2) > level) & (y - at(2) > level) & where[None, :])
    if rows.size == 0:
        return rows, cols, np.zeros(0)
    around = padded[rows[:, None], cols[:, None] + _REACH + np.array([-4, -3, -2, 2, 3, 4])[None, :]]
    baseline = np.median(around, axis=1)
    near = padded[rows[:, None], cols[:, None] + _REACH + np.arange(-1, 3)[None, :]] - baseline[:, None]
    before, here, after, after2 = near.T
    level = level[rows, cols]
    single = (here > level) & (before < SPIKE_SHOULDER * here) & (after < SPIKE_SHOULDER * here)
    smaller = np.minimum(here, after)
    pair = (here > level) & (after > level) & (before < SPIKE_SHOULDER * smaller) & (after2 < SPIKE_SHOULDER * smaller)
    pair &= cols + 1 < c
    if coarse_height is not None:  # coarse channels: also tall against the signal (a white line rarely is)
        tall = narrow[cols] | (here > coarse_height * np.abs(baseline))
        single &= tall
        pair &= tall  # its second channel may be a spike's lower tail
    keep = single | pair
    rows = np.concatenate([rows[keep], rows[pair]])
    cols = np.concatenate([cols[keep], cols[pair] + 1])
    return rows, cols, np.concatenate([baseline[keep], baseline[pair]])


def _streaks(y, noise, width, threshold: float, coarse_height: float | None, max_width_ev: float):
    """Rows, columns and baselines of the channels of runs of 3-`STREAK_MAX_CHANNELS` channels (streaks)."""
    c = y.shape[1]
    reach = STREAK_MAX_CHANNELS + _REACH
    padded = np.pad(y, ((0, 0), (reach, reach)), mode="edge")

    def at(r, first, offsets):  # (len(r), len(offsets)): channel first + offset of row r
        return padded[r[:, None], first[:, None] + reach + np.asarray(offsets)[None, :]]

    edges_ev = np.concatenate([[0.0], np.cumsum(width)])  # channel edges, for a run's span in eV
    level = threshold * noise
    # a run's first channel stands above the one before it by more than (1 - shoulder) x its lowest height
    rows, starts = np.nonzero(y - padded[:, reach - 1 : reach - 1 + c] > (1.0 - SPIKE_SHOULDER) * level)
    found_rows, found_cols, found_base = [], [], []
    for length in range(STREAK_MAX_CHANNELS, 2, -1):
        ok = starts <= c - length
        r, first = rows[ok], starts[ok]
        baseline = np.median(at(r, first, [-4, -3, -2, length + 1, length + 2, length + 3]), axis=1)
        lowest = (at(r, first, range(length)) - baseline[:, None]).min(axis=1)
        before, after = (at(r, first, [-1, length]) - baseline[:, None]).T
        run = (lowest > level[r, first]) & (before < SPIKE_SHOULDER * lowest) & (after < SPIKE_SHOULDER * lowest)
        wide = edges_ev[first + length] - edges_ev[first] > max_width_ev
        if coarse_height is None:
            run &= ~wide
        else:
            run &= ~wide | (lowest > coarse_height * np.abs(baseline))
        for j in range(length):
            found_rows.append(r[run])
            found_cols.append(first[run] + j)
            found_base.append(baseline[run])
    if not found_rows:
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0)
    return np.concatenate(found_rows), np.concatenate(found_cols), np.concatenate(found_base)


def remove_spikes(
    energy: np.ndarray,
    spectra: np.ndarray,
    max_width_ev: float = SPIKE_MAX_WIDTH_EV,
    threshold: float = SPIKE_THRESHOLD,
    coarse_height: float | None = SPIKE_COARSE_HEIGHT,
) -> np.ndarray:
    """A copy of `spectra` with their spikes replaced by the local baseline.

    Parameters
    ----------
    energy : array_like, shape (C,)
        Increasing energy axis (eV), uniform or not.
    spectra : array_like, shape (N, C)
        Raw spectra; NaN or infinite channels are left as they are, and no
        spike is looked for within four channels of one.
    max_width_ev : float
        Where two channels span more than this, a run must also stand
        `coarse_height` times its baseline above it (and is left alone if
        `coarse_height` is None).
    threshold : float
        Height above the baseline, in robust noise units, from which a run of
        channels is a spike or a streak.
    coarse_height : float or None
        On coarse channels (see `max_width_ev`), the height above the baseline,
        as a multiple of the baseline, that a run must also reach.

    Returns
    -------
    ndarray of float, shape (N, C)
        The spectra without their spikes (`spectra` itself is not modified).
    """
    energy = np.asarray(energy, dtype=float).ravel()
    out = np.array(spectra, dtype=float, ndmin=2, copy=True)
    if out.shape[1] < 2 * _REACH + 1 or out.shape[0] == 0:
        return out
    width = np.abs(np.gradient(energy))
    narrow = 2.0 * width <= max_width_ev
    if not narrow.any() and coarse_height is None:
        return out
    for start in range(0, out.shape[0], _ROWS):
        y = out[start : start + _ROWS]
        finite = np.isfinite(y)
        near_gap = np.zeros(y.shape, dtype=bool)
        if not finite.all():  # within the baseline's reach of an unmeasured channel
            gaps = np.pad(~finite, ((0, 0), (_REACH, _REACH)), constant_values=False)
            near_gap = np.lib.stride_tricks.sliding_window_view(gaps, 2 * _REACH + 1, axis=1).any(axis=2)
        filled = np.where(finite, y, 0.0)
        with np.errstate(invalid="ignore"):
            noise = _noise(y if finite.all() else np.where(finite, y, np.nan))
            rows, cols, baseline = _spikes(filled, noise, narrow, threshold, coarse_height)
        keep = ~near_gap[rows, cols]
        y[rows[keep], cols[keep]] = baseline[keep]
        # streaks: NaN kept, so that a run whose channels, shoulders or baseline touch a gap is not taken
        with np.errstate(invalid="ignore"):
            rows, cols, baseline = _streaks(y, noise, width, threshold, coarse_height, max_width_ev)
        y[rows, cols] = baseline
    return out
