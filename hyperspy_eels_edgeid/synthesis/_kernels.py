"""Compiled inner loops of the forward model (numba).

Each kernel replaces a sequence of numpy passes, or a Python loop over edge
rows or spectra, with one pass over the data; the arithmetic is the same as
the numpy expressions they replace (see each docstring).  Random numbers are
drawn by the caller with its ``numpy.random.Generator``, so determinism and
seeding stay where they were.

numba compiles the kernels on first use (about 3 s for all) and caches them
(see :mod:`hyperspy_eels_edgeid._numba`).
"""

from __future__ import annotations

import numpy as np
from .._numba import compiled

__all__ = [
    "place_edges",
    "add_edge_tails",
    "near_edge_structure",
    "smooth_reflect",
    "shot_noise",
    "sample_continua",
    "continuum_at",
    "row_peaks",
]


@compiled(nogil=True)
def place_edges(edge_sum, spectrum, first, stop, ratio, start, amplitude, templates):
    """Add every template, linearly interpolated onto its spectrum's channels.

    For row ``k`` and channel ``c`` in ``[first[k], stop[k])``:
    ``edge_sum[spectrum[k], c] += amplitude[k] * interp(c * ratio[k] + start[k])``,
    where ``interp`` interpolates ``templates[k]`` linearly at a fractional
    sample index and holds its end values beyond it, as ``numpy.interp``
    does.

    Parameters
    ----------
    edge_sum : ndarray, shape (n, C)
        Where the edges are added (in place).
    spectrum : ndarray of int, shape (R,)
        Spectrum of each row.
    first, stop : ndarray of int, shape (R,)
        Channels of each row.
    ratio, start : ndarray, shape (R,)
        Template samples per channel, and the sample at channel 0.
    amplitude : ndarray, shape (R,)
        Scale of each template.
    templates : ndarray, shape (R, S)
        The edge templates.
    """
    last = templates.shape[1] - 1
    for k in range(templates.shape[0]):
        row = templates[k]
        out = edge_sum[spectrum[k]]
        a = amplitude[k]
        for c in range(first[k], stop[k]):
            position = c * ratio[k] + start[k]
            if position <= 0.0:
                value = row[0]
            elif position >= last:
                value = row[last]
            else:
                i = int(position)
                value = row[i] + (row[i + 1] - row[i]) * (position - i)
            out[c] += a * value


@compiled(nogil=True)
def add_edge_tails(edge_sum, spectrum, anchor, stop, anchor_delta, anchor_value, onset, energy, log_energy, table,
                   table_rows, n_fine, fine_per_ev, coarse_per_ev):  # fmt: skip
    """Add the tails of all edges past their templates: each follows its own continuum from the table.

    Row ``k`` adds, for channel ``c`` in ``[anchor[k], stop[k])`` of spectrum
    ``spectrum[k]``, ``anchor_value[k] * C_k(d) / C_k(anchor_delta[k])`` with
    ``d = energy[spectrum[k], c] - onset[k]`` and ``C_k`` the packed continuum
    ``table[table_rows[k]]`` read as :func:`continuum_at` does: the tail
    continues the broadened template (value ``anchor_value`` at its anchor,
    ``anchor_delta`` eV above the onset) with the shape of the table's
    cross-section.  The channels of a row are taken in three runs (fine part,
    coarse part, power law past it; energies increase along a spectrum), the
    power law as ``exp(log A - r log E)`` from ``log_energy``.

    Parameters
    ----------
    edge_sum : ndarray, shape (n, C)
        Where the tails are added (in place).
    spectrum : ndarray of int, shape (R,)
        Spectrum of each row.
    anchor, stop : ndarray of int, shape (R,)
        First channel of each row's tail, and the end of its spectrum.
    anchor_delta, anchor_value : ndarray, shape (R,)
        Energy above the onset (eV) and value of each row at its anchor.
    onset : ndarray, shape (R,)
        Onset of each row (eV).
    energy, log_energy : ndarray, shape (n, C)
        Energy of every channel (eV, increasing along a row), and its logarithm.
    table : ndarray, shape (T, ROW_SIZE)
        Packed continua (:func:`~hyperspy_eels_edgeid.synthesis.continua.group_continuum`).
    table_rows : ndarray of int, shape (R,)
        Row of `table` of each row.
    n_fine : int
        Samples of the fine part of a packed row.
    fine_per_ev, coarse_per_ev : float
        Samples per eV of its fine and coarse parts.
    """
    n_coarse = table.shape[1] - 1 - n_fine
    fine_end = np.float32(n_fine - 1) / fine_per_ev
    coarse_end = np.float32(n_coarse - 1) / coarse_per_ev
    for k in range(spectrum.shape[0]):
        row = table[table_rows[k]]
        e0 = np.float32(onset[k])
        reference = continuum_at(row, np.float32(anchor_delta[k]), e0, n_fine, fine_per_ev, coarse_per_ev)
        if not reference > 0.0:
            continue
        factor = np.float32(anchor_value[k] / reference)
        out = edge_sum[spectrum[k]]
        e = energy[spectrum[k]]
        c = anchor[k]
        while c < stop[k] and e[c] - e0 < fine_end:
            position = (e[c] - e0) * fine_per_ev
            if position < 0.0:
                position = np.float32(0.0)
            i = int(position)
            out[c] += factor * (row[i] + (row[i + 1] - row[i]) * (position - np.float32(i)))
            c += 1
        while c < stop[k] and e[c] - e0 < coarse_end:
            position = (e[c] - e0) * coarse_per_ev
            i = int(position)
            j = n_fine + i
            out[c] += factor * (row[j] + (row[j + 1] - row[j]) * (position - np.float32(i)))
            c += 1
        if c < stop[k]:
            r = row[row.shape[0] - 1]
            log_a = np.log(factor * row[n_fine + n_coarse - 1]) + r * np.log(e0 + coarse_end)
            loge = log_energy[spectrum[k]]
            for c in range(c, stop[k]):
                out[c] += np.exp(log_a - r * loge[c])


@compiled(nogil=True)
def smooth_reflect(out, white, frame, scale, offset):
    """Add to `out` the centred moving average of each row of `white` over ``frame[i]`` channels, times ``scale[i]``, minus ``offset[i]``.

    The rows are extended by reflection about their ends (``d c b a | a b c d
    | d c b a``), as ``scipy.ndimage.uniform_filter1d(mode="reflect")`` does,
    and the frames are odd.  Running sums make it one pass per row.

    Parameters
    ----------
    out : ndarray, shape (n, C)
        Where the result is added (in place).
    white : ndarray, shape (n, C)
        The rows to smooth.
    frame : ndarray of int, shape (n,)
        Odd frame length of each row.
    scale, offset : ndarray, shape (n,)
        Factor and offset of each row.
    """
    n, width = white.shape
    for i in range(n):
        half = frame[i] // 2
        extended = np.empty(width + 2 * half + 1, dtype=np.float64)
        period = 2 * width
        for j in range(width):
            extended[j + half] = white[i, j]
        for j in range(-half, 0):
            m = j % period
            extended[j + half] = white[i, m if m < width else period - 1 - m]
        for j in range(width, width + half + 1):
            m = j % period
            extended[j + half] = white[i, m if m < width else period - 1 - m]
        total = 0.0
        for j in range(frame[i]):
            total += extended[j]
        factor = scale[i] / frame[i]
        for c in range(width):
            out[i, c] += np.float32(total * factor - offset[i])
            total += extended[c + frame[i]] - extended[c]


@compiled(nogil=True)
def shot_noise(expected, normal, exact_below):
    """Normal approximation of Poisson counts, and where it must be replaced.

    Returns ``max(λ + sqrt(λ) z, 0)`` with ``λ = max(expected, 0)``, and a
    mask of the channels with ``λ < exact_below``, which the caller draws
    exactly from the Poisson distribution.

    Parameters
    ----------
    expected : ndarray
        Expected counts.
    normal : ndarray
        Standard normal deviates of the same shape.
    exact_below : float
        Expectation below which the Poisson distribution is drawn exactly.

    Returns
    -------
    counts : ndarray
    exact : ndarray of bool
    """
    n, width = expected.shape
    out = np.empty_like(expected)
    low = np.zeros(expected.shape, dtype=np.bool_)
    for i in range(n):
        for c in range(width):
            lam = max(expected[i, c], np.float32(0.0))
            out[i, c] = max(lam + np.sqrt(lam) * normal[i, c], np.float32(0.0))
            low[i, c] = lam < exact_below
    return out, low


@compiled(nogil=True)
def near_edge_structure(continuum, delta, step, peak_centre, peak_width, peak_height, pi_centre, pi_width, pi_height):
    """Modulate each row by its near-edge Gaussians, then add its π*-like peak.

    Row ``k`` becomes ``continuum * max(1 + Σ_p h_p G_p, 0)`` with
    ``G_p = exp(-((delta - centre_p) / width_p)² / 2)``, and then gets
    ``pi_height * max(row) * G_π`` added.  ``delta[k, j] = delta[k, 0] + j *
    step[k]`` is the energy above the onset; each Gaussian is evaluated only
    within 6 widths of its centre (beyond, it is below 2e-8).

    Parameters
    ----------
    continuum : ndarray, shape (R, S)
        Continua, modulated in place.
    delta : ndarray, shape (R, S)
        Energy above the onset of each sample (eV).
    step : ndarray, shape (R,)
        Sample spacing of each row (eV).
    peak_centre, peak_width, peak_height : ndarray, shape (R, P)
        The near-edge Gaussians of each row.
    pi_centre, pi_width, pi_height : ndarray, shape (R,)
        The π*-like peak of each row.
    """
    n, size = continuum.shape
    modulation = np.empty(size, dtype=np.float64)
    for k in range(n):
        modulated = False
        for p in range(peak_height.shape[1]):
            if peak_height[k, p] == 0.0:
                continue
            if not modulated:
                modulation[:] = 1.0
                modulated = True
            _add_gaussian(modulation, delta[k, 0], step[k], peak_centre[k, p], peak_width[k, p], peak_height[k, p])
        if modulated:
            for j in range(size):
                continuum[k, j] *= max(modulation[j], 0.0)
        if pi_height[k] != 0.0:
            modulation[:] = 0.0
            _add_gaussian(
                modulation, delta[k, 0], step[k], pi_centre[k], pi_width[k], pi_height[k] * continuum[k].max()
            )
            for j in range(size):
                continuum[k, j] += modulation[j]


@compiled(nogil=True, inline="always")
def _add_gaussian(out, start, step, centre, width, height):
    """``out[j] += height * exp(-((start + j step - centre) / width)² / 2)`` within 6 widths of the centre.

    Evaluated by the recurrence ``G(z + dz) = G(z) exp(-z dz - dz²/2)``
    (exact algebraically; in float64 its relative error stays below 1e-12
    over the few hundred samples of a template): three exponentials per
    Gaussian instead of one per sample.  Gaussians narrower than a twentieth
    of the step, whose recurrence factors would underflow, are evaluated
    directly.
    """
    lo = max(int((centre - 6.0 * width - start) / step), 0)
    hi = min(int((centre + 6.0 * width - start) / step) + 2, out.shape[0])
    if lo >= hi:
        return
    dz = step / width
    if dz > 20.0:
        for j in range(lo, hi):
            z = (start + j * step - centre) / width
            out[j] += height * np.exp(-0.5 * z * z)
        return
    z = (start + lo * step - centre) / width
    g = height * np.exp(-0.5 * z * z)
    ratio = np.exp(-z * dz - 0.5 * dz * dz)
    factor = np.exp(-dz * dz)
    for j in range(lo, hi):
        out[j] += g
        g *= ratio
        ratio *= factor


@compiled(nogil=True, inline="always")
def continuum_at(row, d, onset, n_fine, fine_per_ev, coarse_per_ev):
    """Value of a packed continuum row ``d`` eV above its onset (float32).

    0 below the onset; linear interpolation in the fine part (``row[:n_fine]``,
    ``fine_per_ev`` samples per eV from the onset) where it reaches, else in
    the coarse part (``row[n_fine:-1]``, ``coarse_per_ev`` samples per eV from
    the onset); past that, the power law ``(E / E_end)^-r`` from its last
    sample, with ``r = row[-1]``.

    Parameters
    ----------
    row : ndarray of float32, shape (ROW_SIZE,)
        A packed continuum (:func:`~hyperspy_eels_edgeid.synthesis.continua.group_continuum`).
    d : float32
        Energy above the onset (eV).
    onset : float32
        The onset (eV); used only past the coarse part.
    n_fine : int
        Samples of the fine part.
    fine_per_ev, coarse_per_ev : float32
        Samples per eV of the fine and coarse parts.

    Returns
    -------
    float32
    """
    if d < 0.0:
        return np.float32(0.0)
    position = d * fine_per_ev
    if position < n_fine - 1:
        i = int(position)
        return row[i] + (row[i + 1] - row[i]) * (position - np.float32(i))
    n_coarse = row.shape[0] - 1 - n_fine
    position = d * coarse_per_ev
    if position < n_coarse - 1:
        i = int(position)
        j = n_fine + i
        return row[j] + (row[j + 1] - row[j]) * (position - np.float32(i))
    e_end = onset + np.float32(n_coarse - 1) / coarse_per_ev
    return row[n_fine + n_coarse - 1] * np.exp(-row[row.shape[0] - 1] * np.log((onset + d) / e_end))


@compiled(nogil=True)
def sample_continua(out, table, table_rows, delta, n_fine, fine_per_ev, coarse_per_ev):
    """Fill ``out[k]`` with row ``table_rows[k]`` of `table` read at ``delta[k]`` by :func:`continuum_at`.

    The templates reach at most 896 eV above the onset (448 steps of 2 eV),
    within the coarse part; the power-law branch needs the onset and is not
    used (0 is passed).

    Parameters
    ----------
    out : ndarray, shape (R, S)
        Where the continua are written.
    table : ndarray, shape (T, ROW_SIZE)
        Packed continua.
    table_rows : ndarray of int, shape (R,)
        Row of `table` for each row of `out`.
    delta : ndarray, shape (R, S)
        Energy above the onset of each sample (eV).
    n_fine : int
        Samples of the fine part of a packed row.
    fine_per_ev, coarse_per_ev : float
        Samples per eV of its fine and coarse parts.
    """
    for k in range(out.shape[0]):
        row = table[table_rows[k]]
        for j in range(delta.shape[1]):
            out[k, j] = continuum_at(row, delta[k, j], np.float32(0.0), n_fine, fine_per_ev, coarse_per_ev)


@compiled(nogil=True)
def row_peaks(values, last):
    """Maximum of each row ``k`` of `values` over its samples ``0 .. last[k]`` (-inf where there are none).

    Parameters
    ----------
    values : ndarray, shape (R, S)
        Rows of samples.
    last : ndarray of int, shape (R,)
        Last sample of each row to consider.

    Returns
    -------
    ndarray, shape (R,)
    """
    out = np.empty(values.shape[0], dtype=values.dtype)
    for k in range(values.shape[0]):
        peak = -np.inf
        for j in range(min(last[k] + 1, values.shape[1])):
            peak = max(peak, values[k, j])
        out[k] = peak
    return out
