"""Edge shapes: the single-scattering shape of every edge group, before the instrument.

The paper fitted multi-Gaussian models to ~400 digitised experimental edges, which we do not have.  The shapes
here are built from physics available offline, randomised so that the family covers what real edges look like:

* continua: every subshell of a group from the bundled DFT GOS table, at
  the spectrum's beam energy and collection angle (:mod:`.continua`);
* white lines: pseudo-Voigt L3/L2 peaks for the 3d transition metals (Z 19-30)
  and M5/M4 peaks for Xe-Lu (Z 54-71), at the spin-orbit splitting given by
  exspy's onset table, with random widths, strength and branching ratio, on
  top of the table's continuum (which has no white lines); optionally taller 3d lines on a share of them
  (``SynthesisConfig.tall_white_line_probability``) and M3/M2 peaks on the M2,3 edges of Sr-Rh
  (``SynthesisConfig.m23_white_lines``);
* near-edge structure: random multi-Gaussian modulation of every edge, plus a sharp π*-like peak at the onset of
  some B, C, N, O K edges; optionally (``SynthesisConfig.elnes_families``) the families of real compounds: several
  sharp peaks on B-Si K edges (on a share ``elnes_k_edge_probability`` of them; their π*/σ* pair on a share
  ``elnes_k_pair_probability``), crystal-field split 3d white lines, broad delayed-maximum-like bumps on K and
  L2,3 edges, and the giant resonance of the N4,5 edges of Cs-Yb; optionally
  (``SynthesisConfig.exelfs_probability``) extended fine structure (EXELFS) past the near-edge range.

Shapes are evaluated on a *template grid*: ``PRE`` samples below the onset and ``TEMPLATE_SIZE - PRE`` above it,
at a step chosen per spectrum (the channel width, at least 0.1 eV); past the grid every edge follows its power-law
tail, so the modelled shape covers at most 448 steps above the onset (45 eV at 0.1 eV per step, 224 eV at 0.5 eV).
"""

from __future__ import annotations

import functools

import numpy as np

from ..cross_sections.white_lines import M23_WHITE_LINE_Z
from ..edges import EdgeGroup, all_edge_groups
from . import exelfs
from ._kernels import near_edge_structure, sample_continua
from .config import SynthesisConfig
from .continua import CONTINUUM_SAMPLES, CONTINUUM_STEP, TAIL_STEP, continuum_table

__all__ = [
    "TEMPLATE_SIZE",
    "PRE",
    "build_templates",
    "group_rows",
    "group_attribute",
    "ShapeParameters",
    "keep_edge_area",
]

TEMPLATE_SIZE = 512
PRE = 64
_N_PEAKS = 4  # slots for near-edge Gaussians


def has_sharp_near_edge(group: EdgeGroup) -> bool:
    """K and L2,3 groups get sharp near-edge structure; the others broad, weak structure only.

    Parameters
    ----------
    group : EdgeGroup
        An edge group.

    Returns
    -------
    bool
    """
    return group.name in ("K", "L3", "L2,3")


def has_white_lines(group: EdgeGroup) -> bool:
    """3d transition-metal L2,3 (Z 19-30) and Xe-Lu M4,5 (Z 54-71) edges.

    Parameters
    ----------
    group : EdgeGroup
        An edge group.

    Returns
    -------
    bool
    """
    return (group.name == "L3" and 19 <= group.z <= 30) or (group.name == "M5" and 54 <= group.z <= 71)


@functools.lru_cache(maxsize=1)
def _groups() -> tuple[dict[EdgeGroup, int], dict[str, np.ndarray]]:
    """The row of every edge group in :func:`all_edge_groups`, and per-group attributes as arrays by row."""
    groups = all_edge_groups()
    attributes = {
        "element": np.array([g.element for g in groups], dtype="U3"),
        "name": np.array([g.name for g in groups], dtype="U5"),
        "onset": np.array([g.onset for g in groups]),
        "splitting": np.array([g.onsets[-1] - g.onsets[0] for g in groups]),
        "z": np.array([g.z for g in groups]),
        "sharp": np.array([has_sharp_near_edge(g) for g in groups]),
        "white_lines": np.array([has_white_lines(g) for g in groups]),
        "l3": np.array([g.name == "L3" for g in groups]),
        "light_k": np.array([g.name == "K" and 5 <= g.z <= 8 for g in groups]),
    }
    return {g: i for i, g in enumerate(groups)}, attributes


def group_rows(groups: list[EdgeGroup]) -> np.ndarray:
    """Row of each edge group in :func:`~hyperspy_eels_edgeid.edges.all_edge_groups` (the index of `_groups`).

    Parameters
    ----------
    groups : list of EdgeGroup
        Edge groups.

    Returns
    -------
    ndarray of int
    """
    index = _groups()[0]
    return np.fromiter((index[g] for g in groups), dtype=np.intp, count=len(groups))


def group_attribute(name: str, rows: np.ndarray) -> np.ndarray:
    """An attribute of the edge group of each row (`rows` as from :func:`group_rows`).

    `name` is one of ``element``, ``name`` (group name, as ``EdgeGroup.name``),
    ``onset``, ``splitting`` (last minus first subshell onset), ``z``,
    ``sharp`` (:func:`has_sharp_near_edge`), ``white_lines``
    (:func:`has_white_lines`), ``l3`` (an L3 group) and ``light_k`` (K edge of
    B, C, N or O).

    Parameters
    ----------
    name : str
        The attribute (see above).
    rows : ndarray of int
        Rows as from :func:`group_rows`.

    Returns
    -------
    ndarray
    """
    return _groups()[1][name][rows]


# ------------------------------------------------- lanthanide M5/M4 branching
#: Typical M5/M4 white-line area ratio of the lanthanides by the number of 4f electrons of the
#: trivalent ion (Xe, Cs, Ba and La: 4f0): below 1 for an empty 4f shell, rising as the 4f5/2
#: levels fill, the M4 line vanishing for Yb (4f13, whose one hole is 4f7/2) and Lu (4f14).  The
#: trend is that of atomic-multiplet theory (Thole et al., Phys. Rev. B 32, 5107, 1985) and of
#: EELS of lanthanide oxides; the values are approximate (written from general knowledge, not
#: fitted to any spectrum), and `M45_BRANCHING_SPREAD` covers valence and compound.
M45_BRANCHING_BY_4F = np.array([0.8, 0.95, 1.05, 1.15, 1.25, 1.35, 1.45, 1.55, 1.8, 2.1, 2.6, 3.3, 5.0, 30.0, 30.0])
#: Range of the strength of the M3/M2 white lines of ``SynthesisConfig.m23_white_lines`` (on the elements of
#: :data:`~hyperspy_eels_edgeid.cross_sections.white_lines.M23_WHITE_LINE_Z`; M3 line height in units of the
#: M2,3 continuum's maximum, as the 3d L3 lines' 1.5-6): drawn from the first value up to the second for
#: Sr-Mo, up to 0.4 of it for Rh.
M23_WHITE_LINE_STRENGTH = (0.3, 3.0)
#: Range of their FWHM (eV): broader than 3d L3 lines, a 3p hole lives shorter (Zr M3 about 3-5 eV).
M23_WHITE_LINE_FWHM = (2.0, 6.0)
#: Half-width of the log-uniform spread of the white-line branching ratios about 2 (L3/L2) and 1.5 (M5/M4).
WHITE_LINE_BRANCHING_SPREAD = 0.7
#: Half-width of the log-uniform spread of the M5/M4 ratio about `M45_BRANCHING_BY_4F`.
M45_BRANCHING_SPREAD = 0.25
#: Typical L3/L2 white-line area ratio of K-Zn (Z 19-30, in that order): near 1 for an empty 3d shell (K, Ca, Sc, Ti; the
#: j-j mixing of the 2p hole that Leapman, Grunes and Fejes, Phys. Rev. B 26, 614, 1982, measured), rising through
#: Cr and Mn to 3-4 for Fe-Ni and Cu(II) (Pearson et al., Phys. Rev. B 47, 8471, 1993); approximate values written
#: from that general knowledge, not fitted to any spectrum; `L23_BRANCHING_SPREAD` covers valence and compound.
L23_BRANCHING_BY_Z = np.array([1.0, 0.95, 0.9, 0.9, 1.1, 1.6, 2.6, 4.0, 3.6, 3.3, 3.5, 2.0])
#: Half-width of the log-uniform spread of the L3/L2 ratio about `L23_BRANCHING_BY_Z`.
L23_BRANCHING_SPREAD = 0.3


def m45_branching_ratio(z) -> np.ndarray:
    """Typical M5/M4 white-line area ratio of element(s) `z` (Xe-Lu, Z 54-71) by their 4f occupancy.

    Parameters
    ----------
    z : array_like of int
        Atomic numbers; the trivalent ion's 4f count is ``z - 57`` (0 below La).

    Returns
    -------
    ndarray of float
        The typical M5/M4 area ratio of each.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis.shapes import m45_branching_ratio
    >>> m45_branching_ratio([56, 57, 64, 70]).round(2).tolist()   # Ba, La, Gd, Yb
    [0.8, 0.8, 1.55, 30.0]
    """
    n_4f = np.clip(np.asarray(z) - 57, 0, M45_BRANCHING_BY_4F.size - 1)
    return M45_BRANCHING_BY_4F[n_4f]


# ---------------------------------------------------------------- templates
class ShapeParameters:
    """Random shape parameters of a set of edge rows (struct of arrays).

    `rows` gives the edge group of each row as :func:`group_rows` does.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        rows: np.ndarray,
        white_lines: bool,
        near_edge: bool,
        elnes: bool = False,
        white_line_fwhm: tuple[float, float] = SynthesisConfig.white_line_fwhm,
        m45_branching: str = SynthesisConfig.m45_branching,
        elnes_k_edge_probability: float = SynthesisConfig.elnes_k_edge_probability,
        elnes_k_pair_probability: float | None = SynthesisConfig.elnes_k_pair_probability,
        exelfs_probability: float = SynthesisConfig.exelfs_probability,
        broad_white_line_probability: float = SynthesisConfig.broad_white_line_probability,
        broad_white_line_fwhm: tuple[float, float] = SynthesisConfig.broad_white_line_fwhm,
        m23_white_lines: bool = SynthesisConfig.m23_white_lines,
        l23_branching: str = SynthesisConfig.l23_branching,
        tall_white_line_probability: float = SynthesisConfig.tall_white_line_probability,
        tall_white_line_strength: tuple[float, float] = SynthesisConfig.tall_white_line_strength,
    ):
        g = len(rows)
        z = group_attribute("z", rows)
        self.white = group_attribute("white_lines", rows) & white_lines
        is_l = group_attribute("l3", rows)
        weak_wl = (z >= 29) & is_l  # Cu, Zn: from none (metal) to weak (oxides)
        is_m = ~is_l  # lanthanide M4,5: white lines far above a small continuum
        # 3d white-line intensity follows the number of 3d holes (Pearson et al. 1993): strong for
        # K-Mn, whatever the compound; the lower limit falls from 1.5 (Mn) to 0.5 (Ni)
        lowest = np.interp(z, [25, 28], [1.5, 0.5])
        strength = np.select(
            [weak_wl, is_m],
            [rng.uniform(0.0, 1.5, g), rng.uniform(2.0, 12.0, g)],
            lowest + rng.random(g) * (6.0 - lowest),
        )
        self.wl_strength = strength * self.white
        self.wl_width = rng.uniform(*white_line_fwhm, g)
        self.wl_width_ratio = rng.uniform(1.0, 1.6, g)  # second line broader (Coster-Kronig)
        # observed white lines are multiplet envelopes: mostly Gaussian, a little lifetime Lorentzian
        self.wl_lorentzian_fraction = rng.uniform(0.0, 0.3, g)
        statistical = np.where(is_l, 2.0, 1.5)
        spread = rng.uniform(-WHITE_LINE_BRANCHING_SPREAD, WHITE_LINE_BRANCHING_SPREAD, g)
        self.wl_branching = statistical * np.exp(spread)
        if m45_branching == "4f":  # the same random numbers, scaled to the narrower spread
            by_4f = m45_branching_ratio(z) * np.exp(spread * (M45_BRANCHING_SPREAD / WHITE_LINE_BRANCHING_SPREAD))
            self.wl_branching = np.where(is_m, by_4f, self.wl_branching)
        if l23_branching == "3d":  # likewise for the 3d L3/L2 ratio
            typical = L23_BRANCHING_BY_Z[np.clip(z - 19, 0, L23_BRANCHING_BY_Z.size - 1)]  # white lines: Z 19-30 only
            by_z = typical * np.exp(spread * (L23_BRANCHING_SPREAD / WHITE_LINE_BRANCHING_SPREAD))
            self.wl_branching = np.where(is_l, by_z, self.wl_branching)
        self.wl_offset = rng.uniform(0.0, 2.0, g)
        n = rng.integers(0, _N_PEAKS + 1, g) if near_edge else np.zeros(g, int)
        slots = np.arange(_N_PEAKS)[None, :] < n[:, None]
        self.peak_centre = rng.uniform(0.0, 40.0, (g, _N_PEAKS))
        # delayed maxima (4d/5d M4,5, N4,5, secondary edges) have broad, weak structure only: sharp
        # peaks on them would teach the network that B K or N K fine structure may be Zr, Nb ... M4,5
        delayed = (~self.white & ~group_attribute("sharp", rows))[:, None]
        sharp_width, broad_width = rng.uniform(0.4, 4.0, (g, _N_PEAKS)), rng.uniform(3.0, 10.0, (g, _N_PEAKS))
        self.peak_width = np.where(delayed, broad_width, sharp_width)
        sharp_height, weak_height = rng.uniform(-0.5, 1.5, (g, _N_PEAKS)), rng.uniform(-0.3, 0.6, (g, _N_PEAKS))
        self.peak_height = np.where(delayed, weak_height, sharp_height) * slots
        self.pi_star = group_attribute("light_k", rows) & (rng.random(g) < 0.5) & near_edge
        self.pi_height = rng.uniform(0.5, 3.0, g) * self.pi_star
        self.pi_width = rng.uniform(0.3, 1.2, g)
        self.pi_centre = rng.uniform(0.0, 3.0, g)
        self.cf_split = np.zeros(g)
        self.cf_fraction = np.zeros(g)
        if elnes and near_edge:
            self._add_elnes_families(rng, rows, z, is_l, elnes_k_edge_probability, elnes_k_pair_probability)
        # extended fine structure (EXELFS), drawn last and only when asked for: former seeds keep their stream
        self.exelfs_amplitude, self.exelfs_distance, self.exelfs_sigma2, self.exelfs_phase = np.zeros((4, g))
        if exelfs_probability > 0:
            on = rng.random(g) < exelfs_probability
            self.exelfs_amplitude = np.where(on, rng.uniform(*exelfs.AMPLITUDE, g), 0.0)
            self.exelfs_distance = rng.uniform(*exelfs.DISTANCE, g)
            self.exelfs_sigma2 = rng.uniform(*exelfs.SIGMA2, g)
            self.exelfs_phase = rng.uniform(0.0, 2.0 * np.pi, g)
        # broad white lines, drawn after everything else and only when asked for (the same reason)
        if broad_white_line_probability > 0:
            broad = self.white & (rng.random(g) < broad_white_line_probability)
            self.wl_width = np.where(broad, rng.uniform(*broad_white_line_fwhm, g), self.wl_width)
        # M3/M2 white lines of Sr-Rh, drawn last and only when asked for (the same reason)
        if m23_white_lines and white_lines:
            self._add_m23_white_lines(rng, rows, z)
        # tall 3d white lines (K-Cu), drawn after those and only when asked for (the same reason)
        if tall_white_line_probability > 0:
            tall = self.white & is_l & (z <= 29) & (rng.random(g) < tall_white_line_probability)
            self.wl_strength = np.where(tall, rng.uniform(*tall_white_line_strength, g), self.wl_strength)

    def _add_m23_white_lines(self, rng: np.random.Generator, rows: np.ndarray, z: np.ndarray) -> None:
        """3p -> 4d lines on the M2,3 edges of Sr-Rh (``SynthesisConfig.m23_white_lines``)."""
        g = len(rows)
        on = (group_attribute("name", rows) == "M3") & (z >= M23_WHITE_LINE_Z[0]) & (z <= M23_WHITE_LINE_Z[1])
        # strong while the 4d shell is nearly empty (Sr-Mo), weaker as it fills (Tc-Rh)
        highest = np.interp(z, [42, 45], [M23_WHITE_LINE_STRENGTH[1], 0.4 * M23_WHITE_LINE_STRENGTH[1]])
        strength = M23_WHITE_LINE_STRENGTH[0] + rng.random(g) * (highest - M23_WHITE_LINE_STRENGTH[0])
        spread = rng.uniform(-WHITE_LINE_BRANCHING_SPREAD, WHITE_LINE_BRANCHING_SPREAD, g)
        width = rng.uniform(*M23_WHITE_LINE_FWHM, g)
        self.white = self.white | on
        self.wl_strength = np.where(on, strength, self.wl_strength)
        self.wl_width = np.where(on, width, self.wl_width)
        self.wl_branching = np.where(on, 2.0 * np.exp(spread), self.wl_branching)  # M3/M2 statistically 2, as L3/L2

    def _add_elnes_families(
        self,
        rng: np.random.Generator,
        rows: np.ndarray,
        z: np.ndarray,
        is_l: np.ndarray,
        k_edge_probability: float,
        k_pair_probability: float | None,
    ) -> None:
        """The near-edge structure of ``SynthesisConfig.elnes_families``, drawn after (and on top of) the rest."""
        g = len(rows)
        name = group_attribute("name", rows)
        k_edge_b_to_si = (name == "K") & (z >= 5) & (z <= 14)
        # a share is drawn only below 1 (the pair's only when given): the defaults keep former seeds' stream
        def share(p: float) -> np.ndarray:
            return k_edge_b_to_si & (rng.random(g) < p) if p < 1 else k_edge_b_to_si

        peaks_on = share(k_edge_probability)
        pair_on = peaks_on if k_pair_probability is None else share(k_pair_probability)
        # two to four sharp peaks within 30 eV of the K edges of B-Si (σ*, oxide O K, MgO Mg K ...)
        n = rng.integers(2, _N_PEAKS + 1, g)
        slots = (np.arange(_N_PEAKS)[None, :] < n[:, None]) & peaks_on[:, None]
        self.peak_centre = np.where(slots, rng.uniform(0.0, 30.0, (g, _N_PEAKS)), self.peak_centre)
        self.peak_width = np.where(slots, rng.uniform(0.8, 4.0, (g, _N_PEAKS)), self.peak_width)
        self.peak_height = np.where(slots, rng.uniform(0.3, 2.5, (g, _N_PEAKS)), self.peak_height)
        pi = pair_on & (rng.random(g) < 0.6)
        self.pi_star = self.pi_star | pi
        self.pi_height = np.where(pi, rng.uniform(0.5, 3.0, g), self.pi_height)
        # a broad bump 10-40 eV above K and L2,3 onsets, shaped like a delayed M4,5 maximum, in the last slot
        bump = group_attribute("sharp", rows) & (rng.random(g) < 0.3)  # 30 % of the K and L2,3 groups
        last = _N_PEAKS - 1
        self.peak_centre[bump, last] = rng.uniform(10.0, 40.0, bump.sum())
        self.peak_width[bump, last] = rng.uniform(4.0, 12.0, bump.sum())
        self.peak_height[bump, last] = rng.uniform(0.3, 1.2, bump.sum())
        # crystal-field split 3d white lines (t2g / eg), Sc-Ni
        split = self.white & is_l & (z >= 21) & (z <= 28) & (rng.random(g) < 0.6)
        self.cf_split = np.where(split, rng.uniform(0.7, 2.5, g), 0.0)
        self.cf_fraction = np.where(split, rng.uniform(0.3, 0.7, g), 0.0)
        # a sharp σ* peak 5-9 eV above the π* peak on half of the K edges of B-Si that have one (h-BN B K
        # and N K, graphite C K, carbonate and nitrate O K): the pair that imitates 3d L3/L2 white lines
        # (Sc L3/L2 lie 5 eV apart at 402/407 eV, over the N K edge at 401 eV); drawn last, in the first slot
        sigma = self.pi_star & pair_on & (rng.random(g) < 0.5)
        self.peak_centre[sigma, 0] = self.pi_centre[sigma] + rng.uniform(5.0, 9.0, sigma.sum())
        self.peak_width[sigma, 0] = rng.uniform(0.8, 2.5, sigma.sum())
        self.peak_height[sigma, 0] = rng.uniform(0.8, 2.5, sigma.sum())
        # the 4d -> 4f giant resonance of the N4,5 edges of Cs-Yb: a broad, strong maximum 8-25 eV above the
        # onset (La N4,5 at 99 eV peaks near 115 eV; the table's neutral-atom continuum peaks within about
        # 10 eV and falls fast, so that the real maximum looks like a new edge, Be K at 111 eV), on 70 % of
        # them; in the last slot (no bump above: N4,5 groups are not sharp)
        giant = (name == "N5") & (z >= 55) & (z <= 70) & (rng.random(g) < 0.7)
        self.peak_centre[giant, last] = rng.uniform(8.0, 25.0, giant.sum())
        self.peak_width[giant, last] = rng.uniform(3.0, 8.0, giant.sum())
        self.peak_height[giant, last] = rng.uniform(1.0, 4.0, giant.sum())


def keep_edge_area(shaped: np.ndarray, before: np.ndarray, delta: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Rescale near-edge structure so that it moves intensity within `reach` eV of the onset, adding none.

    Solid-state effects redistribute an edge's oscillator strength near the
    onset but keep its total (the Bethe sum rule), so a fit with the atomic
    cross-section recovers the element's amount.  Each row of `shaped` (the
    edge with its near-edge structure) is multiplied by ``1 - c h(ΔE)``,
    with ``h = cos²(π ΔE / 2 reach)`` from the onset to `reach` (0 past it,
    so the edge's tail is untouched) and ``c`` such that its area above the
    onset equals that of `before` (the edge without the structure); ``c`` is
    kept within -1 to 0.8, so rows stay positive (where it is clipped, a
    structure that more than doubles the edge's area keeps part of it).

    Parameters
    ----------
    shaped, before : ndarray, shape (n_rows, n)
        The edge with and without its near-edge structure.
    delta : ndarray, shape (n_rows, n)
        Energy above the onset (eV) of each sample.
    reach : ndarray, shape (n_rows,)
        eV above the onset over which the area is kept.

    Returns
    -------
    ndarray
        `shaped`, rescaled (same dtype).

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.synthesis.shapes import keep_edge_area
    >>> delta = np.arange(-10.0, 90.0)[None, :]
    >>> before = np.where(delta >= 0, 1.0, 0.0)
    >>> shaped = before * (1 + np.exp(-0.5 * ((delta - 5.0) / 2.0) ** 2))   # a peak 5 eV above the onset
    >>> kept = keep_edge_area(shaped, before, delta, np.array([60.0]))
    >>> bool(np.isclose(kept.sum(), before.sum())), bool(np.allclose(kept[:, 75:], before[:, 75:]))
    (True, True)
    """
    above = delta >= 0
    h = np.where(above, np.cos(0.5 * np.pi * np.clip(delta / reach[:, None], 0.0, 1.0)) ** 2, 0.0)
    added = np.where(above, shaped - before, 0.0).sum(axis=1)
    weight = (shaped * h).sum(axis=1)
    c = np.clip(np.divide(added, weight, out=np.zeros_like(added, dtype=float), where=weight > 0), -1.0, 0.8)
    return (shaped * (1.0 - c[:, None] * h)).astype(shaped.dtype)


def _pseudo_voigt(x: np.ndarray, centre: np.ndarray, fwhm: np.ndarray, eta: np.ndarray) -> np.ndarray:
    """Unit-height pseudo-Voigt: ``eta`` Lorentzian + ``1 - eta`` Gaussian of the same FWHM."""
    z = (x - centre[:, None].astype(x.dtype)) / (0.5 * fwhm[:, None]).astype(x.dtype)
    z2 = z * z
    e = eta[:, None].astype(x.dtype)
    return e / (1.0 + z2) + (1.0 - e) * np.exp(np.float32(-np.log(2.0)) * z2)


def build_templates(
    rows: np.ndarray,
    delta: np.ndarray,
    p: ShapeParameters,
    model_range: np.ndarray,
    buckets: np.ndarray,
) -> np.ndarray:
    """Unbroadened single-scattering shapes of edge rows on their template grids.

    Parameters
    ----------
    rows : ndarray of int, shape (n_rows,)
        Edge group of each row, as its index in
        :func:`~hyperspy_eels_edgeid.edges.all_edge_groups` (:func:`group_rows`).
    delta : ndarray of float32, shape (n_rows, TEMPLATE_SIZE)
        Energy above each row's onset (eV), ``(j - PRE) * step`` for sample
        ``j``: increasing in equal steps, negative for the first ``PRE``.
    p : ShapeParameters
    model_range : ndarray, shape (n_rows,)
        Energy above onset past which the shape is the bare continuum (no
        white lines or near-edge structure), scaled to continue the shape.
    buckets : ndarray of int, shape (n_rows,)
        (beam energy, collection angle) bucket of each row (:func:`bucket_of`).

    Returns
    -------
    ndarray of float32, shape (n_rows, TEMPLATE_SIZE)
        In units of each row's continuum maximum (the scales :func:`.continua.continuum_table` returns).
    """
    f32 = np.float32
    splitting = group_attribute("splitting", rows)

    # continuum: the table's, integrated over q at the row's bucket (0 below the onset)
    continuum = np.empty(delta.shape, dtype=f32)
    if rows.size:
        table, table_rows, _ = continuum_table(rows, buckets)
        sample_continua(
            continuum, table, table_rows, delta, CONTINUUM_SAMPLES, f32(1.0 / CONTINUUM_STEP), f32(1.0 / TAIL_STEP)
        )
    tail = np.flatnonzero(model_range < delta[:, -1])
    bare = continuum[tail]  # a copy: the bare continuum of the rows handed over to it

    # near-edge structure on the continuum: multiplicative multi-Gaussian modulation, and a sharp
    # pi*-like peak at the onset of light-element K edges; it moves intensity, adding none
    step = (delta[:, -1].astype(float) - delta[:, 0]) / (delta.shape[1] - 1)
    modulated = np.flatnonzero(p.peak_height.any(axis=1) | (p.pi_height != 0))
    before = continuum[modulated]
    near_edge_structure(
        continuum, delta, step, p.peak_centre, p.peak_width, p.peak_height, p.pi_centre, p.pi_width, p.pi_height
    )
    if modulated.size:
        reach = np.minimum(model_range[modulated], delta[modulated, -1])
        continuum[modulated] = keep_edge_area(continuum[modulated], before, delta[modulated], reach)

    # extended fine structure past the near-edge range (a share `SynthesisConfig.exelfs_probability` of the rows)
    wavy = np.flatnonzero(p.exelfs_amplitude)
    if wavy.size:
        continuum[wavy] *= exelfs.exelfs_factor(
            delta[wavy], p.exelfs_amplitude[wavy], p.exelfs_distance[wavy], p.exelfs_sigma2[wavy],
            p.exelfs_phase[wavy], np.minimum(model_range[wavy], delta[wavy, -1]),
        )  # fmt: skip

    # white lines on top (the bound states the table lacks: extra intensity, not modulated)
    lined = np.flatnonzero(p.white)
    if lined.size:
        d = delta[lined]
        ratio = p.wl_branching[lined]
        centre1 = p.wl_offset[lined]
        centre2 = splitting[lined] + p.wl_offset[lined]
        width1 = p.wl_width[lined]
        width2 = width1 * p.wl_width_ratio[lined]
        h1 = p.wl_strength[lined]
        h2 = h1 / ratio * width1 / width2  # areas in the branching ratio
        eta = p.wl_lorentzian_fraction[lined]
        # crystal-field splitting: each line gives the share `f` of its area to a copy `split` eV above it
        split, f = p.cf_split[lined], p.cf_fraction[lined]
        lines = np.zeros(d.shape, dtype=f32)
        for h, centre, width in ((h1, centre1, width1), (h2, centre2, width2)):
            lines += (h * (1.0 - f))[:, None].astype(f32) * _pseudo_voigt(d, centre, width, eta)
            if split.any():
                lines += (h * f)[:, None].astype(f32) * _pseudo_voigt(d, centre + split, width, eta)
        continuum[lined] += lines

    # past the modelled range the bare continuum of the table, scaled to the shape's value at the handover
    if tail.size:
        past = delta[tail] > model_range[tail, None]
        handover = np.argmax(past, axis=1) - 1
        at = np.arange(tail.size)
        scale = continuum[tail, handover] / np.maximum(bare[at, handover], f32(1e-30))
        continuum[tail] = np.where(past, bare * scale[:, None], continuum[tail])
    return continuum
