"""Synthetic EELS signals and training databases, in the style of ``exspy.data``.

:func:`synthetic_eels` returns a calibrated exspy ``EELSSpectrum`` (a single
spectrum, a line scan or a spectrum image) whose ground truth is in its
metadata; :func:`synthetic_low_loss` the low-loss spectrum its edges were
scattered with (for ``create_model(low_loss=...)``); :func:`synthesize_database`
writes training databases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from ..edges import elements_with_principal_edge
from ..synthesis import PARAMETER_NAMES, SynthesisConfig, synthesize_batch
from ..synthesis.config import MIN_CHANNELS
from ..synthesis.instrument import plural_scattering_transfer
from ..synthesis.database import synthesize_database

__all__ = ["synthetic_eels", "synthetic_low_loss", "synthesize_database"]

#: Parameters set by `energy_axis` rather than by keyword.
_AXIS_PARAMETERS = ("offset", "dispersion", "n_channels")
_DEFAULT_AXIS = (100.0, 0.5, 2048)  # 100-1123.5 eV, the paper's range and more
_BLOCK = 32  # pixels per side of a lazy block
#: Largest spectrum image synthesized (its composition maps are built in memory, lazily too), and largest eager one.
MAX_PIXELS = 2048 * 2048
MAX_EAGER_BYTES = 4 * 2**30


def _seed_from(random_state) -> int:
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(2**63))
    if random_state is None:
        return int(np.random.SeedSequence().entropy % 2**63)
    if isinstance(random_state, (int, np.integer)) and random_state >= 0:
        return int(random_state)
    raise ValueError(f"random_state: expected None, a non-negative int or a numpy Generator, got {random_state!r}.")


def synthetic_eels(
    elements: Sequence[str] | None = None,
    navigation_shape: tuple[int, ...] = (),
    energy_axis: tuple[float, float, int] = _DEFAULT_AXIS,
    add_noise: bool = True,
    random_state: int | np.random.Generator | None = None,
    lazy: bool = False,
    config: SynthesisConfig | None = None,
    jump_ratios: dict[str, float] | None = None,
    atomic_ratios: dict[str, float] | None = None,
    **parameters,
):
    """A synthetic core-loss EELS spectrum, line scan or spectrum image with known truth.

    Made by the forward model (:mod:`hyperspy_eels_edgeid.synthesis`): power-law
    background, edges of the chosen elements with realistic shapes, instrument
    broadening, energy-axis miscalibration, plural scattering and noise.

    Parameters
    ----------
    elements : list of str, optional
        Elements present.  Each needs a principal edge (K, L2,3, M4,5...) in
        the energy window.  By default 1-6 (single spectrum) or 2-4
        (spectrum image) are drawn at random.
    navigation_shape : int or tuple of int
        ``()`` for one spectrum, ``n`` or ``(n,)`` for a line scan, ``(x, y)``
        for a spectrum image (HyperSpy order); at most ``MAX_PIXELS``
        (2048 x 2048) pixels, and ``MAX_EAGER_BYTES`` (4 GiB) of data unless
        `lazy`.  In a line scan or spectrum image the
        first element forms a matrix everywhere and each other element forms
        particles (disks, or segments in a line scan) embedded in it, so that
        element maps have a known truth (``metadata.Truth.element_maps``).
    energy_axis : (offset, dispersion, n_channels)
        Recorded energy axis in eV; default 100-1123.5 eV at 0.5 eV.  As in
        the paper's forward model, the background is normalised to 1 at the
        window's start and the fixed-pattern noise is relative to that
        level, so a window starting far below the edges (say at 20 eV, where
        the background is hundreds of times stronger than at 500 eV) buries
        them in noise: start it a little below the first edge of interest.
    add_noise : bool
        Add fixed-pattern noise and shot noise.
    random_state : None or int or numpy.random.Generator
        Seed or random generator; the same seed gives the same signal.
    lazy : bool
        Return a ``LazyEELSSpectrum`` computed block by block with dask.
    config : SynthesisConfig, optional
        Ranges of the random parameters (default ``SynthesisConfig()``).
    jump_ratios : dict of str to float, optional
        Fixed jump ratio of the principal edge of some elements.
    atomic_ratios : dict of str to float, optional
        Relative numbers of atoms (``{"La": 1, "Mn": 1, "O": 3}``): the
        edges of these elements get the intensities of that composition
        (their continua from the bundled cross-section table at the drawn
        beam energy and collection angle, which are set in the metadata), so
        that quantification can be checked against it; see
        :func:`~hyperspy_eels_edgeid.synthesis.synthesize_batch`.  Their
        overall size follows the one whose edge stands highest above the
        background, whose jump ratio is drawn from its element's range (or
        given in `jump_ratios`): give every listed element the same
        `jump_ratios` entry to set the strongest edge's jump ratio.
    **parameters
        Fix any parameter: a field of :class:`SynthesisConfig` (e.g.
        ``shot_noise=False``, ``gaussian_fwhm=(0.5, 0.8)``) or a per-spectrum
        parameter (e.g. ``shift=0.0``, ``background_exponent=3.0``,
        ``thickness=0.3``, ``counts=1e5``).

    Returns
    -------
    exspy.signals.EELSSpectrum or exspy.signals.LazyEELSSpectrum
        Calibrated energy axis, microscope parameters set,
        ``metadata.Sample.elements`` = the elements present, and the truth
        in ``metadata.Truth``: ``elements``, ``edges`` (element, edge,
        onset in eV on the recorded axis, jump ratio, PSNR, whether it is a
        label; for one spectrum), ``parameters`` and, for line scans and
        spectrum images, ``element_maps`` (boolean, one map per element of
        ``element_map_elements``).

    Raises
    ------
    ValueError
        For unknown elements, elements without a principal edge in the
        window, or invalid parameters; the message names the parameter.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
    >>> s = synthetic_eels(elements=["Fe", "O"], random_state=0)
    >>> s
    <EELSSpectrum, title: Synthetic EELS (Fe, O), dimensions: (|2048)>
    >>> s.metadata.Sample.elements
    ['Fe', 'O']
    >>> si = synthetic_eels(elements=["O", "Fe"], navigation_shape=(16, 16), random_state=0)
    >>> si.metadata.Truth.element_maps.shape
    (2, 16, 16)
    """
    import dask.array as da

    config = SynthesisConfig() if config is None else config
    config_changes = {k: v for k, v in parameters.items() if k in {f.name for f in dataclasses.fields(config)}}
    fixed = {k: v for k, v in parameters.items() if k not in config_changes}
    axis_given = [k for k in parameters if k in (*_AXIS_PARAMETERS, "window_start")]  # config fields the axis overrides
    if axis_given:
        raise ValueError(f"{axis_given[0]}: set the axis with energy_axis=(offset, dispersion, n_channels).")
    unknown = [k for k in fixed if k not in PARAMETER_NAMES]
    if unknown:
        raise ValueError(
            f"{unknown[0]}: not a parameter of the forward model; use a SynthesisConfig field "
            f"or one of {list(PARAMETER_NAMES)}."
        )
    if config_changes:
        config = config.replace(**config_changes)
    navigation_shape = (navigation_shape,) if np.isscalar(navigation_shape) else tuple(navigation_shape)
    if any(int(v) != v for v in navigation_shape):
        raise ValueError(f"navigation_shape: expected whole numbers, got {navigation_shape}.")
    navigation_shape = tuple(int(v) for v in navigation_shape)
    if len(navigation_shape) > 2 or any(v < 1 for v in navigation_shape):
        raise ValueError(f"navigation_shape: expected (), (n,) or (x, y) of positive sizes, got {navigation_shape}.")
    offset, dispersion, n_channels = float(energy_axis[0]), float(energy_axis[1]), int(energy_axis[2])
    if not (dispersion > 0 and n_channels >= MIN_CHANNELS and offset > 0):
        raise ValueError(
            f"energy_axis: expected (offset > 0 eV, dispersion > 0 eV, n_channels >= {MIN_CHANNELS}), "
            f"got {energy_axis}."
        )
    pixels = int(np.prod(navigation_shape))
    if pixels > MAX_PIXELS or (not lazy and pixels * n_channels * 4 > MAX_EAGER_BYTES):
        raise ValueError(
            f"navigation_shape: {navigation_shape} x {n_channels} channels is too large to synthesize here "
            f"(at most {MAX_PIXELS:,} pixels, and {MAX_EAGER_BYTES / 2**30:g} GiB of data unless lazy=True)."
        )
    axis = (offset, dispersion, n_channels)
    seed = _seed_from(random_state)
    rng = np.random.default_rng(seed)

    # one acquisition: instrument parameters drawn once, then fixed for every pixel
    if isinstance(elements, str):
        raise ValueError("elements: give a list of symbols such as ['Fe', 'O'], not a string.")
    try:
        probe = synthesize_batch(1, config, rng, energy_axis=axis, fixed=fixed, add_noise=False)
    except ValueError as error:  # a window too narrow for the random draws
        window_error = error
    else:
        window_error = None
    if window_error is not None:
        if elements is not None:  # said of the elements asked for, where they miss it (checked again below)
            synthesize_batch(1, config, 0, elements=[list(elements)], energy_axis=axis, fixed=fixed, add_noise=False)
        raise window_error
    instrument = {k: probe.parameters[k][0] for k in PARAMETER_NAMES}
    instrument.update(fixed)
    if elements is None:
        elements = _random_elements(rng, config, instrument, axis, n_min=2 if navigation_shape else 1)
    elements = list(elements)
    # every element needs a principal edge in this window: checked now, not when a lazy block is computed
    synthesize_batch(
        1, config, 0, elements=[elements], atomic_ratios=atomic_ratios, energy_axis=axis, fixed=instrument, add_noise=False
    )

    compositions, codes = _composition_map(rng, elements, navigation_shape)
    block = dict(config_json=config.to_json(), compositions=compositions, axis=axis, fixed=instrument,
                 jump_ratios=jump_ratios, atomic_ratios=atomic_ratios, add_noise=add_noise, seed=seed)  # fmt: skip
    if navigation_shape:
        chunks = tuple(min(_BLOCK, v) for v in codes.shape)
        data = da.map_blocks(
            _synthesize_block,
            da.from_array(codes, chunks=chunks),
            new_axis=codes.ndim,
            chunks=da.core.normalize_chunks(chunks, codes.shape) + ((n_channels,),),
            dtype=np.float32,
            **block,
        )
        truth_batch = None
    else:
        truth_batch = _batch_for(np.zeros(1, dtype=int), **block)
        data = truth_batch.spectra[0]
    signal = _as_signal(data, axis, navigation_shape, lazy, config, instrument)
    _set_truth(signal, elements, compositions, codes, instrument, truth_batch, axis, config)
    return signal


def _random_elements(rng, config, instrument, axis, n_min):
    stretch = 1.0 + instrument["expansion"]
    end = axis[0] + axis[1] * (axis[2] - 1)
    window = ((axis[0] + config.edge_margins[0] - instrument["shift"]) / stretch,
              (end - config.edge_margins[1] - instrument["shift"]) / stretch)  # fmt: skip
    available = elements_with_principal_edge(window)
    if config.candidate_elements is not None:
        available = [e for e in available if e in config.candidate_elements]
    if len(available) < n_min:
        raise ValueError(f"energy_axis: fewer than {n_min} elements have a principal edge in {axis}.")
    p = np.asarray(config.n_elements_probabilities, dtype=float)
    count = int(rng.choice(p.size, p=p / p.sum()))
    count = int(np.clip(count, n_min, min(len(available), 4 if n_min > 1 else 6)))
    return [str(e) for e in rng.choice(available, count, replace=False)]


def _composition_map(rng, elements, navigation_shape):
    """Per-pixel element lists: a matrix of elements[0] and particles of each other element."""
    if not navigation_shape:
        return [sorted(elements)], np.zeros((), dtype=np.int32)
    shape = navigation_shape[::-1]  # array order
    if not elements:  # an edge-free map
        return [[]], np.zeros(shape, dtype=np.int32)
    present = np.zeros((len(elements),) + shape, dtype=bool)
    present[0] = True
    grids = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
    size = min(shape)
    for k in range(1, len(elements)):
        for _ in range(int(rng.integers(1, 4))):
            centre = [rng.uniform(0, n) for n in shape]
            radius = rng.uniform(0.1, 0.3) * size + 1.0
            distance2 = sum((g - c) ** 2 for g, c in zip(grids, centre))
            present[k] |= distance2 <= radius**2
    keys = present.reshape(len(elements), -1).T
    unique, codes = np.unique(keys, axis=0, return_inverse=True)
    compositions = [sorted(e for e, on in zip(elements, row) if on) for row in unique]
    return compositions, codes.reshape(shape).astype(np.int32)


def _batch_for(
    codes, *, config_json, compositions, axis, fixed, jump_ratios, atomic_ratios, add_noise, seed, block_id=()
):
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,) + tuple(block_id)))
    flat = np.asarray(codes).reshape(-1)
    per_pixel = [compositions[c] for c in flat]
    return synthesize_batch(
        flat.size,
        SynthesisConfig.from_json(config_json),
        rng,
        elements=per_pixel,
        jump_ratios=jump_ratios,
        atomic_ratios=atomic_ratios,
        energy_axis=axis,
        fixed=fixed,
        add_noise=add_noise,
    )


def _synthesize_block(codes, block_info=None, **block):
    """Spectra of one navigation block (module level, so dask can ship it)."""
    block_id = block_info[0]["chunk-location"] if block_info else ()
    batch = _batch_for(codes, block_id=block_id, **block)
    return batch.spectra.reshape(codes.shape + (batch.spectra.shape[1],))


def _as_signal(data, axis, navigation_shape, lazy, config, instrument):
    import dask.array as da
    from exspy.signals import EELSSpectrum, LazyEELSSpectrum

    offset, dispersion, n_channels = axis
    names = {1: ["Scan"], 2: ["x", "y"]}.get(len(navigation_shape), [])
    axes = [dict(name=name, size=size, units="px", navigate=True) for name, size in zip(names, navigation_shape)]
    axes = axes[::-1] + [dict(name="Energy loss", size=n_channels, offset=offset, scale=dispersion, units="eV")]
    if lazy:
        signal = LazyEELSSpectrum(data if isinstance(data, da.Array) else da.from_array(data), axes=axes)
    else:
        signal = EELSSpectrum(data.compute() if isinstance(data, da.Array) else data, axes=axes)
    signal.set_microscope_parameters(
        beam_energy=float(instrument["beam_energy"]),
        convergence_angle=config.convergence_angle,
        collection_angle=float(instrument["collection_angle"]),
    )
    return signal


def _set_truth(signal, elements, compositions, codes, instrument, batch, axis, config) -> None:
    present = sorted({e for c in compositions for e in c})
    signal.metadata.General.title = f"Synthetic EELS ({', '.join(present)})"
    signal.add_elements(present)
    signal.metadata.Sample.elements = list(present)  # exspy stores its set, whose order varies between runs
    truth = {"elements": present, "parameters": {k: np.asarray(v).item() for k, v in instrument.items()}}
    if batch is not None:
        rows = batch.edges
        truth["edges"] = {
            "element": rows["element"].tolist(),
            "edge": [f"{e}_{g}" for e, g in zip(rows["element"], rows["edge"])],
            "onset": rows["onset"].astype(float).tolist(),
            "jump_ratio": rows["jump_ratio"].astype(float).tolist(),
            "psnr": rows["psnr"].astype(float).tolist(),
            "is_label": rows["is_label"].tolist(),
        }
    else:
        truth["element_map_elements"] = list(elements)
        present = [[e in compositions[c] for c in codes.ravel()] for e in elements]
        truth["element_maps"] = np.array(present, dtype=bool).reshape((len(elements),) + codes.shape)
    signal.metadata.set_item("Truth", truth)


def synthetic_low_loss(signal, pre_ev: float = 20.0, span_ev: float = 200.0):
    """The low-loss spectrum a synthetic signal's edges were scattered with, of unit area.

    :func:`synthetic_eels` draws a thickness (t/λ) and a Drude plasmon and
    convolves every edge (not the background) with the zero loss and its
    plasmons; a microscopist fitting such a spectrum would pass the measured
    low-loss to ``create_model(low_loss=...)``.  This is that low-loss, from
    the truth in the signal's metadata, on its channel width: zero loss at
    0 eV (one channel when the thickness is 0) and plasmons up to `span_ev`;
    for a line scan or spectrum image (one acquisition: the same thickness
    everywhere) the same spectrum in every pixel, as exspy's model needs.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        Made by :func:`synthetic_eels` (``metadata.Truth.parameters``).
    pre_ev, span_ev : float
        eV below and above the zero loss.

    Returns
    -------
    exspy.signals.EELSSpectrum

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels, synthetic_low_loss
    >>> s = synthetic_eels(["O"], random_state=0, thickness=0.5)
    >>> ll = synthetic_low_loss(s)
    >>> round(float(ll.data.sum()), 6), ll.axes_manager[-1].offset
    (1.0, -20.0)
    """
    from exspy.signals import EELSSpectrum
    from scipy import fft

    if not signal.metadata.has_item("Truth.parameters"):
        raise ValueError("signal: not made by synthetic_eels (no metadata.Truth.parameters).")
    p = signal.metadata.Truth.parameters
    scale = signal.axes_manager.signal_axes[0].scale
    n, pre = int(round(span_ev / scale)), int(round(pre_ev / scale))
    size = 1 << int(np.ceil(np.log2(4 * n)))
    transfer = plural_scattering_transfer(
        size, np.array([scale]), np.array([p.thickness]), np.array([p.plasmon_energy]), np.array([p.plasmon_fwhm])
    )
    kernel = fft.irfft(transfer, n=size, axis=1)[0, :n].astype(float)
    spectrum = np.concatenate([np.zeros(pre), kernel / kernel.sum()])
    navigation = [ax.get_axis_dictionary() for ax in signal.axes_manager.navigation_axes[::-1]]
    shape = tuple(ax["size"] for ax in navigation) + spectrum.shape
    energy = {"name": "Energy loss", "units": "eV", "offset": -pre * scale, "scale": scale, "size": pre + n}
    return EELSSpectrum(np.broadcast_to(spectrum, shape).copy(), axes=navigation + [energy])
