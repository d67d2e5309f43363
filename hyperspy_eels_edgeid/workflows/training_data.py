"""Training data: synthetic batches, their network input and targets, from a database or on the fly.

A database (``eels-edgeid synthesize``) is split 80/20 at random by chunks of
spectra (:class:`DatabaseSource`); on-the-fly data (:class:`OnTheFlySource`)
are fresh every epoch, each batch drawn from a seed that depends on the epoch
and the batch, so a resumed run sees the same data whatever the number of data
workers.
"""

from __future__ import annotations

import functools

import numpy as np

from .._parallel import ordered_map
from ..recognizer.grid import GRID_SEGMENTS, MASK_CHANNEL, model_grid, normalise, window_order
from ..recognizer.resampling import resample_batch
from ..recognizer.edge_families import family_indices
from ..recognizer.labels import EDGE_MARGINS, label_space, measured_range, near_window_ends, observable_elements
from ..synthesis import SpectrumBatch, SynthesisConfig, synthesize_batch
from ..synthesis.database import SpectrumDatabase

__all__ = [
    "sample_batch", "make_targets", "edge_targets", "grid_and_space", "on_the_fly_targets", "batches_by_window",
    "DatabaseSource", "OnTheFlySource",
]  # fmt: skip


def sample_batch(
    n: int, config: SynthesisConfig, rng: np.random.Generator, zero_fraction: float, element_weights: dict
) -> SpectrumBatch:
    """Synthesize `n` training spectra.

    The forward model draws everything; here only the element prior changes:
    a spectrum has no element with probability `zero_fraction`, otherwise
    as many as ``config.n_elements_probabilities`` says, drawn with
    probabilities proportional to `element_weights` (default 1).

    Parameters
    ----------
    n : int
        Number of spectra.
    config : SynthesisConfig
        The forward model's settings.
    rng : numpy.random.Generator
        Random stream.
    zero_fraction : float
        Share of spectra without any element.
    element_weights : dict
        Relative weight of elements (default 1).

    Returns
    -------
    SpectrumBatch

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis import SynthesisConfig
    >>> from hyperspy_eels_edgeid.workflows.training_data import sample_batch
    >>> b = sample_batch(4, SynthesisConfig(), np.random.default_rng(0), 0.0, {})
    >>> len(b), all(len(b.elements(i)) >= 1 for i in range(4))
    (4, True)
    """
    p = np.asarray(config.n_elements_probabilities, dtype=float)
    p = (1.0 - zero_fraction) * p / p.sum()
    p[0] += zero_fraction
    config = config.replace(n_elements_probabilities=tuple(p), element_weights=dict(element_weights))
    return synthesize_batch(n, config, rng)


def make_targets(
    batch: SpectrumBatch, grid: np.ndarray, space: dict, stride: int, n_steps: int, weak_label_psnr: float | None = None
) -> dict:
    """Network input and training targets of a batch of synthetic spectra.

    Parameters
    ----------
    batch : SpectrumBatch
        Synthetic spectra with their labels.
    grid : ndarray
        The model grid.
    space : dict
        The label space (``{element: onsets}``).
    stride : int
        Grid channels per network step.
    n_steps : int
        Network steps.
    weak_label_psnr : float, optional
        A labelled element one of whose labelled edges has a PSNR below this
        is neither present nor absent for the element head (weight 0), as
        the evaluation counts it "don't care"; None (the default) labels it
        present.

    Returns
    -------
    dict of ndarray
        ``x`` (N, 4, G) input; ``presence`` (N, K) 0/1; ``presence_weight``
        (N, K) 0 where the element is not observable on the grid, where an
        absent element's edge lies so close to the window's ends that the
        label is ambiguous, or where a label is too weak
        (`weak_label_psnr`); ``position`` (N, K, T) uint8, 1 at the step of
        each labelled principal onset (the steps next to it are not
        penalised: see :func:`position_weights`); and the edge-level targets
        of :func:`edge_targets`.
    """
    elements = list(space)
    index = {e: k for k, e in enumerate(elements)}
    n, k_count = len(batch), len(elements)
    values, mask = resample_batch(batch, grid)
    x = normalise(values, mask, grid)
    presence = np.zeros((n, k_count), dtype=np.float32)
    step_energy = grid[::stride][:n_steps]
    position = np.zeros((n, k_count, n_steps), dtype=np.uint8)
    labels = batch.edges[batch.edges["is_label"]]
    k = np.array([index.get(e, -1) for e in labels["element"].tolist()], dtype=np.intp)
    labels, k = labels[k >= 0], k[k >= 0]
    i = labels["spectrum"].astype(np.intp)
    presence[i, k] = 1.0
    position[i, k, np.abs(step_energy[None, :] - labels["onset"][:, None]).argmin(axis=1)] = 1
    observable = observable_elements(mask, grid, [space[e] for e in elements])
    # absent elements with a principal onset near the ends of the labelled window: ambiguous
    p = batch.parameters
    start = p["offset"] + EDGE_MARGINS[0]
    end = p["offset"] + p["dispersion"] * (p["n_channels"] - 1) - EDGE_MARGINS[1]
    ambiguous = near_window_ends(start, end, [space[e] for e in elements])
    presence_weight = (observable & ((presence > 0) | ~ambiguous)).astype(np.float32)
    if weak_label_psnr is not None:
        weak = labels["psnr"] < weak_label_psnr
        presence_weight[i[weak], k[weak]] = 0.0
    return {
        "x": x,
        "presence": presence,
        "presence_weight": presence_weight,
        "position": position,
        **edge_targets(batch, mask, grid, stride, n_steps),
    }


#: Edge-family target of a step the loss ignores.
IGNORE = 255
#: An edge weaker than this (its PSNR, ``batch.edges["psnr"]``) is neither an edge nor "none" for the edge head.
VISIBLE_PSNR = 3.0


def edge_targets(batch: SpectrumBatch, mask: np.ndarray, grid: np.ndarray, stride: int, n_steps: int) -> dict:
    """Edge-level targets: the shape family of every synthesized edge at its step, and its sub-step onset.

    Every edge group the forward model put into the measured window (principal
    or secondary, of any element) is a target at the step nearest its onset:
    its family (:data:`~hyperspy_eels_edgeid.recognizer.edge_families.FAMILIES`)
    and its onset's offset from the step's energy in units of the step width.
    Steps next to an edge, steps of edges too weak to be seen (PSNR below
    :data:`VISIBLE_PSNR`) and unmeasured steps are ignored; every other step
    is "none".  Where two edges share a step the more visible one is the target.

    Parameters
    ----------
    batch : SpectrumBatch
        Synthetic spectra with their edge table.
    mask : ndarray of bool, shape (N, G)
        Measured grid channels.
    grid : ndarray, shape (G,)
        The model grid.
    stride : int
        Grid channels per network step.
    n_steps : int
        Network steps.

    Returns
    -------
    dict of ndarray
        ``edge_family`` (N, T) uint8 (:data:`IGNORE` where ignored),
        ``edge_offset`` (N, T) float32 and ``edge_offset_weight`` (N, T)
        float32, 1 at the steps of visible edges.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.synthesis import SynthesisConfig
    >>> from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
    >>> grid, space = grid_and_space()
    >>> batch = sample_batch(2, SynthesisConfig(), np.random.default_rng(1), 0.0, {})
    >>> mask = resample_batch(batch, grid)[1]
    >>> t = edge_targets(batch, mask, grid, 32, 244)
    >>> t["edge_family"].shape, bool((t["edge_offset_weight"] > 0).any())
    ((2, 244), True)
    """
    n = mask.shape[0]
    step_energy = grid[::stride][:n_steps]
    width = np.gradient(step_energy)
    step_measured = mask[:, ::stride][:, :n_steps]
    family = np.where(step_measured, 0, IGNORE).astype(np.uint8)
    offset = np.zeros((n, n_steps), dtype=np.float32)
    offset_weight = np.zeros((n, n_steps), dtype=np.float32)
    first, last = measured_range(mask, grid)
    edges = batch.edges
    i = edges["spectrum"].astype(np.intp)
    onset = edges["onset"].astype(float)
    inside = (onset >= first[i] + EDGE_MARGINS[0]) & (onset <= last[i] - EDGE_MARGINS[1])
    edges, i, onset = edges[inside], i[inside], onset[inside]
    t = np.abs(step_energy[None, :] - onset[:, None]).argmin(axis=1)
    visible = edges["psnr"] >= VISIBLE_PSNR
    # ignore the neighbours of every edge and the steps of weak edges, then write the visible ones, weakest first
    for dt in (-1, 0, 1):
        family[i, np.clip(t + dt, 0, n_steps - 1)] = IGNORE
    order = np.argsort(edges["psnr"], kind="stable")
    order = order[visible[order]]
    family[i[order], t[order]] = family_indices(edges["element"][order], edges["edge"][order])
    offset[i[order], t[order]] = (onset[order] - step_energy[t[order]]) / width[t[order]]
    offset_weight[i[order], t[order]] = 1.0
    family[~step_measured] = IGNORE
    offset_weight[~step_measured] = 0.0
    return {"edge_family": family, "edge_offset": offset, "edge_offset_weight": offset_weight}


def grid_and_space(segments=None) -> tuple[np.ndarray, dict]:
    """The grid and label space of a new model, computed once per grid.

    Parameters
    ----------
    segments : sequence of (start, stop, step), optional
        The grid's segments (:func:`~hyperspy_eels_edgeid.recognizer.grid.model_grid`);
        None: :data:`~hyperspy_eels_edgeid.recognizer.grid.GRID_SEGMENTS`.

    Returns
    -------
    grid : ndarray
    space : dict
        Element -> principal onsets (:func:`~hyperspy_eels_edgeid.recognizer.labels.label_space`).

    Examples
    --------
    >>> grid, space = grid_and_space(((50.0, 1000.0, 0.25), (1000.0, 4000.0, 1.0)))
    >>> grid.size, "O" in space
    (6801, True)
    """
    return _grid_and_space(GRID_SEGMENTS if segments is None else tuple(tuple(map(float, s)) for s in segments))


@functools.lru_cache(maxsize=4)
def _grid_and_space(segments: tuple) -> tuple[np.ndarray, dict]:
    grid = model_grid(segments)
    return grid, label_space(grid)


def on_the_fly_targets(
    config_json: str,
    seed: tuple,
    n: int,
    zero_fraction: float,
    element_weights: dict,
    stride: int,
    n_steps: int,
    segments=None,
    weak_label_psnr: float | None = None,
) -> dict:
    """Targets of `n` fresh spectra from the random stream `seed` (runs in a data worker).

    Parameters
    ----------
    config_json : str
        The forward model's settings (:meth:`SynthesisConfig.to_json`).
    seed : tuple of int
        The random stream.
    n : int
        Number of spectra.
    zero_fraction : float
        Share of spectra without any element.
    element_weights : dict
        Relative weight of elements.
    stride, n_steps : int
        Grid channels per network step, and network steps.
    segments : sequence of (start, stop, step), optional
        The model's grid (None: the default grid, see :func:`grid_and_space`).
    weak_label_psnr : float, optional
        As :func:`make_targets`.

    Returns
    -------
    dict of ndarray
        As :func:`make_targets`.
    """
    grid, space = grid_and_space(segments)
    config = SynthesisConfig.from_json(config_json)
    batch = sample_batch(n, config, np.random.default_rng(seed), zero_fraction, element_weights)
    return make_targets(batch, grid, space, stride, n_steps, weak_label_psnr)


class DatabaseSource:
    """Train/validation targets from a database: a random 80/20 split of the
    spectra, read chunk by chunk, in a new random order every epoch, on the
    grid of `segments` (None: the default grid, see :func:`grid_and_space`)."""

    def __init__(
        self,
        path: str,
        validation_fraction: float,
        seed: int,
        stride: int,
        n_steps: int,
        chunk: int = 1024,
        segments=None,
        weak_label_psnr: float | None = None,
    ) -> None:
        self.db = SpectrumDatabase(path)
        self.stride, self.n_steps, self.segments = stride, n_steps, segments
        self.weak_label_psnr = weak_label_psnr
        n = len(self.db)
        is_val = np.zeros(n, dtype=bool)
        n_val = int(round(validation_fraction * n))
        if not 0 < n_val < n:
            raise ValueError(
                f"validation_fraction: {validation_fraction} of the {n} spectra of {path} leaves {n_val} for "
                f"validation and {n - n_val} for training; both need at least one."
            )
        is_val[np.random.default_rng(seed).permutation(n)[:n_val]] = True
        self.chunks = [(a, min(a + chunk, n)) for a in range(0, n, chunk)]
        self.is_val = is_val
        self.n_train = int(n - n_val)

    def _targets(self, batch: SpectrumBatch) -> dict:
        grid, space = grid_and_space(self.segments)
        return make_targets(batch, grid, space, self.stride, self.n_steps, self.weak_label_psnr)

    def epoch(self, epoch: int, seed: int, batch_size: int, pool=None):
        """Yield the targets of training batches, in a new order every epoch (`pool` unused: read here).

        Parameters
        ----------
        epoch : int
            Epoch number (seeds the order).
        seed : int
            Run seed.
        batch_size : int
            Spectra per batch.
        pool : ProcessPoolExecutor, optional
            Unused.

        Yields
        ------
        dict of ndarray
            Targets of :func:`make_targets`.
        """
        rng = np.random.default_rng([seed, epoch])
        for j in rng.permutation(len(self.chunks)):
            a, b = self.chunks[j]
            batch = self.db.read(a, b)
            idx = rng.permutation(np.flatnonzero(~self.is_val[a:b]))
            for s in range(0, idx.size, batch_size):
                yield self._targets(_subset(batch, idx[s : s + batch_size]))

    def validation(self, pool=None):
        """Yield the targets of the validation batches (the same every epoch).

        Parameters
        ----------
        pool : ProcessPoolExecutor, optional
            Unused.

        Yields
        ------
        dict of ndarray
            Targets of :func:`make_targets`.
        """
        for a, b in self.chunks:
            idx = np.flatnonzero(self.is_val[a:b])
            if idx.size:
                yield self._targets(_subset(self.db.read(a, b), idx))


def _subset(batch: SpectrumBatch, idx: np.ndarray) -> SpectrumBatch:
    """Spectra `idx` of a batch, edges re-indexed."""
    idx = np.asarray(idx)
    new = np.full(len(batch), -1)
    new[idx] = np.arange(idx.size)
    rows = batch.edges[np.isin(batch.edges["spectrum"], idx)].copy()
    rows["spectrum"] = new[rows["spectrum"]]
    rows = rows[np.argsort(rows["spectrum"], kind="stable")]
    params = {k: v[idx] for k, v in batch.parameters.items()}
    return SpectrumBatch(spectra=batch.spectra[idx], parameters=params, edges=rows)


class OnTheFlySource:
    """Targets of fresh synthetic spectra every epoch; a fixed validation set.

    Batch ``j`` of epoch ``e`` comes from the random stream ``[seed, e, 1, j]``
    (validation batch ``j``: ``[seed, 10**6, j]``), so the data are the same
    whether the batches are made here or by worker processes.
    """

    def __init__(self, cfg, stride: int, n_steps: int) -> None:
        self.cfg = cfg
        config = SynthesisConfig().replace(**cfg.synthesis) if cfg.synthesis else SynthesisConfig()
        alternate = config.replace(**cfg.synthesis_alternate) if cfg.synthesis_alternate else config
        self.configs = (config.to_json(), alternate.to_json())
        self.stride, self.n_steps = stride, n_steps
        self.n_train = cfg.samples_per_epoch

    def _tasks(self, seed: tuple, n: int, batch_size: int, alternate: bool):
        for j, s in enumerate(range(0, n, batch_size)):
            config = self.configs[j % 2 if alternate else 0]
            m = min(batch_size, n - s)
            c = self.cfg
            yield (config, (*seed, j), m, c.zero_element_fraction, c.element_weights, self.stride, self.n_steps,
                   c.grid_segments, c.weak_label_psnr)  # fmt: skip

    def epoch(self, epoch: int, seed: int, batch_size: int, pool=None):
        """Yield the targets of training batches; every second uses ``synthesis_alternate``.

        Parameters
        ----------
        epoch : int
            Epoch number (seeds the data).
        seed : int
            Run seed.
        batch_size : int
            Spectra per batch.
        pool : ProcessPoolExecutor, optional
            Data workers that synthesize the batches.

        Yields
        ------
        dict of ndarray
            Targets of :func:`make_targets`.
        """
        tasks = self._tasks((seed, epoch, 1), self.n_train, batch_size, alternate=True)
        yield from ordered_map(on_the_fly_targets, tasks, pool)

    def validation(self, pool=None):
        """Yield the targets of the fixed validation set.

        Parameters
        ----------
        pool : ProcessPoolExecutor, optional
            Data workers that synthesize the batches.

        Yields
        ------
        dict of ndarray
            Targets of :func:`make_targets`.
        """
        tasks = self._tasks((self.cfg.seed, 10**6), self.cfg.n_validation, 250, alternate=False)
        yield from ordered_map(on_the_fly_targets, tasks, pool)


def batches_by_window(batches, n_pool: int, rng: np.random.Generator):
    """Deal the spectra of every `n_pool` consecutive batches again, so that like windows share a batch.

    Ordered by the width and start of their windows (:func:`~hyperspy_eels_edgeid.recognizer.grid.window_order`),
    cut into batches of the same sizes, yielded in random order: with frozen BatchNorm the network then runs
    few steps per batch (:meth:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet.measured_steps`).

    Parameters
    ----------
    batches : iterable of dict of ndarray
        Targets of :func:`make_targets` (every array has the batch's spectra first).
    n_pool : int
        Batches dealt together.
    rng : numpy.random.Generator
        Orders the batches yielded.

    Yields
    ------
    dict of ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from hyperspy_eels_edgeid.workflows.training_data import batches_by_window
    >>> def batch(starts):
    ...     x = np.zeros((len(starts), 4, 100), np.float32)
    ...     for i, a in enumerate(starts):
    ...         x[i, 2, a : a + 10] = 1.0
    ...     return {"x": x, "start": np.array(starts)}
    >>> dealt = batches_by_window([batch([0, 50]), batch([60, 5])], 2, np.random.default_rng(0))
    >>> sorted(b["start"].tolist() for b in dealt)
    [[0, 5], [50, 60]]
    """
    pool = []
    for batch in batches:
        pool.append(batch)
        if len(pool) == n_pool:
            yield from _dealt(pool, rng)
            pool = []
    if pool:
        yield from _dealt(pool, rng)


def _dealt(pool: list, rng: np.random.Generator):
    sizes = [len(b["x"]) for b in pool]
    merged = {key: np.concatenate([b[key] for b in pool]) for key in pool[0]}
    if any(len(v) != len(merged["x"]) for v in merged.values()):
        raise ValueError("batches_by_window: every target must have the batch's spectra first.")
    pieces = np.split(window_order(merged["x"][:, MASK_CHANNEL] > 0.5), np.cumsum(sizes)[:-1])
    for j in rng.permutation(len(pieces)):
        yield {key: value[pieces[j]] for key, value in merged.items()}
