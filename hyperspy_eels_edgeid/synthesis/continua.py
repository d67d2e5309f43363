"""Edge continua from the bundled DFT table, integrated over q once per (beam energy, angle) bucket and cached.

Every subshell of an edge group (K; L3 with L2; L1; M5 with M4; M3 with M2;
N5 with N4 ...) comes from the bundled DFT GOS table
(:mod:`hyperspy_eels_edgeid.cross_sections`), integrated over q for a grid of
beam energies and collection angles; each spectrum uses the bucket nearest its
drawn values (:func:`bucket_of`).  The continua's absolute sizes (the
scales :func:`continuum_table` returns) set the relative strengths of an
element's edges.
:mod:`.shapes` puts white lines and near-edge structure on top.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from ..cross_sections.continua import has_table, subshell_cross_section
from ..edges import EdgeGroup, all_edge_groups

__all__ = [
    "CONTINUUM_STEP",
    "CONTINUUM_RANGE",
    "CONTINUUM_SAMPLES",
    "TAIL_STEP",
    "TAIL_RANGE",
    "ROW_SIZE",
    "BEAM_ENERGY_BUCKETS",
    "COLLECTION_ANGLE_BUCKETS",
    "bucket_of",
    "group_continuum",
    "continuum_table",
]

#: Sampling (eV) of the cached continua near the onset, and the range of that fine part above the onset.
CONTINUUM_STEP = 0.25
CONTINUUM_RANGE = 300.0
#: Sampling (eV) and range of the coarse part, which the templates past CONTINUUM_RANGE and the edge
#: tails past the templates read; past TAIL_RANGE a continuum is a power law (:func:`group_continuum`).
TAIL_STEP = 2.0
TAIL_RANGE = 1000.0
#: Beam energies (keV) and collection semi-angles (mrad) at which the continua are integrated over q.
BEAM_ENERGY_BUCKETS = (60.0, 100.0, 200.0, 300.0)
COLLECTION_ANGLE_BUCKETS = (5.0, 10.0, 20.0, 50.0, 100.0)

#: Samples of the fine part of a packed continuum row.
CONTINUUM_SAMPLES = int(round(CONTINUUM_RANGE / CONTINUUM_STEP))
_N_TAIL = int(round(TAIL_RANGE / TAIL_STEP)) + 1
#: Length of a packed continuum row: fine part, coarse part, exponent past the coarse part.
ROW_SIZE = CONTINUUM_SAMPLES + _N_TAIL + 1


def bucket_of(beam_energy, collection_angle) -> np.ndarray:
    """Index of the (beam energy, collection angle) bucket nearest each setting (nearest in log).

    Bucket ``i * len(COLLECTION_ANGLE_BUCKETS) + j`` holds
    ``BEAM_ENERGY_BUCKETS[i]`` and ``COLLECTION_ANGLE_BUCKETS[j]``.

    Parameters
    ----------
    beam_energy : array_like
        Beam energies (keV).
    collection_angle : array_like
        Collection semi-angles (mrad).

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis.continua import bucket_of
    >>> bucket_of([200.0, 70.0, 80.0], [20.0, 6.0, 6.0]).tolist()   # 200 kV 20 mrad; 60 kV 5 mrad; 100 kV 5 mrad
    [12, 0, 5]
    """

    def nearest(values, grid):
        log_grid = np.log(np.asarray(grid))
        return np.abs(np.log(np.asarray(values, dtype=float))[..., None] - log_grid).argmin(axis=-1)

    return nearest(beam_energy, BEAM_ENERGY_BUCKETS) * len(COLLECTION_ANGLE_BUCKETS) + nearest(
        collection_angle, COLLECTION_ANGLE_BUCKETS
    )


@functools.lru_cache(maxsize=None)
def _subshell_at_buckets(label: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(energy, dσ/dE for every bucket) of one subshell, or None if the table lacks it."""
    if not has_table(label):
        return None
    energies = np.repeat(BEAM_ENERGY_BUCKETS, len(COLLECTION_ANGLE_BUCKETS))
    angles = np.tile(COLLECTION_ANGLE_BUCKETS, len(BEAM_ENERGY_BUCKETS))
    return subshell_cross_section(label, energies, angles)


def _subshell_sigma(energy: np.ndarray, table_energy: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """A subshell's dσ/dE at `energy`: 0 below its onset, the table's (linearly interpolated) within it,
    and past the table's last energy the power law through its last two points, as exspy's
    ``EELSCLEdge`` extrapolates."""
    out = np.interp(energy, table_energy, sigma, left=0.0)
    past = energy > table_energy[-1]
    if past.any() and sigma[-1] > 0 and sigma[-2] > 0:
        r = np.log(sigma[-1] / sigma[-2]) / np.log(table_energy[-2] / table_energy[-1])
        out[past] = sigma[-1] * (energy[past] / table_energy[-1]) ** -r
    return out


def group_continuum(group: EdgeGroup, bucket: int) -> tuple[np.ndarray, float]:
    """Continuum of an edge group at one bucket, normalised to a maximum of 1, and that maximum.

    The sum of the group's subshells from the bundled table, each at its own
    onset (past a subshell's last tabulated energy, about 950 eV above its
    onset, the power law through its last two points, as exspy extrapolates),
    packed in one row of ``ROW_SIZE`` float32 numbers: samples at
    ``CONTINUUM_STEP`` eV from the group's onset over ``CONTINUUM_RANGE`` eV;
    then samples at ``TAIL_STEP`` eV from the onset up to ``TAIL_RANGE`` eV
    (inclusive); then the exponent r of the power law ``E^-r`` that continues
    the continuum past ``TAIL_RANGE`` (through its last two coarse samples).
    The templates read the fine part near the onset and the coarse part further
    out, and the edge tails past the templates follow the same row
    (:func:`~hyperspy_eels_edgeid.synthesis._kernels.continuum_at`).
    H and He K, which the table lacks, get a sawtooth ``(E / onset)^-3``
    with a maximum of 1.

    Parameters
    ----------
    group : EdgeGroup
        An edge group.
    bucket : int
        Bucket index (:func:`bucket_of`).

    Returns
    -------
    continuum : ndarray of float32, shape (ROW_SIZE,)
    scale : float
        The maximum of the fine part in barn/eV (comparable between the groups
        of an element at the same bucket); both parts are divided by it.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.edges import edge_groups_of
    >>> from hyperspy_eels_edgeid.synthesis.continua import bucket_of, group_continuum
    >>> l3, l1 = [g for g in edge_groups_of("Ge") if g.name in ("L3", "L1")]
    >>> b = int(bucket_of(200.0, 20.0))
    >>> 0.1 < group_continuum(l1, b)[1] / group_continuum(l3, b)[1] < 1   # L1 weaker than L2,3
    True
    """
    delta = np.concatenate([np.arange(CONTINUUM_SAMPLES) * CONTINUUM_STEP, np.arange(_N_TAIL) * TAIL_STEP])
    total = np.zeros(delta.size)
    found = False
    for shell in group.subshells:
        data = _subshell_at_buckets(f"{group.element}_{shell}")
        if data is None:
            continue
        energy, sigma = data
        total += _subshell_sigma(group.onset + delta, energy, sigma[bucket])
        found = True
    if not found or not total[:CONTINUUM_SAMPLES].max() > 0:
        total = (1.0 + delta / group.onset) ** -3.0
    scale = float(total[:CONTINUUM_SAMPLES].max())
    e_end = group.onset + TAIL_RANGE
    r = np.log(total[-2] / total[-1]) / np.log(e_end / (e_end - TAIL_STEP)) if total[-1] > 0 else 0.0
    return np.append(total / scale, r).astype(np.float32), scale


_CONTINUA_LOCK = threading.Lock()
#: Row ``bucket * n_groups + group`` holds that continuum once computed.  Allocated (zeroed, so the
#: operating system commits pages only as rows are filled) on first use, for all buckets and groups.
_CONTINUA_TABLE = np.zeros((0, ROW_SIZE), dtype=np.float32)
_CONTINUA_SCALE = np.zeros(0)  # maximum in barn/eV of each row; 0 until computed


def continuum_table(rows: np.ndarray, buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The table of continua, the table row and the scale of each (group row, bucket); computes missing ones.

    Row ``bucket * n_groups + group`` of the table is that group's packed
    continuum at that bucket (:func:`group_continuum`), filled in on first use.

    Thread-safe (dask's threaded scheduler calls it from several threads): rows
    are computed and filled in under one lock.

    Parameters
    ----------
    rows : ndarray of int
        Edge groups, as from :func:`~hyperspy_eels_edgeid.synthesis.shapes.group_rows`.
    buckets : ndarray of int
        Bucket of each row (:func:`bucket_of`).

    Returns
    -------
    table : ndarray of float32, shape (n_buckets * n_groups, ROW_SIZE)
    table_rows : ndarray of int
        Row of `table` of each of `rows`.
    scales : ndarray of float
        Maximum (barn/eV) of each one's continuum (:func:`group_continuum`).
    """
    global _CONTINUA_TABLE, _CONTINUA_SCALE
    groups = all_edge_groups()
    table_rows = buckets * len(groups) + rows
    with _CONTINUA_LOCK:
        if _CONTINUA_SCALE.size == 0:
            n = len(BEAM_ENERGY_BUCKETS) * len(COLLECTION_ANGLE_BUCKETS) * len(groups)
            _CONTINUA_TABLE = np.zeros((n, ROW_SIZE), dtype=np.float32)
            _CONTINUA_SCALE = np.zeros(n)
        for k in np.unique(table_rows[_CONTINUA_SCALE[table_rows] == 0]).tolist():
            _CONTINUA_TABLE[k], _CONTINUA_SCALE[k] = group_continuum(groups[k % len(groups)], k // len(groups))
        return _CONTINUA_TABLE, table_rows, _CONTINUA_SCALE[table_rows]
