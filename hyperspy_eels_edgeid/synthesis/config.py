"""Configuration of the forward model: every random range in one dataclass.

The defaults are the paper's (Kong, Ji & Xin, Table 2 and text) wherever the
paper gives a value; the extensions beyond the paper (shot noise, plural
scattering, realistic acquisition windows, every element with a principal
edge in the window, physics-based edge shapes) are on by default and each
can be switched off.  :meth:`SynthesisConfig.paper` returns the paper's model
alone.

Longer than 500 lines: one dataclass holds every parameter of the forward
model, and its docstring documents each of them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..edges import edge_groups_of

__all__ = ["SynthesisConfig", "PAPER_JUMP_RATIO_MAX"]

#: Upper jump ratio of each of the paper's 20 elements (Table 1; the lower
#: limit is 0.15 for all of them).
PAPER_JUMP_RATIO_MAX: dict[str, float] = {
    "B": 0.5, "Mn": 0.5, "C": 1.5, "Fe": 1.5, "N": 0.7, "Co": 0.7, "O": 1.5,
    "Ni": 1.5, "F": 1.0, "Cu": 1.0, "Ca": 1.3, "Si": 1.3, "Sc": 1.3, "P": 1.3,
    "Ti": 1.5, "S": 1.5, "V": 1.5, "Cl": 1.5, "Cr": 1.5, "Ar": 1.5,
}  # fmt: skip

Range = tuple[float, float]

#: Fields of earlier versions that :meth:`SynthesisConfig.from_json` ignores: the relative strengths of
#: an element's edges were random (0.05-0.25 and 0.5-1.0 of the first), and the edges' tails past the
#: modelled range power laws of random exponent; the cross-sections give both now.
_OBSOLETE = ("secondary_edge_scale", "companion_edge_scale", "edge_tail_exponent")


def _as_range(name: str, value: Any) -> Range:
    """Turn a scalar or a pair into a validated ``(low, high)`` range."""
    given = value
    if np.isscalar(value):
        value = (value, value)
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a number or a (low, high) pair, got {given!r}.") from None
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(f"{name}: the range {value!r} must be finite.")
    if low > high:
        raise ValueError(f"{name}: inverted range ({low}, {high}); give it as (low, high) with low <= high.")
    return low, high


#: The thickest specimen the forward model synthesizes (t/λ); its plural-scattering FFT grows with t/λ.
MAX_THICKNESS = 5.0
#: The fewest channels of a synthesized spectrum.
MIN_CHANNELS = 16


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as the Python numbers and lists JSON takes."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@dataclass
class SynthesisConfig:
    """All parameters of the forward model.

    A range ``(low, high)`` is sampled uniformly per spectrum unless stated
    otherwise; a scalar fixes the parameter (it is stored as ``(v, v)``).

    Parameters
    ----------
    n_elements_probabilities
        Probability of 0, 1, 2, ... elements per spectrum.  The paper's
        1-6 elements with 20/20/20/15/15/10 %.
    candidate_elements
        Elements to draw from; ``None`` means every element with a principal
        Major edge (exspy's database) inside the spectrum's window.
    element_weights
        Relative probability of drawing an element (default 1 for every
        element), e.g. ``{"C": 3.0, "O": 3.0}`` for elements that real
        spectra show more often.  Elements are drawn without replacement.
    extra_element_probability
        Probability that an element is added to a spectrum on top of the
        drawn ones, when it has a principal edge in the window: real spectra
        show carbon contamination and surface oxide far more often than
        uniform sampling suggests, e.g. ``{"C": 0.3, "O": 0.4}``.  Empty by
        default (the paper's element-count distribution).
    below_window_probability
        Probability that an element whose principal edge lies up to 100 eV
        below the window (and nowhere in it) is added: its tail and
        near-edge structure reach into the window, but it is not a label,
        as when a window starts just after a strong edge.  0 by default.
    secondary_only_probability
        Probability that an element is added whose principal edge lies up to
        300 eV below the window (its tail reaches into it) and whose only
        edges in the window are secondary ones (L1, M2,3 ...; exspy's table,
        the package's source of edges, has no M1 edges), sized by the
        cross-sections against that principal edge: not a label, as Ca L1
        (438 eV) in a Ti L2,3 / O K window of CaTiO3 from 400 eV, or Gd M3/M2
        above a Gd M4,5 edge outside the window.  0 by default.
    jump_ratio_min
        Lowest jump ratio of an element's principal edge (paper: 0.15): its
        first principal edge in the window.  Its other edges (Si K next to
        Si L2,3, L1, M2,3 ...) follow from the cross-sections (the bundled
        table's continua at the spectrum's beam energy and collection angle).
    jump_ratio_max
        Highest jump ratio per element (paper's Table 1 for its 20
        elements).  Elements not listed use `default_jump_ratio_max`.
    default_jump_ratio_max
        Highest jump ratio of elements outside Table 1 (1.0, a cautious
        value below the median, 1.4, of Table 1's upper limits).
    jump_ratio_log_uniform
        Draw jump ratios log-uniformly between the limits instead of
        uniformly (the paper): weak and strong edges then both get their
        share when the range spans decades.
    strong_edge_probability
        Probability that an element's jump ratio is drawn instead
        log-uniformly between its usual maximum and
        `strong_edge_jump_ratio_max` (0 by default: no extra random
        numbers are drawn then).  The white lines of real lanthanide M5
        edges stand 2.6-6.8 times above the background (peak over the
        power-law background at the onset, measured on the development
        spectra's La2O3 and Gd2O3 with
        ``experiments/strong_edges/real_peak_jump_ratios.py``), far above
        the maxima of 0.5-1.5 of the paper's Table 1.
    strong_edge_jump_ratio_max
        Upper jump ratio of those strong edges (8.0).
    strong_edges_white_lines_only
        Draw strong edges only for elements whose principal edge has white
        lines (L2,3 of K-Zn, M4,5 of Xe-Lu), the edges measured that tall.
    gaussian_fwhm
        FWHM (eV) of the Gaussian part of the point-spread function (beam
        energy spread), paper 0.1-1.6.
    lorentzian_hwhm
        HWHM (eV) of its Lorentzian part (detector), paper 0.1-0.6.
    edge_model_range
        Energy range (eV above the onset) over which an edge has its white
        lines and near-edge structure; past it the edge is the table's bare
        continuum, scaled to continue the shape (so its tail decays as the
        table's cross-section does, at the spectrum's beam energy and
        collection angle, and past the table's last energy, about 950 eV above
        the onset, as the power law exspy extrapolates with).  The paper
        continued every edge past its modelled range by a power law of random
        exponent 1.8-3.8; the table's exponents there are about 3-5.7.
    background_exponent_mean, background_exponent_std, background_exponent_min
        Background J(E) ∝ E^-r with r ~ N(1.88, 0.5), values below 0.1 redrawn.
    expansion
        Largest relative contraction/expansion of the energy axis (paper 1.5 %).
    shift
        Largest shift (eV) of the energy axis (paper 15 eV).
    noise_sigma
        Standard deviation of the Gaussian noise before smoothing, relative to
        the background at the window start (paper 0.0012).
    savgol_frame
        Frame length range of the order-1 Savitzky-Golay filter that turns
        it into fixed-pattern noise (paper: odd, 30-60; odd lengths in the
        range are drawn, and a range without one gives the next odd
        length); ``1`` leaves the noise white (the paper's sensitivity
        protocol).
    noise_coefficient
        Multiplier C of the fixed-pattern noise (paper 1-2).
    shot_noise
        Add Poisson shot noise (beyond the paper).
    counts
        Range of the counts per channel at the window start, sampled
        log-uniformly; sets the shot-noise level and the output scale.
    readout_noise
        Standard deviation (counts) of Gaussian detector read-out noise,
        after dark subtraction; it makes low-count channels go negative, as
        in real data.  Off by default.
    plural_scattering
        Convolve the edges with a low-loss spectrum (zero-loss + plasmons).
    thickness
        Range of t/λ (relative thickness) for plural scattering (at most 5).
    plasmon_energy, plasmon_fwhm
        Plasmon peak position and width (eV).
    white_lines
        Add L3/L2 white lines to 3d transition metals and M5/M4 white lines to
        the lanthanides (randomised branching ratio and widths).
    white_line_fwhm
        Range of the white lines' FWHM (eV, before the instrument's
        point-spread function).
    broad_white_line_probability, broad_white_line_fwhm
        Share of the elements with white lines whose lines take their FWHM
        from the second range instead (unresolved multiplets, poor energy
        resolution; exspy's ``EELS_MnFe`` example has lines about 9 eV
        wide).  0 by default (no extra random numbers are drawn then).
    tall_white_line_probability, tall_white_line_strength
        Share of the K-Cu L3/L2 white-line pairs whose strength (L3 line
        height in units of the edge's continuum maximum) is drawn from the
        second range instead of the ordinary one (1.5-6 for K-Mn, falling
        to 0.5-6 for Ni, 0-1.5 for Cu): lines that stand far above a small
        continuum step, as in many oxides (MnO, NiO, CuO) and in exspy's
        ``EELS_MnFe`` example (L3 about 15 times its step).  0 by default
        (no extra random numbers are drawn then).
    m23_white_lines
        Add M3/M2 white lines to the M2,3 edges of Sr-Rh (Z 38-45): the
        3p -> 4d transitions into their empty 4d states, which the table's
        continuum lacks, make these edges two peaks 11-25 eV apart (Zr
        330 / 344 eV, as Ca's L3 / L2 lines at 346 / 350 eV), strongest
        while the 4d shell is nearly empty (Sr-Mo) and weaker towards Rh
        (`shapes.M23_WHITE_LINE_STRENGTH`, `shapes.M23_WHITE_LINE_FWHM`;
        the elements: `cross_sections.white_lines.M23_WHITE_LINE_Z`, the
        ones whose M3/M2 range `create_model` leaves out of the fit).  Off
        by default (no extra random numbers are drawn then).
    m45_branching
        M5/M4 area ratio of the lanthanide white lines: ``"random"`` draws
        0.74-3.0 (1.5 times e^±0.7) for every element, as the L3/L2 ratio
        (1-4); ``"4f"`` follows the 4f occupancy
        (`shapes.M45_BRANCHING_BY_4F`: 0.8 for Xe-La, rising to 5 for Tm, the M4
        line vanishing for Yb and Lu) within a factor e^±0.25.  Both use the
        same random numbers, so spectra of one seed differ in these ratios only.
    l23_branching
        L3/L2 area ratio of the 3d white lines: ``"random"`` (as above, 1-4
        for every element) or ``"3d"``, the element's typical ratio
        (`shapes.L23_BRANCHING_BY_Z`: about 1 for K-Ti, 2.6 for Mn, 3-4 for
        Fe-Cu) within a factor e^±0.3, from the same random numbers.
    near_edge_structure
        Add random multi-Gaussian near-edge structure to every edge.
    secondary_edges
        Synthesize the weak secondary edges (L1, M2,3, ...) of present
        elements.
    elnes_families
        Add the near-edge structure that real compounds show and that
        imitates other edges (off by default): two to four sharp peaks
        within 30 eV of every K edge of B-Si (π*/σ* of B, C, N K; the
        split peaks of oxide O K and Mg, Al, Si K), crystal-field split
        3d L3 and L2 white lines (0.7-2.5 eV, as in TiO2 or MnO) on 60 % of
        the Sc-Ni edges, and on 30 % of the K and L2,3 edges a broad bump
        10-40 eV above the onset, shaped like a delayed M4,5 maximum.
        The edges keep their labels: the network learns that such
        structure belongs to the edge it sits on, not to another element.
    elnes_k_edge_probability
        With `elnes_families`, the share of B-Si K edges that get the
        families' two to four sharp peaks; the others keep the default
        near-edge structure and the broad bump: plainer edges, as of metals,
        amorphous solids, thick specimens.  1 (every such edge) by default.
    elnes_k_pair_probability
        Share of B-Si K edges that may get the families' π*/σ* pair (h-BN N K);
        None: the peaks' edges.  Both need `elnes_families`, `near_edge_structure`.
    exelfs_probability
        Share of edges that get extended fine structure (EXELFS) past their
        near-edge range: one neighbour shell's oscillation, 30-100 eV from
        crest to crest (:mod:`.exelfs`).  0 by default (no extra random
        numbers are drawn then).
    dark_offset
        Range of a constant added to the spectrum after the noise, relative
        to the noiseless intensity at the window's last channel: a
        residual of dark-reference subtraction.  ``(0, 0)`` by default.
    start_step_probability
        Probability that the first 2-40 channels of a spectrum are scaled
        by a factor of 0.67-1.5 (a gain or dark-level change at the window
        start, as on spectrometers whose first channels lag).  0 by default.
    spike_probability
        Probability that a spectrum carries detector spikes (X-ray hits on
        the camera, hot pixels): `spike_count` channels each raised, after
        the noise, by `spike_amplitude` times the noiseless intensity there
        (drawn log-uniformly), a third of them spreading into the next
        channel.  0 by default (no extra random numbers are drawn then).
    spike_count
        Range of the number of spikes in a spectrum that has them.
    spike_amplitude
        Range of a spike's height relative to the noiseless intensity at
        its channel.
    window_start
        Range of the first energy (eV) of a random acquisition window.
    dispersion
        Range of the channel width (eV), sampled log-uniformly.
    n_channels
        Range of the number of channels.
    coarse_probability
        Share of spectra recorded coarsely, as survey spectra and fast
        spectrum images are (e.g. 700-1988 eV at 8 eV per channel): their
        channel width is drawn log-uniformly from `coarse_dispersion` and
        their number of channels from `coarse_n_channels` instead.  0 by
        default (no extra random numbers are drawn then).
    coarse_dispersion
        Range of the channel width (eV) of a coarse spectrum.
    coarse_n_channels
        Range of the number of channels of a coarse spectrum.
    edge_margins
        An edge is a label only if its onset lies ``margins[0]`` eV after the
        window start and ``margins[1]`` eV before its end (5, 10 as in the
        real-spectra benchmark).
    beam_energy
        Range of the beam energy (keV), drawn uniformly per spectrum and
        rounded to the nearest of ``synthesis.continua.BEAM_ENERGY_BUCKETS``
        (60, 100, 200, 300 kV; nearest in log): the edge continua are the
        bundled table's cross-sections integrated over q for it; recorded
        in the parameters and the signal's metadata.
    collection_angle
        Range of the collection semi-angle (mrad), drawn log-uniformly per
        spectrum, rounded, used and recorded as `beam_energy` (buckets
        ``COLLECTION_ANGLE_BUCKETS``: 5, 10, 20, 50, 100 mrad).
    convergence_angle
        Convergence semi-angle (mrad) recorded in the metadata; 0 (parallel
        illumination) by default, because the continua are integrated for
        parallel illumination: with a nonzero value a fit applies exspy's
        effective-angle correction, which the synthesis did not.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis import SynthesisConfig
    >>> cfg = SynthesisConfig(shift=0.0, shot_noise=False)
    >>> cfg.shift
    (0.0, 0.0)
    >>> SynthesisConfig.paper().window_start
    (50.0, 50.0)
    """

    n_elements_probabilities: tuple[float, ...] = (0.0, 0.20, 0.20, 0.20, 0.15, 0.15, 0.10)
    candidate_elements: tuple[str, ...] | None = None
    element_weights: dict[str, float] = field(default_factory=dict)
    extra_element_probability: dict[str, float] = field(default_factory=dict)
    below_window_probability: float = 0.0
    secondary_only_probability: float = 0.0
    jump_ratio_min: float = 0.15
    jump_ratio_max: dict[str, float] = field(default_factory=lambda: dict(PAPER_JUMP_RATIO_MAX))
    default_jump_ratio_max: float = 1.0
    jump_ratio_log_uniform: bool = False
    strong_edge_probability: float = 0.0
    strong_edge_jump_ratio_max: float = 8.0
    strong_edges_white_lines_only: bool = False
    gaussian_fwhm: Range = (0.1, 1.6)
    lorentzian_hwhm: Range = (0.1, 0.6)
    edge_model_range: Range = (60.0, 200.0)
    background_exponent_mean: float = 1.88
    background_exponent_std: float = 0.5
    background_exponent_min: float = 0.1
    expansion: Range = (-0.015, 0.015)
    shift: Range = (-15.0, 15.0)
    noise_sigma: float = 0.0012
    savgol_frame: tuple[int, int] = (30, 60)
    noise_coefficient: Range = (1.0, 2.0)
    shot_noise: bool = True
    counts: Range = (1e3, 1e7)
    readout_noise: Range = (0.0, 0.0)
    plural_scattering: bool = True
    thickness: Range = (0.0, 1.0)
    plasmon_energy: Range = (12.0, 30.0)
    plasmon_fwhm: Range = (3.0, 10.0)
    white_lines: bool = True
    white_line_fwhm: Range = (0.4, 2.5)
    broad_white_line_probability: float = 0.0
    broad_white_line_fwhm: Range = (2.5, 10.0)
    tall_white_line_probability: float = 0.0
    tall_white_line_strength: Range = (8.0, 30.0)
    m23_white_lines: bool = False
    m45_branching: str = "random"
    l23_branching: str = "random"
    near_edge_structure: bool = True
    secondary_edges: bool = True
    elnes_families: bool = False
    elnes_k_edge_probability: float = 1.0
    elnes_k_pair_probability: float | None = None
    exelfs_probability: float = 0.0
    dark_offset: Range = (0.0, 0.0)
    start_step_probability: float = 0.0
    spike_probability: float = 0.0
    spike_count: tuple[int, int] = (1, 5)
    spike_amplitude: Range = (0.05, 20.0)
    window_start: Range = (50.0, 2000.0)
    dispersion: Range = (0.05, 2.0)
    n_channels: tuple[int, int] = (1024, 4096)
    coarse_probability: float = 0.0
    coarse_dispersion: Range = (4.0, 16.0)
    coarse_n_channels: tuple[int, int] = (64, 512)
    edge_margins: Range = (5.0, 10.0)
    beam_energy: Range = (60.0, 300.0)
    collection_angle: Range = (5.0, 100.0)
    convergence_angle: float = 0.0

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.type in ("Range", Range):
                setattr(self, f.name, _as_range(f.name, value))
        if np.ndim(self.n_elements_probabilities) == 1:  # a list or an array compares and round-trips as a tuple
            self.n_elements_probabilities = tuple(float(v) for v in self.n_elements_probabilities)
        self.savgol_frame = tuple(int(v) for v in _as_range("savgol_frame", self.savgol_frame))
        self.n_channels = tuple(int(v) for v in _as_range("n_channels", self.n_channels))
        self.coarse_n_channels = tuple(int(v) for v in _as_range("coarse_n_channels", self.coarse_n_channels))
        self.spike_count = tuple(int(v) for v in _as_range("spike_count", self.spike_count))
        if self.candidate_elements is not None:
            if isinstance(self.candidate_elements, str):
                raise ValueError("candidate_elements: give a list of symbols such as ['Fe', 'O'], not a string.")
            self.candidate_elements = tuple(self.candidate_elements)
        self.validate()

    # ------------------------------------------------------------------ checks
    def validate(self) -> None:
        """Raise ``ValueError`` naming the first parameter that is invalid."""
        p = np.asarray(self.n_elements_probabilities, dtype=float)
        if p.ndim != 1 or p.size == 0 or np.any(p < 0) or not np.isfinite(p).all() or p.sum() <= 0:
            raise ValueError(
                "n_elements_probabilities: give non-negative probabilities of 0, 1, 2 ... elements, "
                f"not all zero; got {self.n_elements_probabilities!r}."
            )
        positive = {
            "gaussian_fwhm": self.gaussian_fwhm,
            "lorentzian_hwhm": self.lorentzian_hwhm,
            "dispersion": self.dispersion,
            "coarse_dispersion": self.coarse_dispersion,
            "counts": self.counts,
            "edge_model_range": self.edge_model_range,
            "beam_energy": self.beam_energy,
            "collection_angle": self.collection_angle,
            "white_line_fwhm": self.white_line_fwhm,
            "broad_white_line_fwhm": self.broad_white_line_fwhm,
            "tall_white_line_strength": self.tall_white_line_strength,
            "spike_amplitude": self.spike_amplitude,
        }
        for name, (low, _) in positive.items():
            if low <= 0:
                raise ValueError(f"{name}: widths and scales must be positive, got a lower limit of {low}.")
        if not 0 <= self.strong_edge_probability <= 1:
            raise ValueError(f"strong_edge_probability: {self.strong_edge_probability} is not a probability.")
        highest = max([self.default_jump_ratio_max, *self.jump_ratio_max.values()])
        if not np.isfinite(highest):
            raise ValueError(f"default_jump_ratio_max, jump_ratio_max: must be finite, got a maximum of {highest}.")
        strong_max = self.strong_edge_jump_ratio_max
        if self.strong_edge_probability and not (np.isfinite(strong_max) and strong_max >= highest):
            raise ValueError(
                f"strong_edge_jump_ratio_max: {strong_max} must be finite and at least the highest jump ratio "
                f"maximum ({highest}) when strong_edge_probability is set."
            )
        if self.m45_branching not in ("random", "4f"):
            raise ValueError(f"m45_branching: 'random' or '4f', got {self.m45_branching!r}.")
        if self.l23_branching not in ("random", "3d"):
            raise ValueError(f"l23_branching: 'random' or '3d', got {self.l23_branching!r}.")
        non_negative = {
            "noise_coefficient": self.noise_coefficient,
            "thickness": self.thickness,
            "readout_noise": self.readout_noise,
            "plasmon_energy": self.plasmon_energy,
            "plasmon_fwhm": self.plasmon_fwhm,
            "edge_margins": self.edge_margins,
            "window_start": self.window_start,
        }
        for name, (low, _) in non_negative.items():
            if low < 0:
                raise ValueError(f"{name}: must not be negative, got a lower limit of {low}.")
        if self.thickness[1] > MAX_THICKNESS:
            raise ValueError(
                f"thickness: t/λ above {MAX_THICKNESS:g} is not an EELS specimen (got {self.thickness[1]})."
            )
        if self.window_start[0] <= 0:
            raise ValueError("window_start: energies must be positive (core-loss spectra start above 0 eV).")
        if not 0 < self.jump_ratio_min:
            raise ValueError(f"jump_ratio_min: must be positive, got {self.jump_ratio_min}.")
        for element, high in {**self.jump_ratio_max, "default": self.default_jump_ratio_max}.items():
            if not high >= self.jump_ratio_min:
                name = "default_jump_ratio_max" if element == "default" else f"jump_ratio_max[{element!r}]"
                raise ValueError(f"{name}: {high} is below jump_ratio_min={self.jump_ratio_min}.")
        mean, std, low = self.background_exponent_mean, self.background_exponent_std, self.background_exponent_min
        if not (np.isfinite([mean, std, low]).all() and std >= 0):
            raise ValueError(
                f"background_exponent_mean, _std, _min: finite numbers with std >= 0, got {mean}, {std}, {low}."
            )
        if mean + 3 * std < low:  # draws below the minimum are redrawn: it must be reachable
            raise ValueError(
                f"background_exponent_min={low} lies beyond mean + 3 std ({mean} + 3 x {std}): almost no exponent "
                "drawn would reach it (lower the minimum, or raise the mean or std)."
            )
        if not (np.isfinite(self.noise_sigma) and self.noise_sigma >= 0):
            raise ValueError(f"noise_sigma: must be finite and not negative, got {self.noise_sigma}.")
        if not (self.plasmon_energy[0] > 0 and self.plasmon_fwhm[0] > 0):
            raise ValueError(
                f"plasmon_energy, plasmon_fwhm: must be positive, got lower limits {self.plasmon_energy[0]} and "
                f"{self.plasmon_fwhm[0]}."
            )
        for element in self.jump_ratio_max:
            edge_groups_of(element)  # raises ValueError for an unknown element
        if self.savgol_frame[0] < 1:
            raise ValueError("savgol_frame: the frame length must be at least 1 channel (1 = no smoothing).")
        for name in ("n_channels", "coarse_n_channels"):
            if getattr(self, name)[0] < MIN_CHANNELS:
                raise ValueError(f"{name}: a spectrum needs at least {MIN_CHANNELS} channels.")
        if not -1 < self.expansion[0]:
            raise ValueError("expansion: a relative expansion must be larger than -1.")
        if not self.convergence_angle >= 0:
            raise ValueError(f"convergence_angle: must not be negative, got {self.convergence_angle}.")
        for element in self.candidate_elements or ():
            edge_groups_of(element)  # raises ValueError for an unknown element
        probabilities = (
            "below_window_probability", "secondary_only_probability", "start_step_probability",
            "elnes_k_edge_probability", "exelfs_probability", "spike_probability", "broad_white_line_probability",
            "coarse_probability", "tall_white_line_probability",
        )  # fmt: skip
        pair = ("elnes_k_pair_probability",) * (self.elnes_k_pair_probability is not None)
        for name in probabilities + pair:
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name}: {getattr(self, name)} is not a probability.")
        if self.spike_count[0] < 1:
            low = self.spike_count[0]
            raise ValueError(f"spike_count: a spectrum with spikes has at least one, got a lower limit of {low}.")
        if not -1 < self.dark_offset[0]:
            raise ValueError(f"dark_offset: an offset of {self.dark_offset[0]} would remove more than the whole signal.")
        for element, weight in self.element_weights.items():
            edge_groups_of(element)
            if not (weight > 0 and np.isfinite(weight)):
                raise ValueError(f"element_weights: {element}: the weight must be positive and finite, got {weight}.")
        for element, probability in self.extra_element_probability.items():
            edge_groups_of(element)
            if not 0 <= probability <= 1:
                raise ValueError(f"extra_element_probability: {element}: {probability} is not a probability.")

    # ------------------------------------------------------------- utilities
    def jump_ratio_range(self, element: str) -> Range:
        """Jump ratio range of `element`'s principal edge (see `jump_ratio_log_uniform` for how it is drawn).

        Parameters
        ----------
        element : str
            Element symbol.

        Returns
        -------
        Range
        """
        return self.jump_ratio_min, self.jump_ratio_max.get(element, self.default_jump_ratio_max)

    def replace(self, **changes: Any) -> SynthesisConfig:
        """A copy with some fields changed (validated).

        Parameters
        ----------
        **changes
            Fields and their new values.

        Returns
        -------
        SynthesisConfig
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(
                f"{sorted(unknown)[0]}: not a parameter of the forward model; "
                f"known ones are {sorted(f.name for f in dataclasses.fields(self))}."
            )
        return dataclasses.replace(self, **changes)

    def to_json(self) -> str:
        """Serialise to JSON (stored with every database)."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, default=_plain)

    @classmethod
    def from_json(cls, text: str) -> SynthesisConfig:
        """Inverse of :meth:`to_json`.

        Parameters
        ----------
        text : str
            JSON written by :meth:`to_json`.

        Returns
        -------
        SynthesisConfig
        """
        data = json.loads(text)
        for obsolete in _OBSOLETE:  # fields of earlier versions, now fixed by the cross-sections
            data.pop(obsolete, None)
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"{sorted(unknown)[0]}: not a parameter of the forward model (in this JSON).")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})

    @classmethod
    def realistic(cls) -> SynthesisConfig:
        """Ranges moved towards what real spectra show, for training.

        Differences from the default (the paper's values), each from a
        property of measured core-loss spectra, checked with
        ``scripts/measure_real_spectra.py`` on the labelled development
        spectra (see ``docs/synthesis.md``): background exponents of 2.2-4.7,
        median 2.7, rather than around 1.88 (r ~ N(2.8, 0.6), at least 1.5);
        a relative channel-to-channel noise of 0.2-11 %, median 0.9 %
        (1e3-3e5 counts per channel at the window start); windows of
        600-2048 channels at 0.2-4 eV per channel (600-4096 channels at
        0.05-4 eV); carbon contamination and surface oxide on many specimens
        (C added with probability 0.25, O with 0.35); mostly one to three
        elements, and 10 % of windows without any edge (so that a smooth
        window is not read as an element); jump ratios from 0.05, to learn
        the weak edges the paper's Table 4 asks to detect, up to 3 for every
        element, drawn log-uniformly (post-edge/pre-edge ratios measured on
        the development spectra reach 2.2-2.8 for B K and N K in BN and
        1.7-2.2 for La and Gd M5, that is jump ratios above 1.2-1.8 where
        Table 1 stops at 0.5 for B and 0.7 for N); read-out noise of
        up to 5 counts (dark-subtracted spectra have negative channels); in
        a fifth of the spectra, an unlabelled element whose edge lies just
        below the window (windows often start right after a strong edge).
        """
        return cls(
            background_exponent_mean=2.8,
            background_exponent_std=0.6,
            background_exponent_min=1.5,
            counts=(1e3, 3e5),
            n_channels=(600, 4096),
            dispersion=(0.05, 4.0),
            extra_element_probability={"C": 0.25, "O": 0.35},
            n_elements_probabilities=(0.10, 0.25, 0.25, 0.20, 0.10, 0.06, 0.04),
            jump_ratio_min=0.05,
            jump_ratio_max={},
            default_jump_ratio_max=3.0,
            jump_ratio_log_uniform=True,
            readout_noise=(0.0, 5.0),
            below_window_probability=0.2,
        )

    @classmethod
    def paper(cls) -> SynthesisConfig:
        """The paper's forward model: fixed 50-1100 eV window at 0.2 eV, its
        20 elements, fixed-pattern noise only, intensity normalised to 1 at
        the window start; no shot noise, plural scattering or secondary
        edges.  White lines and near-edge structure stay on: they stand in
        for the paper's library of fitted experimental edges."""
        return cls(
            candidate_elements=tuple(PAPER_JUMP_RATIO_MAX),
            shot_noise=False,
            plural_scattering=False,
            secondary_edges=False,
            counts=1.0,
            window_start=50.0,
            dispersion=0.2,
            n_channels=5251,
        )
