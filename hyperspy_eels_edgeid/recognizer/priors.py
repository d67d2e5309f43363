"""The prior over elements: how often an element is in a specimen that someone measures by EELS.

The network is trained on spectra whose elements are drawn (nearly)
uniformly, so its probabilities carry no knowledge of what specimens hold.
Real specimens are not uniform: oxides, nitrides, carbides and carbon or
oxygen contamination are everywhere, the noble gases appear only implanted
or trapped, and elements without a long-lived isotope almost never.  The
decoder (:mod:`.decoder`) adds this prior to the network's log-odds.

The prior is four tiers, chosen from general knowledge of the materials
studied by TEM-EELS (not fitted to any spectra): each tier lowers the
log-odds by ``step`` (1 by default, a factor e in the odds) relative to the
one above.

* ``common``: light elements, the anions and contamination (B, C, N, O, F),
  the main-group and 3d metals of structural and functional materials, and
  the heavier elements of widespread oxides, semiconductors and
  nanoparticles (Sr, Y, Zr, Nb, Mo, Ag, In, Sn, Ba, La, Ce, Hf, Ta, W, Pt,
  Au, Pb);
* ``uncommon``: every other stable element (most 4d/5d metals, the other
  lanthanides, the halogens Br and I, Th and U ...);
* ``rare``: the noble gases (only implanted or trapped);
* ``very rare``: the elements without a long-lived isotope other than Th and
  U (Tc, Pm, Po, At, Rn, Fr, Ra, Ac, Pa, Np, Pu, Am).

Examples
--------
>>> from hyperspy_eels_edgeid.recognizer.priors import prior_log_odds
>>> prior_log_odds(["O", "Sc", "Xe", "Tc"]).tolist()
[0.0, -1.0, -2.0, -3.0]
"""

from __future__ import annotations

import numpy as np

__all__ = ["PRIOR_TIERS", "prior_tier", "prior_log_odds"]

#: Elements of each tier, in order of decreasing prior probability.
PRIOR_TIERS: dict[str, tuple[str, ...]] = {
    "common": tuple(
        "Li B C N O F Na Mg Al Si P S Cl K Ca Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As "
        "Sr Y Zr Nb Mo Ag In Sn Ba La Ce Hf Ta W Pt Au Pb".split()
    ),
    "uncommon": tuple(
        "Be Sc Se Br Rb Ru Rh Pd Cd Sb Te I Cs Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu "
        "Re Os Ir Hg Tl Bi Th U".split()
    ),
    "rare": tuple("He Ne Ar Kr Xe".split()),
    "very rare": tuple("Tc Pm Po At Rn Fr Ra Ac Pa Np Pu Am".split()),
}

_RANK = {element: rank for rank, members in enumerate(PRIOR_TIERS.values()) for element in members}


def prior_tier(element: str) -> str:
    """Name of the prior tier of `element` (``"uncommon"`` for an element not listed).

    Parameters
    ----------
    element : str
        Chemical symbol.

    Returns
    -------
    str

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.priors import prior_tier
    >>> prior_tier("Fe"), prior_tier("Kr")
    ('common', 'rare')
    """
    return list(PRIOR_TIERS)[_RANK.get(element, 1)]


def prior_log_odds(elements, step: float = 1.0) -> np.ndarray:
    """Log-odds the prior adds to each element's network logit.

    Parameters
    ----------
    elements : sequence of str
        Chemical symbols.
    step : float
        Log-odds between neighbouring tiers (0 switches the prior off).

    Returns
    -------
    ndarray of float, shape (len(elements),)
        0 for the common tier, ``-step`` for uncommon, ``-2 step`` for rare,
        ``-3 step`` for very rare elements.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.priors import prior_log_odds
    >>> prior_log_odds(["Fe", "Kr"], step=0.5).tolist()
    [0.0, -1.0]
    """
    return np.array([-float(step) * _RANK.get(e, 1) for e in elements], dtype=float) + 0.0
