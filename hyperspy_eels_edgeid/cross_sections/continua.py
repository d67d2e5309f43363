"""Energy-differential cross-sections of single subshells, integrated over q from the bundled table.

The same integral exspy's ``GoshGOS.integrateq`` evaluates for an
``EELSCLEdge(..., GOS="dft")`` (relativistic q limits for the beam energy and
the collection semi-angle, integration of the GOS over ln(q²), the
subshell's occupancy ratio, the result in barn/eV), vectorised over the
table's energies and over several microscope settings at once, without
building exspy components: the synthesizer integrates every subshell it
uses for a grid of beam energies and angles once per process.  Each
subshell is placed at its own onset from exspy's element database, as
exspy does.

Examples
--------
>>> from hyperspy_eels_edgeid.cross_sections.continua import subshell_cross_section
>>> energy, sigma = subshell_cross_section("Sn_M5", [200.0], [20.0])
>>> float(energy[0]), sigma.shape
(485.0, (1, 111))
>>> 40 < float(energy[sigma[0].argmax()] - energy[0]) < 60   # the delayed maximum of a 4d M edge
True
"""

from __future__ import annotations

import functools

import h5py
import numpy as np
from scipy import constants

from ..edges import onset_energy
from . import gos_file_path

__all__ = ["has_table", "partial_cross_section", "subshell_cross_section"]

_R = constants.value("Rydberg constant times hc in eV")
_A0 = constants.value("Bohr radius")


@functools.lru_cache(maxsize=1)
def _conventions() -> dict[str, tuple[str, float]]:
    """Subshell name -> (table name, occupancy ratio), from the file's ``metadata/edges_info``."""
    with h5py.File(gos_file_path(), "r") as h:
        info = h["metadata/edges_info"]
        return {k: (str(info[k].attrs["table"]), float(info[k].attrs["occupancy_ratio"])) for k in info}


@functools.lru_cache(maxsize=16)  # L3 and L2, M5 and M4 ... share a table; all of them would hold ~100 MB
def _table(element: str, table: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(GOS (n_E, n_q), ln((a0 q)^2), energy above onset, cumulative trapezoid over ln q^2) or None."""
    with h5py.File(gos_file_path(), "r") as h:
        key = f"{element}/{table}"
        if key not in h:
            return None
        gos = np.squeeze(h[key]["data"][:].T).astype(float)
        q = h[key]["q"][:].astype(float)
        free = h[key]["free_energies"][:].astype(float)
    x = np.log((_A0 * q) ** 2)
    steps = 0.5 * (gos[:, 1:] + gos[:, :-1]) * np.diff(x)
    cumulative = np.concatenate([np.zeros((gos.shape[0], 1)), np.cumsum(steps, axis=1)], axis=1)
    return gos, x, free - free.min(), cumulative


def has_table(label: str) -> bool:
    """Whether the bundled table holds the subshell `label` (``"Fe_L3"`` ...).

    Parameters
    ----------
    label : str
        exspy's ``Element_Subshell`` name.

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.continua import has_table
    >>> has_table("O_K"), has_table("O_M5")
    (True, False)
    """
    element, _, shell = label.partition("_")
    convention = _conventions().get(shell)
    return convention is not None and _table(element, convention[0]) is not None


def _integral_to(x_limit: np.ndarray, gos: np.ndarray, x: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """Trapezoid integral of each energy row of `gos` over x from x[0] to `x_limit` (shape (n_settings, n_E)).

    The GOS is interpolated linearly at the limit; past the last q it is
    extrapolated linearly, as exspy does.
    """
    k = np.clip(np.searchsorted(x, x_limit) - 1, 0, x.size - 2)
    rows = np.arange(gos.shape[0])[None, :]
    g0, g1 = gos[rows, k], gos[rows, k + 1]
    t = (x_limit - x[k]) / (x[k + 1] - x[k])
    g = g0 + t * (g1 - g0)
    return cumulative[rows, k] + (x_limit - x[k]) * (g0 + g) / 2


def subshell_cross_section(label: str, beam_energy, collection_angle) -> tuple[np.ndarray, np.ndarray]:
    """Cross-section dσ/dE (barn/eV) of one subshell at each microscope setting, on the table's energies.

    Parameters
    ----------
    label : str
        exspy's ``Element_Subshell`` name (``"Fe_L3"``, ``"Al_L2,3"``,
        ``"La_M5"`` ...).
    beam_energy : array_like of float, shape (n_settings,)
        Beam energies (keV).
    collection_angle : array_like of float, shape (n_settings,)
        Collection semi-angles (mrad), one per beam energy.

    Returns
    -------
    energy : ndarray, shape (n_E,)
        Energy loss (eV): the subshell's onset from exspy's database plus the
        table's energies above threshold (0 to about 950 eV, log-spaced).
    sigma : ndarray, shape (n_settings, n_E)
        dσ/dE in barn/eV, including the subshell's occupancy ratio (L3 2/3
        of the 2p table, M5 0.6 of the 3d table ...), as exspy's
        ``EELSCLEdge`` with ``GOS="dft"`` and the bundled file (convergence
        angle 0) gives it.

    Raises
    ------
    ValueError
        If the table has no entry for the subshell.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.continua import subshell_cross_section
    >>> energy, sigma = subshell_cross_section("O_K", [60.0, 300.0], [5.0, 100.0])
    >>> bool(sigma[1].sum() > sigma[0].sum())   # more scattering collected at 100 mrad
    True
    """
    element, _, shell = label.partition("_")
    convention = _conventions().get(shell)
    data = None if convention is None else _table(element, convention[0])
    if data is None:
        raise ValueError(f"{label}: the bundled GOS table has no entry for this subshell.")
    gos, x, above, cumulative = data
    e0 = np.asarray(beam_energy, dtype=float)[:, None]
    beta = np.asarray(collection_angle, dtype=float)[:, None] * 1e-3
    energy = above + onset_energy(label)
    gamma = 1 + e0 / 511.06
    t = 511060 * (1 - 1 / gamma**2) / 2
    qa0sq_min = energy**2 / (4 * _R * t) + energy**3 / (8 * gamma**3 * _R * t**2)
    p02 = t / (_R * (1 - 2 * t / 511060))
    pp2 = p02 - energy / _R * (gamma - energy / 1022120)
    qa0sq_max = qa0sq_min + 4 * np.sqrt(p02 * pp2) * np.sin(beta / 2) ** 2
    qint = _integral_to(np.log(qa0sq_max), gos, x, cumulative) - _integral_to(np.log(qa0sq_min), gos, x, cumulative)
    sigma = qint * (4.0 * np.pi * _A0**2 * _R**2 / energy / t * convention[1]) * 1e28
    return energy, np.maximum(sigma, 0.0)


def partial_cross_section(label: str, beam_energy: float, collection_angle: float, start: float, stop: float) -> float:
    """Cross-section (barn) of one subshell integrated over energy loss from `start` to `stop` (eV).

    The partial cross-section σ(β, Δ) of Egerton's edge-integration
    quantification: dσ/dE of :func:`subshell_cross_section`, zero below the
    subshell's onset, interpolated linearly between the table's energies and
    integrated by the trapezoid rule on a 0.1 eV grid.

    Parameters
    ----------
    label : str
        exspy's ``Element_Subshell`` name.
    beam_energy : float
        Beam energy (keV).
    collection_angle : float
        Collection semi-angle (mrad).
    start, stop : float
        Energy-loss window (eV, exspy's tabulated onsets); the part below the
        onset contributes nothing.

    Returns
    -------
    float
        σ in barn; 0 when the window ends below the onset.

    Raises
    ------
    ValueError
        If the table has no entry for the subshell, or `stop` lies past the
        table's last energy.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.cross_sections.continua import partial_cross_section
    >>> sigma = partial_cross_section("O_K", 200.0, 20.0, 532.0, 632.0)
    >>> bool(0 < sigma < partial_cross_section("O_K", 200.0, 20.0, 500.0, 682.0))
    True
    """
    energy, sigma = subshell_cross_section(label, [beam_energy], [collection_angle])
    if stop > energy[-1]:
        raise ValueError(f"{label}: the table ends {energy[-1]:.0f} eV, before the window's end at {stop:.0f} eV.")
    start = max(start, energy[0])
    if stop <= start:
        return 0.0
    grid = np.linspace(start, stop, max(int(np.ceil((stop - start) / 0.1)), 1) + 1)
    return float(np.trapezoid(np.interp(grid, energy, sigma[0]), grid))
