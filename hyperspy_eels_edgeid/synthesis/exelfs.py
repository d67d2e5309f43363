"""Extended energy-loss fine structure (EXELFS): slow oscillations of an edge past its near-edge range.

Real edges oscillate for hundreds of eV past their onset, as the ejected
electron's wave is scattered back by the neighbouring atoms (the EXAFS of
X-ray absorption).  :func:`exelfs_factor` gives the oscillation of one
neighbour shell as a factor on an edge's continuum; :class:`.shapes.ShapeParameters`
draws its parameters from the ranges below for a share
``SynthesisConfig.exelfs_probability`` of the edges (0 by default).
"""

from __future__ import annotations

import numpy as np

__all__ = ["exelfs_factor", "AMPLITUDE", "DISTANCE", "SIGMA2", "K_PER_SQRT_EV"]

#: Range of χ's amplitude at k = 3 Å⁻¹ (before the Debye-Waller damping)
AMPLITUDE = (0.05, 0.3)
#: Range of the neighbour shell's distance R (Å)
DISTANCE = (1.8, 3.0)
#: Range of the Debye-Waller factor σ² (Å²)
SIGMA2 = (0.002, 0.01)
#: k (Å⁻¹) per √(eV) of kinetic energy of the ejected electron: √(2m)/ħ
K_PER_SQRT_EV = 0.5123


def exelfs_factor(
    delta: np.ndarray,
    amplitude: np.ndarray,
    distance: np.ndarray,
    sigma2: np.ndarray,
    phase: np.ndarray,
    reach: np.ndarray,
) -> np.ndarray:
    """Extended fine structure of one neighbour shell: the factor ``1 + w(ΔE) χ(k)`` on each row's continuum.

    ``χ(k) = A (3/k) exp(-2σ²k²) sin(2kR + φ)``, ``k = 0.5123 √ΔE`` (Å⁻¹, ΔE in eV
    above the onset): the EXAFS form with one shell at distance R (Å) and
    Debye-Waller factor σ² (Å²), A being χ's amplitude at k = 3 Å⁻¹ before
    damping.  ``w`` rises from 0 at 10 eV to 1 at 30 eV (the near-edge
    structure is modelled apart) and falls to 0 over the last quarter of
    `reach` (the modelled range, or the template where that ends first), so
    the continuum past it continues the shape smoothly.  The factor is kept at 0
    or above.

    Parameters
    ----------
    delta : ndarray, shape (n_rows, n)
        Energy above each row's onset (eV).
    amplitude, distance, sigma2, phase, reach : ndarray, shape (n_rows,)
        A, R (Å), σ² (Å²), φ (rad), and the range (eV above the onset) the
        structure fades out by.

    Returns
    -------
    ndarray of float32, shape (n_rows, n)

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.synthesis.exelfs import exelfs_factor
    >>> delta = np.arange(-10.0, 200.0)[None, :]
    >>> one = np.ones(1)
    >>> f = exelfs_factor(delta, 0.2 * one, 2.5 * one, 0.005 * one, 0 * one, 150.0 * one)
    >>> bool(np.all(f[0, delta[0] < 10] == 1) and np.all(f[0, delta[0] > 150] == 1)), bool(f.min() < 0.95)
    (True, True)
    """
    d = np.maximum(delta.astype(float), 0.0)
    k = K_PER_SQRT_EV * np.sqrt(d)
    chi = (
        amplitude[:, None]
        * (3.0 / np.maximum(k, 1e-3))
        * np.exp(-2.0 * sigma2[:, None] * k**2)
        * np.sin(2.0 * k * distance[:, None] + phase[:, None])
    )
    rise = np.sin(0.5 * np.pi * np.clip((d - 10.0) / 20.0, 0.0, 1.0)) ** 2
    fall = np.cos(0.5 * np.pi * np.clip((d - 0.75 * reach[:, None]) / (0.25 * reach[:, None]), 0.0, 1.0)) ** 2
    return np.maximum(1.0 + chi * rise * fall, 0.0).astype(np.float32)
