"""The forward model: batches of labelled synthetic core-loss spectra.

:func:`synthesize_batch` is the one place where a spectrum is made; the
HyperSpy generator (:func:`hyperspy_eels_edgeid.hyperspy.data.synthetic_eels`) and
the database writer call it.  The steps follow the paper's Fig. 3:

1. draw an acquisition window, the instrument and the specimen;
2. choose 1-6 elements with a principal edge in the window, and all their
   edge groups that reach into it;
3. build each edge's single-scattering shape (:mod:`.shapes`), extended by a
   power-law tail;
4. convolve it with the point-spread function (Gaussian ⊗ Lorentzian), the
   channel width and, optionally, the low-loss spectrum (plural
   scattering), and scale it to its jump ratio;
5. add the edges to the power-law background, on an energy axis that is
   expanded/contracted and shifted;
6. add fixed-pattern noise (Savitzky-Golay-smoothed Gaussian noise) and,
   optionally, shot noise, and scale to counts.

Longer than 500 lines: these steps are one vectorised pipeline over a whole
batch (the drawn parameters, the chosen elements and their edge rows travel
between them as arrays), read here in the order of the paper's figure; the
edge shapes, the instrument and the compiled kernels are already modules of
their own.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import random
from dataclasses import dataclass, field

import numpy as np
from scipy import fft

from ..edges import all_edge_groups, edge_groups_of
from .config import MAX_THICKNESS, MIN_CHANNELS, SynthesisConfig
from .instrument import (
    add_shot_noise,
    broadening_transfer,
    fixed_pattern_noise,
    plural_scattering_transfer,
    standard_normal,
)
from ._kernels import add_edge_tails, place_edges, row_peaks
from .continua import (
    BEAM_ENERGY_BUCKETS,
    COLLECTION_ANGLE_BUCKETS,
    CONTINUUM_SAMPLES,
    CONTINUUM_STEP,
    TAIL_STEP,
    bucket_of,
    continuum_table,
)
from .shapes import PRE, TEMPLATE_SIZE, ShapeParameters, build_templates, group_attribute, group_rows, has_white_lines

__all__ = ["SpectrumBatch", "synthesize_batch", "EDGE_DTYPE", "PARAMETER_NAMES"]

#: One row per synthesized edge group.
EDGE_DTYPE = np.dtype(
    [
        ("spectrum", "i8"),  # index of the spectrum in its batch or database
        ("element", "U3"),
        ("edge", "U5"),  # group name as in exspy: K, L3, L2,3, M5 ...
        ("onset", "f4"),  # eV, on the recorded (shifted, expanded) axis
        ("jump_ratio", "f4"),  # paper's Fig. 2: peak above background / background at onset
        ("psnr", "f4"),  # peak above background / noise standard deviation at the peak
        ("is_label", "?"),  # principal Major edge with onset inside the window margins
    ]
)

#: Per-spectrum parameters recorded with every spectrum.
PARAMETER_NAMES = (
    "offset",
    "dispersion",
    "n_channels",
    "expansion",
    "shift",
    "background_exponent",
    "gaussian_fwhm",
    "lorentzian_hwhm",
    "noise_sigma",
    "noise_coefficient",
    "savgol_frame",
    "counts",
    "thickness",
    "plasmon_energy",
    "plasmon_fwhm",
    "readout_noise",
    "dark_offset",
    "start_step_channels",
    "start_step_factor",
    "spikes",
    "beam_energy",
    "collection_angle",
)

#: Edge groups further below the window than this still add their tail.
_TAIL_REACH = 300.0
#: How far below the window an unlabelled element's edge may be (below_window_probability).
_BELOW_REACH = 100.0
#: Raised-cosine taper over the first half of a template's pre-edge samples.
_TAPER = (0.5 - 0.5 * np.cos(np.pi * np.arange(PRE // 2) / (PRE // 2))).astype(np.float32)
#: Spectra per pass of the vectorised synthesis.
_PASS = 128
#: Template step: one channel, between these limits (eV).
_TEMPLATE_STEP = (0.1, 2.0)
#: FFT length of the template convolutions: linear convolution for the lags that reach a template's samples.
_CONVOLUTION_SIZE = 2 * TEMPLATE_SIZE
#: Samples at the end of a broadened template spoiled by the circular convolution.
_GUARD_EV = 8.0


@dataclass
class SpectrumBatch:
    """Spectra and their ground truth.

    Attributes
    ----------
    spectra : ndarray of float32, shape (n, max_channels)
        Intensities in counts.  Channels past ``n_channels[i]`` are NaN.
    parameters : dict of str to ndarray, shape (n,)
        The drawn parameters of every spectrum (see ``PARAMETER_NAMES``).
    edges : structured ndarray of ``EDGE_DTYPE``
        Every synthesized edge group.  Rows with ``is_label`` are the labels.
    clean : ndarray or None
        Noise-free spectra (same units) when requested.
    background : ndarray or None
        The background alone when requested.
    """

    spectra: np.ndarray
    parameters: dict[str, np.ndarray]
    edges: np.ndarray
    clean: np.ndarray | None = None
    background: np.ndarray | None = None
    edge_signals: np.ndarray | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return self.spectra.shape[0]

    @classmethod
    def concatenate(cls, batches: list[SpectrumBatch]) -> SpectrumBatch:
        """One batch from several (spectra padded with NaN to the widest).

        Parameters
        ----------
        batches : list of SpectrumBatch
            The batches, in order.

        Returns
        -------
        SpectrumBatch
        """
        width = max(b.spectra.shape[1] for b in batches)

        def stack(arrays):
            if any(a is None for a in arrays):
                return None
            out = np.empty((sum(a.shape[0] for a in arrays), width), dtype=arrays[0].dtype)
            start = 0
            for a in arrays:
                out[start : start + a.shape[0], : a.shape[1]] = a
                out[start : start + a.shape[0], a.shape[1] :] = np.nan
                start += a.shape[0]
            return out

        offsets = np.cumsum([0] + [len(b) for b in batches[:-1]])
        edges = np.concatenate([b.edges for b in batches])
        edges["spectrum"] += np.repeat(offsets, [b.edges.size for b in batches])
        return cls(
            spectra=stack([b.spectra for b in batches]),
            parameters={k: np.concatenate([b.parameters[k] for b in batches]) for k in batches[0].parameters},
            edges=edges,
            clean=stack([b.clean for b in batches]),
            background=stack([b.background for b in batches]),
            edge_signals=stack([b.edge_signals for b in batches]),
        )

    def energy_axis(self, i: int) -> np.ndarray:
        """Recorded energy axis (eV) of spectrum `i` (its valid channels).

        Parameters
        ----------
        i : int
            Index of the spectrum.

        Returns
        -------
        ndarray
        """
        p = self.parameters
        return p["offset"][i] + p["dispersion"][i] * np.arange(int(p["n_channels"][i]))

    def elements(self, i: int) -> list[str]:
        """Sorted elements that are labels of spectrum `i`.

        Parameters
        ----------
        i : int
            Index of the spectrum.

        Returns
        -------
        list of str
        """
        rows = self.edges[(self.edges["spectrum"] == i) & self.edges["is_label"]]
        return sorted(set(rows["element"].tolist()))

    def labels(self, i: int) -> dict:
        """Ground truth of spectrum `i` as plain Python objects.

        Parameters
        ----------
        i : int
            Index of the spectrum.

        Returns
        -------
        dict
            ``elements``, ``edges`` (one dict per edge) and ``parameters``.
        """
        rows = self.edges[self.edges["spectrum"] == i]
        return {
            "elements": self.elements(i),
            "edges": [
                {
                    "element": str(r["element"]),
                    "edge": f"{r['element']}_{r['edge']}",
                    "onset": float(r["onset"]),
                    "jump_ratio": float(r["jump_ratio"]),
                    "psnr": float(r["psnr"]),
                    "is_label": bool(r["is_label"]),
                }
                for r in rows
            ],
            "parameters": {k: v[i].item() for k, v in self.parameters.items()},
        }


@functools.lru_cache(maxsize=1)
def _principal_table() -> tuple[list[float], list[str]]:
    """Onsets and elements of all principal Major groups, sorted by onset."""
    groups = sorted((g for g in all_edge_groups() if g.principal and g.major), key=lambda g: g.onset)
    return [g.onset for g in groups], [g.element for g in groups]


def _uniform(rng: np.random.Generator, bounds: tuple[float, float], n: int) -> np.ndarray:
    return rng.uniform(bounds[0], bounds[1], n)


def _sample_parameters(
    n: int,
    config: SynthesisConfig,
    rng: np.random.Generator,
    energy_axis: tuple[float, float, int] | None,
    fixed: dict | None,
) -> dict[str, np.ndarray]:
    p: dict[str, np.ndarray] = {}
    if energy_axis is None:
        p["offset"] = _uniform(rng, config.window_start, n)
        lo, hi = np.log(config.dispersion)
        p["dispersion"] = np.exp(rng.uniform(lo, hi, n))
        p["n_channels"] = rng.integers(config.n_channels[0], config.n_channels[1] + 1, n)
        if config.coarse_probability > 0:  # drawn only when enabled, so that the default keeps its random stream
            coarse = rng.random(n) < config.coarse_probability
            lo, hi = np.log(config.coarse_dispersion)
            p["dispersion"] = np.where(coarse, np.exp(rng.uniform(lo, hi, n)), p["dispersion"])
            low, high = config.coarse_n_channels
            p["n_channels"] = np.where(coarse, rng.integers(low, high + 1, n), p["n_channels"])
    else:
        offset, dispersion, n_channels = energy_axis
        p["offset"] = np.full(n, float(offset))
        p["dispersion"] = np.full(n, float(dispersion))
        p["n_channels"] = np.full(n, int(n_channels))
    p["expansion"] = _uniform(rng, config.expansion, n)
    p["shift"] = _uniform(rng, config.shift, n)
    r = rng.normal(config.background_exponent_mean, config.background_exponent_std, n)
    while np.any(low := r < config.background_exponent_min):  # the paper cuts values below 0.1
        r[low] = rng.normal(config.background_exponent_mean, config.background_exponent_std, low.sum())
    p["background_exponent"] = r
    p["gaussian_fwhm"] = _uniform(rng, config.gaussian_fwhm, n)
    p["lorentzian_hwhm"] = _uniform(rng, config.lorentzian_hwhm, n)
    p["noise_sigma"] = np.full(n, config.noise_sigma)
    p["noise_coefficient"] = _uniform(rng, config.noise_coefficient, n)
    lo, hi = config.savgol_frame
    odd = np.arange(lo, hi + 1)
    odd = odd[odd % 2 == 1] if np.any(odd % 2 == 1) else np.array([lo + 1])
    p["savgol_frame"] = rng.choice(odd, n)
    lo, hi = np.log(config.counts)
    p["counts"] = np.exp(rng.uniform(lo, hi, n))
    p["thickness"] = _uniform(rng, config.thickness, n) if config.plural_scattering else np.zeros(n)
    p["plasmon_energy"] = _uniform(rng, config.plasmon_energy, n)
    p["plasmon_fwhm"] = _uniform(rng, config.plasmon_fwhm, n)
    p["readout_noise"] = _uniform(rng, config.readout_noise, n)
    # drawn only when enabled, so that the default configuration keeps its random stream
    p["dark_offset"] = _uniform(rng, config.dark_offset, n) if config.dark_offset != (0.0, 0.0) else np.zeros(n)
    p["start_step_channels"] = np.zeros(n, dtype=np.int64)
    p["start_step_factor"] = np.ones(n)
    if config.start_step_probability > 0:
        stepped = rng.random(n) < config.start_step_probability
        p["start_step_channels"] = np.where(stepped, rng.integers(2, 41, n), 0)
        p["start_step_factor"] = np.where(stepped, np.exp(rng.uniform(-0.4, 0.4, n)), 1.0)
    p["spikes"] = np.zeros(n, dtype=np.int64)
    if config.spike_probability > 0:
        spiked = rng.random(n) < config.spike_probability
        p["spikes"] = np.where(spiked, rng.integers(config.spike_count[0], config.spike_count[1] + 1, n), 0)
    p["beam_energy"] = _uniform(rng, config.beam_energy, n)
    lo, hi = np.log(config.collection_angle)
    p["collection_angle"] = np.exp(rng.uniform(lo, hi, n))
    for name, value in (fixed or {}).items():
        if name not in p:
            raise ValueError(f"{name}: not a per-spectrum parameter; known ones are {list(PARAMETER_NAMES)}.")
        value = np.asarray(value, dtype=float)
        if not np.all(np.isfinite(value)) or not np.all(_FIXED_RULES.get(name, lambda v: True)(value)):
            raise ValueError(f"{name}: invalid fixed value {value.tolist()}: {_FIXED_HELP[name]}.")
        p[name] = np.broadcast_to(value.astype(p[name].dtype), (n,)).copy()
    # the continua are integrated at the nearest (beam energy, angle) bucket: record the bucket's values, so
    # that a fit with the recorded microscope parameters uses the cross-sections the spectrum was made with
    bucket = bucket_of(p["beam_energy"], p["collection_angle"]) if n else np.zeros(0, dtype=int)
    p["beam_energy"] = np.asarray(BEAM_ENERGY_BUCKETS, dtype=float)[bucket // len(COLLECTION_ANGLE_BUCKETS)]
    p["collection_angle"] = np.asarray(COLLECTION_ANGLE_BUCKETS, dtype=float)[bucket % len(COLLECTION_ANGLE_BUCKETS)]
    return p


#: What a fixed per-spectrum value must satisfy, and how to say it.
_FIXED_RULES = {
    "offset": lambda v: v > 0,
    "dispersion": lambda v: v > 0,
    "n_channels": lambda v: (v >= 2) & (v == np.round(v)),
    "expansion": lambda v: v > -1,
    "background_exponent": lambda v: v > 0,
    "gaussian_fwhm": lambda v: v > 0,
    "lorentzian_hwhm": lambda v: v > 0,
    "noise_sigma": lambda v: v >= 0,
    "noise_coefficient": lambda v: v >= 0,
    "savgol_frame": lambda v: (v >= 1) & (v % 2 == 1),
    "counts": lambda v: v > 0,
    "thickness": lambda v: (v >= 0) & (v <= MAX_THICKNESS),
    "plasmon_energy": lambda v: v > 0,
    "plasmon_fwhm": lambda v: v > 0,
    "readout_noise": lambda v: v >= 0,
    "dark_offset": lambda v: v > -1,
    "start_step_channels": lambda v: (v >= 0) & (v == np.round(v)),
    "start_step_factor": lambda v: v > 0,
    "spikes": lambda v: (v >= 0) & (v == np.round(v)),
    "beam_energy": lambda v: v > 0,
    "collection_angle": lambda v: v > 0,
}
_FIXED_HELP = {
    "offset": "energies must be positive",
    "dispersion": "must be positive",
    "n_channels": "a whole number of at least 2",
    "expansion": "a relative expansion larger than -1",
    "background_exponent": "must be positive (J(E) falls as E^-r)",
    "gaussian_fwhm": "widths must be positive",
    "lorentzian_hwhm": "widths must be positive",
    "noise_sigma": "must not be negative",
    "noise_coefficient": "must not be negative",
    "savgol_frame": "an odd number of channels, at least 1",
    "counts": "must be positive",
    "thickness": f"t/λ must lie in 0-{MAX_THICKNESS:g}",
    "plasmon_energy": "must be positive",
    "plasmon_fwhm": "must be positive",
    "readout_noise": "must not be negative",
    "dark_offset": "larger than -1 (relative to the intensity at the last channel)",
    "start_step_channels": "a whole number of channels, at least 0",
    "start_step_factor": "must be positive",
    "spikes": "a whole number of spikes, at least 0",
    "beam_energy": "must be positive (keV)",
    "collection_angle": "must be positive (mrad)",
    "shift": "must be finite",
}


def _window_elements(lo: float, hi: float, candidates: frozenset | None) -> tuple[str, ...]:
    """Elements with a principal Major onset in [lo, hi), by onset, each once."""
    onsets = _principal_table()[0]
    return _elements_between(bisect.bisect_left(onsets, lo), bisect.bisect_left(onsets, hi), candidates)


def _secondary_only_elements(lo: float, hi: float, candidates: frozenset | None) -> list[str]:
    """Elements with a principal onset up to the tail reach below `lo`, none in [lo, hi), and a secondary edge in it."""
    inside = set(_window_elements(lo, hi, candidates))
    return [
        e
        for e in _window_elements(lo - _TAIL_REACH, lo, candidates)
        if e not in inside and any(not principal and lo <= onset < hi for _, onset, principal in _edge_rows_of(e))
    ]


@functools.lru_cache(maxsize=2**16)
def _elements_between(a: int, b: int, candidates: frozenset | None) -> tuple[str, ...]:
    found = dict.fromkeys(_principal_table()[1][a:b])  # ordered, unique
    return tuple(e for e in found if candidates is None or e in candidates)


def synthesize_batch(
    n: int,
    config: SynthesisConfig | None = None,
    rng: np.random.Generator | int | None = None,
    *,
    elements: list[str] | list[list[str]] | None = None,
    jump_ratios: dict[str, float] | None = None,
    atomic_ratios: dict[str, float] | None = None,
    energy_axis: tuple[float, float, int] | None = None,
    fixed: dict | None = None,
    add_noise: bool = True,
    return_components: bool = False,
    dtype=np.float32,
) -> SpectrumBatch:
    """Synthesize `n` labelled core-loss spectra.

    Parameters
    ----------
    n : int
        Number of spectra.
    config : SynthesisConfig, optional
        Ranges of every random parameter; the default is ``SynthesisConfig()``.
    rng : numpy.random.Generator or int or None
        Random state (a seed is passed to ``numpy.random.default_rng``).
    elements : list of str, or list of lists of str, optional
        Elements of every spectrum (one list), or of each spectrum (`n`
        lists).  By default they are drawn at random.  Each must have a
        principal edge in the window.
    jump_ratios : dict of str to float, optional
        Fixed jump ratio of the principal edge of some elements.
    atomic_ratios : dict of str to float, optional
        Relative numbers of atoms of some elements (``{"La": 1, "Mn": 1,
        "O": 3}``): in a spectrum, the edges of these elements have the
        intensities of that composition (each element's continua, from the
        bundled table at the spectrum's beam energy and collection angle,
        times its number of atoms), scaled together so that the one of
        them whose edge stands highest above the background (a principal
        edge in the window) has its element's drawn (or, through
        `jump_ratios`, fixed) jump ratio; the others' jump ratios follow
        (give all listed elements the same `jump_ratios` entry to fix the
        size of the strongest edge).  Listed elements absent from a
        spectrum are ignored there.  White lines and near-edge structure come on top
        of the continua, so a fit that leaves the white lines out (as
        :func:`~hyperspy_eels_edgeid.hyperspy.quantification.create_model`
        does) recovers the ratios.
    energy_axis : (offset, dispersion, n_channels), optional
        Recorded energy axis of every spectrum; by default drawn per spectrum.
    fixed : dict, optional
        Fixed values (scalars or arrays of length `n`) of per-spectrum
        parameters, by name (see ``PARAMETER_NAMES``).
    add_noise : bool
        Add fixed-pattern noise (and shot noise if configured).  Detector
        artefacts (spikes, the dark offset and the step at the window
        start, when configured) are added either way; switch them off in
        the config for clean spectra.
    return_components : bool
        Also return the noise-free spectra, the background and the edge
        signal (for figures and tests).

    Returns
    -------
    SpectrumBatch

    Raises
    ------
    ValueError
        For unknown elements, elements without a principal edge in the
        window, or invalid parameters (the message names the parameter).

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis import synthesize_batch
    >>> batch = synthesize_batch(2, rng=0, elements=["Fe", "O"], energy_axis=(400.0, 0.5, 1024))
    >>> batch.elements(0)
    ['Fe', 'O']
    >>> batch.spectra.shape
    (2, 1024)
    """
    config = SynthesisConfig() if config is None else config
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    if n < 0:
        raise ValueError(f"n: the number of spectra must not be negative, got {n}.")
    per_spectrum_elements = _normalise_elements(elements, n)
    for element in jump_ratios or {}:
        edge_groups_of(element)
        if not (jump_ratios[element] > 0 and np.isfinite(jump_ratios[element])):
            raise ValueError(f"jump_ratios: the jump ratio of {element} must be positive and finite.")
    for element, ratio in (atomic_ratios or {}).items():
        edge_groups_of(element)
        if not (np.isfinite(ratio) and ratio > 0):
            raise ValueError(f"atomic_ratios: the number of atoms of {element} must be positive and finite.")
    if energy_axis is not None:
        try:
            energy_axis = (float(energy_axis[0]), float(energy_axis[1]), int(energy_axis[2]))
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"energy_axis: expected (offset, dispersion, n_channels), got {energy_axis!r}.") from None
        offset, dispersion, n_channels = energy_axis
        if not (np.isfinite(offset) and offset > 0 and dispersion > 0 and n_channels >= MIN_CHANNELS):
            raise ValueError(
                f"energy_axis: expected offset > 0 eV, dispersion > 0 eV and >= {MIN_CHANNELS} channels, "
                f"got {energy_axis}."
            )
    if energy_axis is not None and per_spectrum_elements is None:
        _check_enough_elements(config, energy_axis)
    fixed = {k: np.asarray(v) for k, v in (fixed or {}).items()}
    if "n_channels" in fixed and fixed["n_channels"].size and np.min(fixed["n_channels"]) < MIN_CHANNELS:
        raise ValueError(f"n_channels: a spectrum needs at least {MIN_CHANNELS} channels, got {fixed['n_channels']}.")
    for name, value in fixed.items():
        if value.ndim and value.shape != (n,):
            raise ValueError(f"{name}: a fixed value must be a scalar or one value per spectrum ({n}).")

    if n == 0:
        p = _sample_parameters(0, config, rng, energy_axis, fixed)
        return SpectrumBatch(np.zeros((0, 0), dtype=dtype), p, np.zeros(0, dtype=EDGE_DTYPE))
    # work in passes of _PASS spectra: the arrays stay in cache, which is faster
    pieces = []
    for start in range(0, n, _PASS):
        stop = min(start + _PASS, n)
        pieces.append(
            _synthesize(
                stop - start,
                config,
                rng,
                None if per_spectrum_elements is None else per_spectrum_elements[start:stop],
                jump_ratios or {},
                atomic_ratios or {},
                energy_axis,
                {k: v[start:stop] if v.ndim else v for k, v in fixed.items()},
                add_noise,
                return_components,
                dtype,
            )
        )
    return SpectrumBatch.concatenate(pieces) if len(pieces) != 1 else pieces[0]


def _synthesize(
    n: int,
    config: SynthesisConfig,
    rng: np.random.Generator,
    per_spectrum_elements: list[list[str]] | None,
    jump_ratios: dict[str, float],
    atomic_ratios: dict[str, float],
    energy_axis: tuple[float, float, int] | None,
    fixed: dict,
    add_noise: bool,
    return_components: bool,
    dtype,
) -> SpectrumBatch:
    """One pass of :func:`synthesize_batch` (arguments already checked)."""
    p = _sample_parameters(n, config, rng, energy_axis, fixed)

    width = int(p["n_channels"].max()) if n else 0
    channel = np.arange(width, dtype=np.float32)
    stretch = 1.0 + p["expansion"]
    # recorded axis E = offset + dispersion * i = E_true * (1 + expansion) + shift
    true_energy = ((p["offset"] - p["shift"]) / stretch).astype(np.float32)[:, None] + (
        p["dispersion"] / stretch
    ).astype(np.float32)[:, None] * channel[None, :]
    np.maximum(true_energy, np.float32(1.0), out=true_energy)
    end = p["offset"] + p["dispersion"] * (p["n_channels"] - 1)
    label_lo = (p["offset"] + config.edge_margins[0] - p["shift"]) / stretch
    label_hi = (end - config.edge_margins[1] - p["shift"]) / stretch

    # --- 2. elements and edge rows ------------------------------------------
    rows_spectrum, rows_index, rows_jr, rows_label, rows_reference = _choose_edges(
        rng, config, p, per_spectrum_elements, jump_ratios, label_lo, label_hi, true_energy
    )

    spectrum_of_row = np.array(rows_spectrum, dtype=np.intp)
    group_row = np.array(rows_index, dtype=np.intp)
    element_jump_ratio = np.array(rows_jr, dtype=float)
    reference = np.array(rows_reference, dtype=np.intp)
    n_rows = len(rows_index)
    onset_true = group_attribute("onset", group_row)
    start_true = true_energy[:, 0]
    r = p["background_exponent"]
    background_at_onset = (onset_true / start_true[spectrum_of_row]) ** -r[spectrum_of_row] if n_rows else np.zeros(0)
    # the element's jump ratio is that of its reference edge (its first principal edge in the window)
    reference_amplitude = element_jump_ratio * background_at_onset[reference] if n_rows else np.zeros(0)

    # --- 3-4. shapes, broadening, sampling onto the channels -----------------
    edge_sum = np.zeros((n, width), dtype=np.float32)
    log_energy = np.log(true_energy)
    amplitude = np.zeros(0)
    if n_rows:
        atoms = None
        if atomic_ratios:
            atoms = np.array([atomic_ratios.get(e, np.nan) for e in group_attribute("element", group_row).tolist()])
        amplitude = _add_edges(edge_sum, rng, config, p, group_row, spectrum_of_row, onset_true, reference,
                               reference_amplitude, atoms, background_at_onset, np.array(rows_label, dtype=bool),
                               true_energy, log_energy)  # fmt: skip
    jump_ratio = amplitude / background_at_onset if n_rows else np.zeros(0)

    # --- 5. background ---------------------------------------------------------
    # J(E) = (E / E_start)^-r, normalised to 1 at the window start
    background = log_energy - log_energy[:, :1]
    background *= -r[:, None].astype(np.float32)
    np.exp(background, out=background)
    clean = background + edge_sum

    # --- 6. noise, in counts ---------------------------------------------------
    counts = p["counts"][:, None].astype(np.float32)
    fp_sd = p["noise_sigma"] * p["noise_coefficient"] / np.sqrt(p["savgol_frame"])
    spectra = clean * counts
    if add_noise:
        if config.shot_noise:
            spectra = add_shot_noise(rng, spectra)
        fp_counts = p["noise_sigma"] * p["noise_coefficient"] * p["counts"]
        fixed_pattern_noise(rng, clean.shape, 1.0, p["savgol_frame"], fp_counts, out=spectra)
        if np.any(p["readout_noise"] > 0):
            spectra += standard_normal(rng, clean.shape) * p["readout_noise"][:, None].astype(np.float32)
    _add_detector_artefacts(spectra, clean, p, rng, config.spike_amplitude)
    spectra = spectra.astype(dtype, copy=False)
    short = np.flatnonzero(p["n_channels"] < width)
    for i in short:
        spectra[i, p["n_channels"][i] :] = np.nan

    # --- labels ---------------------------------------------------------------
    edges = np.zeros(n_rows, dtype=EDGE_DTYPE)
    if n_rows:
        s = spectrum_of_row
        peak_level = background_at_onset + amplitude
        shot_var = peak_level / p["counts"][s] if (config.shot_noise and add_noise) else 0.0
        read_var = (p["readout_noise"][s] / p["counts"][s]) ** 2
        noise_sd = np.sqrt(fp_sd[s] ** 2 + shot_var + read_var) if add_noise else np.zeros(n_rows)
        edges["spectrum"] = s
        edges["element"] = group_attribute("element", group_row)
        edges["edge"] = group_attribute("name", group_row)
        edges["onset"] = onset_true * stretch[s] + p["shift"][s]
        edges["jump_ratio"] = jump_ratio
        with np.errstate(divide="ignore"):
            edges["psnr"] = np.where(noise_sd > 0, amplitude / np.maximum(noise_sd, 1e-30), np.inf)
        edges["is_label"] = rows_label
    batch = SpectrumBatch(spectra=spectra, parameters=p, edges=edges)
    if return_components:
        batch.clean = (clean * counts).astype(dtype)
        batch.background = (background * counts).astype(dtype)
        batch.edge_signals = (edge_sum * counts).astype(dtype)
        for i in short:
            for arr in (batch.clean, batch.background, batch.edge_signals):
                arr[i, p["n_channels"][i] :] = np.nan
    return batch


def _add_detector_artefacts(
    spectra: np.ndarray, clean: np.ndarray, p: dict[str, np.ndarray], rng: np.random.Generator, spike_amplitude
) -> None:
    """Dark-subtraction residual (a constant), a gain step over the first channels and spikes, in place."""
    last = p["n_channels"].astype(np.intp) - 1
    for i in np.flatnonzero(p["spikes"]):
        k = int(p["spikes"][i])
        channel = rng.integers(0, last[i], k)  # the next channel exists for the wide ones
        height = np.exp(rng.uniform(*np.log(spike_amplitude), k)) * clean[i, channel] * p["counts"][i]
        wide = rng.random(k) < 1.0 / 3.0
        np.add.at(spectra[i], channel, height.astype(np.float32))
        np.add.at(spectra[i], channel[wide] + 1, (height[wide] * rng.uniform(0.2, 1.0, wide.sum())).astype(np.float32))
    for i in np.flatnonzero(p["dark_offset"]):
        spectra[i] += np.float32(p["dark_offset"][i] * clean[i, last[i]] * p["counts"][i])
    for i in np.flatnonzero(p["start_step_channels"]):
        spectra[i, : int(p["start_step_channels"][i])] *= np.float32(p["start_step_factor"][i])


def _choose_edges(
    rng: np.random.Generator,
    config: SynthesisConfig,
    p: dict[str, np.ndarray],
    per_spectrum_elements: list[list[str]] | None,
    jump_ratios: dict[str, float],
    label_lo: np.ndarray,
    label_hi: np.ndarray,
    true_energy: np.ndarray,
) -> tuple[list[int], list[int], list[float], list[bool], list[int]]:
    """Elements of every spectrum, and every edge group of them that reaches the window.

    Returns, per edge row: its spectrum, its edge group's row in
    :func:`~hyperspy_eels_edgeid.edges.all_edge_groups`, its element's jump
    ratio, whether it is a label, and the row of its element's reference
    edge (all rows of the pass counted).

    Each element's jump ratio is drawn from its range and given to its
    reference edge, its first principal edge in the window (for an element
    with none there, its first edge); its other edges follow from the
    cross-sections (:func:`_add_edges`).
    """
    n = len(label_lo)
    probabilities = np.asarray(config.n_elements_probabilities, dtype=float)
    counts_of_elements = rng.choice(probabilities.size, size=n, p=probabilities / probabilities.sum())
    # a Python generator seeded from `rng`: same determinism, far less overhead per draw
    draw = random.Random(int(rng.integers(2**63)))
    candidates = None if config.candidate_elements is None else frozenset(config.candidate_elements)
    first_energy = true_energy[:, 0].tolist()
    last_index = (p["n_channels"] - 1).tolist()
    rows_spectrum, rows_index, rows_jr, rows_label, rows_reference = [], [], [], [], []
    for i in range(n):
        lo, hi = float(label_lo[i]), float(label_hi[i])
        if per_spectrum_elements is None:
            available = _window_elements(lo, hi, candidates)
            chosen = _draw_elements(draw, available, int(counts_of_elements[i]), config.element_weights)
            for element, probability in config.extra_element_probability.items():
                if element not in chosen and element in available and draw.random() < probability:
                    chosen.append(element)  # e.g. carbon contamination, surface oxide
            if config.below_window_probability and draw.random() < config.below_window_probability:
                # an element whose edge lies just below the window: its tail is seen, it is not a label
                below = [e for e in _window_elements(lo - _BELOW_REACH, lo, candidates) if e not in chosen]
                if below:
                    chosen.append(draw.choice(below))
            if config.secondary_only_probability and draw.random() < config.secondary_only_probability:
                # an element seen only by its secondary edges (Ca L1 in a Ti L / O K window): not a label
                only = [e for e in _secondary_only_elements(lo, hi, candidates) if e not in chosen]
                if only:
                    chosen.append(draw.choice(only))
        else:
            chosen = per_spectrum_elements[i]
            for element in chosen:
                if not any(g.principal and g.major and lo <= g.onset <= hi for g in edge_groups_of(element)):
                    end = p["offset"][i] + p["dispersion"][i] * last_index[i]
                    raise ValueError(
                        f"elements: {element} has no principal edge inside the energy window "
                        f"{p['offset'][i]:.1f}-{end:.1f} eV at least {config.edge_margins[0]:g} eV after its start "
                        f"and {config.edge_margins[1]:g} eV before its end, once the axis shift "
                        f"({p['shift'][i]:+.1f} eV) and expansion ({100 * p['expansion'][i]:+.2f} %) drawn for this "
                        "spectrum are applied; give an energy axis that holds the edge (energy_axis= of "
                        "synthetic_eels or synthesize_batch; synthesize_batch without one draws the window at random), "
                        "choose another element, or draw no miscalibration (SynthesisConfig(shift=0, expansion=0))."
                    )
        reach_lo, reach_hi = first_energy[i] - _TAIL_REACH, float(true_energy[i, last_index[i]])
        for element in chosen:
            jr = jump_ratios.get(element)
            if jr is None:
                low, high = config.jump_ratio_range(element)
                if (
                    config.strong_edge_probability
                    and (not config.strong_edges_white_lines_only or _has_white_line_edge(element))
                    and draw.random() < config.strong_edge_probability
                ):
                    jr = math.exp(draw.uniform(math.log(high), math.log(config.strong_edge_jump_ratio_max)))
                elif config.jump_ratio_log_uniform:
                    jr = math.exp(draw.uniform(math.log(low), math.log(high)))
                else:
                    jr = draw.uniform(low, high)
            first_row, reference = len(rows_index), None
            for index, onset, principal in _edge_rows_of(element):
                if not (principal or config.secondary_edges) or not reach_lo <= onset <= reach_hi:
                    continue
                if not principal and onset < first_energy[i]:
                    continue  # a weak edge below the window only bends the background: left out
                in_window = principal and lo <= onset <= hi
                if in_window and reference is None:
                    reference = len(rows_index)
                rows_spectrum.append(i)
                rows_index.append(index)
                rows_jr.append(jr)
                rows_label.append(in_window)
            rows_reference.extend([first_row if reference is None else reference] * (len(rows_index) - first_row))
    return rows_spectrum, rows_index, rows_jr, rows_label, rows_reference


@functools.lru_cache(maxsize=None)
def _has_white_line_edge(element: str) -> bool:
    """Whether a principal edge of `element` has white lines (3d L2,3, Xe-Lu M4,5)."""
    return any(g.principal and has_white_lines(g) for g in edge_groups_of(element))


@functools.lru_cache(maxsize=None)
def _edge_rows_of(element: str) -> tuple[tuple[int, float, bool], ...]:
    """(row in all_edge_groups(), onset, principal Major) of each edge group of `element`, by onset."""
    groups = edge_groups_of(element)
    return tuple(
        zip(group_rows(list(groups)).tolist(), [g.onset for g in groups], [g.principal and g.major for g in groups])
    )


def _fft_size(p: dict[str, np.ndarray], step: np.ndarray) -> np.ndarray:
    """FFT length per spectrum: the template plus room for the broadening and plasmon replicas.

    The low-loss distribution shifts intensity up by about (t/λ + 3 sqrt(t/λ) + 1)
    plasmon energies (Poisson orders to three standard deviations), each up to a
    few plasmon widths wide; that much zero padding keeps the circular
    convolution from wrapping it back onto the onset.
    """
    t = p["thickness"]
    orders = np.where(t > 0, t + 3 * np.sqrt(t) + 1, 0.0)
    reach = _GUARD_EV + orders * (p["plasmon_energy"] + 2 * p["plasmon_fwhm"])
    needed = TEMPLATE_SIZE + np.ceil(reach / step)
    return (2 ** np.ceil(np.log2(np.maximum(needed, 2 * TEMPLATE_SIZE)))).astype(np.intp)


def _draw_elements(draw: random.Random, available: tuple[str, ...], k: int, weights: dict[str, float]) -> list[str]:
    """`k` of `available` without replacement, with probabilities proportional to `weights` (default 1).

    Successive sampling: each draw picks one of the elements not yet chosen
    with probability proportional to its weight (drawing with replacement and
    skipping repeats does exactly that).
    """
    k = min(k, len(available))
    if not weights:
        return draw.sample(available, k)
    cumulative = _cumulative_weights(available, tuple(sorted(weights.items())))
    chosen: list[str] = []
    while len(chosen) < k:
        element = draw.choices(available, cum_weights=cumulative)[0]
        if element not in chosen:
            chosen.append(element)
    return chosen


@functools.lru_cache(maxsize=2**16)
def _cumulative_weights(available: tuple[str, ...], weights: tuple[tuple[str, float], ...]) -> list[float]:
    w = dict(weights)
    return list(itertools.accumulate(w.get(e, 1.0) for e in available))


def _check_enough_elements(config: SynthesisConfig, energy_axis: tuple[float, float, int]) -> None:
    """A fixed window must hold the smallest number of elements that may be asked for."""
    offset, dispersion, n_channels = energy_axis
    lo = offset + config.edge_margins[0]
    hi = offset + dispersion * (n_channels - 1) - config.edge_margins[1]
    candidates = None if config.candidate_elements is None else frozenset(config.candidate_elements)
    available = len(_window_elements(lo, hi, candidates))
    fewest = int(np.flatnonzero(np.asarray(config.n_elements_probabilities) > 0)[0])
    if fewest > available:
        raise ValueError(
            f"n_elements_probabilities: every spectrum needs at least {fewest} elements, but only {available} "
            f"{'candidate ' if candidates else ''}elements have a principal edge in the window "
            f"{lo - config.edge_margins[0]:.1f}-{hi + config.edge_margins[1]:.1f} eV; widen the window or ask for fewer."
        )


def _normalise_elements(elements, n: int) -> list[list[str]] | None:
    if elements is None:
        return None
    if isinstance(elements, str):
        raise ValueError("elements: give a list of symbols such as ['Fe', 'O'], not a string.")
    elements = list(elements)
    if all(isinstance(e, str) for e in elements):
        per = [list(elements)] * n
    else:
        if len(elements) != n:
            raise ValueError(f"elements: got {len(elements)} lists of elements for {n} spectra.")
        per = [list(e) for e in elements]
    for chosen in per:
        for element in chosen:
            edge_groups_of(element)  # unknown element -> ValueError
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"elements: {chosen} lists an element twice.")
    return per


def _amplitudes_of_composition(
    amplitude: np.ndarray,
    size: np.ndarray,
    s: np.ndarray,
    reference: np.ndarray,
    atoms: np.ndarray,
    background_at_onset: np.ndarray,
    is_label: np.ndarray,
) -> np.ndarray:
    """Amplitudes of rows whose element has a number of atoms: proportional to it times the row's `size`.

    Per spectrum, the anchor is the reference edge of such an element that
    stands highest above the background at its onset (``atoms * size /
    background``; principal edges in the window before the others): it
    keeps its amplitude, so the composition's strongest edge has the drawn
    (or fixed) jump ratio of its element, and every other such row gets
    ``atoms * size`` times the anchor's ``amplitude / (atoms * size)``.
    """
    given = np.flatnonzero(np.isfinite(atoms))
    references = np.unique(reference[given])
    height = atoms[references] * size[references] / background_at_onset[references]
    # per spectrum (rows are in spectrum order): labelled references first, then the highest
    order = references[np.lexsort((-height, ~is_label[references], s[references]))]
    spectra, first = np.unique(s[order], return_index=True)
    anchor = order[first]
    per_atom = np.zeros(int(s.max()) + 1)
    per_atom[spectra] = amplitude[anchor] / (atoms[anchor] * size[anchor])
    out = amplitude.copy()
    out[given] = atoms[given] * size[given] * per_atom[s[given]]
    return out


def _add_edges(
    edge_sum: np.ndarray,
    rng: np.random.Generator,
    config: SynthesisConfig,
    p: dict[str, np.ndarray],
    group_row: np.ndarray,
    spectrum_of_row: np.ndarray,
    onset_true: np.ndarray,
    reference: np.ndarray,
    reference_amplitude: np.ndarray,
    atoms: np.ndarray | None,
    background_at_onset: np.ndarray,
    is_label: np.ndarray,
    true_energy: np.ndarray,
    log_energy: np.ndarray,
) -> np.ndarray:
    """Add every edge row, broadened and scaled, to its spectrum; return each row's peak above background.

    `group_row` gives the edge group of each row (:func:`.shapes.group_rows`).
    Row ``reference[k]`` is the reference edge of row k's element, whose
    broadened peak is ``reference_amplitude[k]``; the element's other edges
    keep the ratio of their cross-sections to it (the table's continua at the
    spectrum's bucket, with their white lines and near-edge structure).
    Where `atoms` (number of atoms of each row's element, NaN where not
    given) is given, the elements' continua keep those proportions instead,
    anchored at the edge among them that stands highest above the
    background (`background_at_onset`; principal edges, `is_label`, first).
    """
    s = spectrum_of_row
    # the template step and the transfer functions are those of each spectrum
    channel_width = p["dispersion"] / (1.0 + p["expansion"])
    step_of_spectrum = np.clip(channel_width, *_TEMPLATE_STEP)
    step = step_of_spectrum[s]
    delta = np.arange(-PRE, TEMPLATE_SIZE - PRE, dtype=np.float32)[None, :] * step[:, None].astype(np.float32)
    shape = ShapeParameters(
        rng, group_row, config.white_lines, config.near_edge_structure, config.elnes_families, config.white_line_fwhm,
        config.m45_branching, config.elnes_k_edge_probability, config.elnes_k_pair_probability,
        config.exelfs_probability, config.broad_white_line_probability, config.broad_white_line_fwhm,
        config.m23_white_lines, config.l23_branching, config.tall_white_line_probability,
        config.tall_white_line_strength,
    )  # fmt: skip
    model_range = rng.uniform(*config.edge_model_range, len(group_row))
    buckets = bucket_of(p["beam_energy"], p["collection_angle"])[s]
    templates = build_templates(group_row, delta, shape, model_range, buckets)

    # convolution with PSF, channel box and low-loss spectrum, zero-padded far
    # enough that plasmon replicas shifted past the end never wrap round
    broadened = np.empty_like(templates)
    fft_size = _fft_size(p, step_of_spectrum)
    for size in np.unique(fft_size[s]):
        rows = np.flatnonzero(fft_size[s] == size)
        used = np.unique(s[rows])
        frequency = (np.arange(size // 2 + 1)[None, :] / (size * step_of_spectrum[used, None])).astype(np.float32)
        transfer = broadening_transfer(
            frequency, p["gaussian_fwhm"][used], p["lorentzian_hwhm"][used], channel_width[used]
        ).astype(np.complex64)
        if np.any(p["thickness"][used] > 0):
            transfer *= plural_scattering_transfer(
                size, step_of_spectrum[used], p["thickness"][used], p["plasmon_energy"][used], p["plasmon_fwhm"][used]
            )
        if size > _CONVOLUTION_SIZE:
            # only lags of -(TEMPLATE_SIZE - 1) to TEMPLATE_SIZE - 1 reach the kept samples: fold the
            # kernel to them once per spectrum, and convolve every template at the shorter length
            kernel = fft.irfft(transfer, n=size, axis=1)
            half = _CONVOLUTION_SIZE // 2
            transfer = fft.rfft(np.concatenate([kernel[:, :half], kernel[:, size - half :]], axis=1), axis=1)
            size = _CONVOLUTION_SIZE
        spectrum_ft = fft.rfft(templates[rows], n=size, axis=1)
        spectrum_ft *= transfer[np.searchsorted(used, s[rows])]
        broadened[rows] = fft.irfft(spectrum_ft, n=size, axis=1)[:, :TEMPLATE_SIZE]
    last = TEMPLATE_SIZE - 1 - np.ceil(_GUARD_EV / step).astype(np.intp)
    peaks = np.maximum(row_peaks(broadened, last), np.float32(1e-30))
    broadened /= peaks[:, None]
    # absolute size of each broadened edge: its continuum's scale (barn/eV) times its peak in those units
    table, table_rows, scales = continuum_table(group_row, buckets)
    size = scales * peaks
    amplitude = reference_amplitude * size / size[reference]
    if atoms is not None and np.isfinite(atoms).any():
        amplitude = _amplitudes_of_composition(amplitude, size, s, reference, atoms, background_at_onset, is_label)
    # the template starts PRE steps below the onset; the Lorentzian tail of the
    # PSF still has a little intensity there, which would end in a small false
    # step: taper it to zero over the first half of the pre-edge samples
    broadened[:, : _TAPER.size] *= _TAPER

    # channels covered by each template (up to its anchor): linear interpolation
    first_true = (p["offset"] - p["shift"]) / (1.0 + p["expansion"])
    e0, de, n_valid = first_true[s], channel_width[s], p["n_channels"][s]
    anchor_energy = onset_true + (last - PRE) * step
    c0 = np.clip(np.ceil((onset_true - PRE * step - e0) / de), 0, n_valid).astype(np.intp)
    c1 = np.clip(np.ceil((anchor_energy - e0) / de), 0, n_valid).astype(np.intp)
    place_edges(edge_sum, s, c0, c1, de / step, PRE - (onset_true - e0) / step, amplitude, broadened)

    # past its template every edge follows its own continuum from the table (at its bucket), scaled to
    # the broadened template's value at the anchor: one pass per edge over its channels
    anchor_value = amplitude * broadened[np.arange(len(group_row)), last]
    fine_per_ev, coarse_per_ev = np.float32(1.0 / CONTINUUM_STEP), np.float32(1.0 / TAIL_STEP)
    add_edge_tails(edge_sum, s, c1, n_valid, (last - PRE) * step, anchor_value, onset_true, true_energy, log_energy,
                   table, table_rows, CONTINUUM_SAMPLES, fine_per_ev, coarse_per_ev)  # fmt: skip
    return amplitude
