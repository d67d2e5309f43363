"""Training databases: many labelled synthetic spectra in one HDF5 file.

The database is written in chunks of `chunk_size` spectra.  Chunk ``k`` is
always made from the random stream ``SeedSequence(seed, spawn_key=(k,))``,
so the file's content depends only on `seed`, `n`, `chunk_size` and the
configuration: not on the number of worker processes, and not on whether the
run was interrupted and resumed.  A chunk counts as written once the file's
``chunks_done`` attribute says so; a resumed run rewrites any chunk after it,
so nothing is lost or duplicated.  The file is open only while a chunk is
written, and SIGTERM or Ctrl-C close it cleanly; a process killed outright
(SIGKILL, power loss) in the middle of a write can still leave an HDF5 file
that cannot be opened, which ``overwrite=True`` replaces.  Only a few chunks
are in memory at a time.

Layout
------
``spectra``
    float32 (n, max_channels), counts; NaN past each spectrum's channels.
``parameters/<name>``
    (n,) for every name in :data:`~hyperspy_eels_edgeid.synthesis.PARAMETER_NAMES`
    (``offset``, ``dispersion`` and ``n_channels`` give the energy axis).
``edges``
    compound (m,): one row per synthesized edge group (see
    :data:`~hyperspy_eels_edgeid.synthesis.EDGE_DTYPE`), ``spectrum`` being
    the global index; rows with ``is_label`` are the labels.
attributes
    ``config`` (JSON of :class:`~hyperspy_eels_edgeid.synthesis.SynthesisConfig`),
    ``seed``, ``n_spectra``, ``chunk_size``, ``chunks_done``, ``format_version``.
"""

from __future__ import annotations

import argparse
import contextlib
import mmap
import os
import signal
import sys
import threading
from pathlib import Path

import numpy as np

from .._parallel import forks_workers, max_in_flight, ordered_map, usable_cores, worker_pool
from .._progress import SHOW_PROGRESSBAR_DOC, progress_bar
from . import EDGE_DTYPE, PARAMETER_NAMES, SpectrumBatch, SynthesisConfig, synthesize_batch

__all__ = ["synthesize_database", "SpectrumDatabase", "main"]

FORMAT_VERSION = 1
_H5_EDGE_DTYPE = np.dtype([(name, "S5" if dt.kind == "U" else dt) for name, (dt, _) in EDGE_DTYPE.fields.items()])


#: Values of per-spectrum parameters that databases written before they existed do not store
#: (those not listed, the beam energy and collection angle, are unknown there: NaN).
_ABSENT_PARAMETER = {"start_step_factor": 1.0, "start_step_channels": 0.0, "dark_offset": 0.0}
#: Spectra of the chunks in flight, shared with forked workers while a database is written (see _shared_spectra).
_SHARED_SPECTRA: np.ndarray | None = None
_SHARED_LOCK = threading.Lock()


def _chunk(config_json: str, seed: int, index: int, size: int, width: int, slot: int | None = None) -> SpectrumBatch:
    """Spectra of chunk `index` (runs in a worker process).

    With a `slot`, the spectra go to that slot of the shared buffer instead
    of being sent back (the returned batch's ``spectra`` is None).
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    batch = synthesize_batch(size, SynthesisConfig.from_json(config_json), rng)
    out = np.empty((size, width), dtype=np.float32) if slot is None else _SHARED_SPECTRA[slot, :size]
    out[:, : batch.spectra.shape[1]] = batch.spectra
    out[:, batch.spectra.shape[1] :] = np.nan  # every chunk has the database's width
    batch.spectra = out if slot is None else None
    return batch


@contextlib.contextmanager
def _shared_spectra(n_slots: int, chunk_size: int, width: int):
    """A buffer of `n_slots` chunks of spectra in memory shared with workers forked inside the block.

    Yields None (spectra are pickled back instead) where workers are not forked
    or another thread of this process is writing a database.
    """
    global _SHARED_SPECTRA
    if n_slots == 0 or not _SHARED_LOCK.acquire(blocking=False):
        yield None
        return
    memory = mmap.mmap(-1, n_slots * chunk_size * width * 4)  # anonymous, MAP_SHARED: inherited by forks
    try:
        _SHARED_SPECTRA = np.frombuffer(memory, dtype=np.float32).reshape(n_slots, chunk_size, width)
        yield _SHARED_SPECTRA
    finally:
        _SHARED_SPECTRA = None
        _SHARED_LOCK.release()


def synthesize_database(
    path: str | os.PathLike,
    n: int,
    config: SynthesisConfig | None = None,
    *,
    seed: int = 0,
    chunk_size: int = 1024,
    n_workers: int | None = None,
    show_progressbar: bool | None = None,
    overwrite: bool = False,
) -> Path:
    """Write `n` labelled synthetic spectra to an HDF5 file, or finish an interrupted run.

    Parameters
    ----------
    path : str or path-like
        Output file (``.h5``).
    n : int
        Number of spectra.
    config : SynthesisConfig, optional
        Forward-model configuration (default ``SynthesisConfig()``).
    seed : int
        Seed of the whole database.
    chunk_size : int
        Spectra per chunk (the unit of work, of writing and of resuming).
    n_workers : int, optional
        Worker processes; default: the CPU cores this process may use.  ``0`` works in
        this process.
    %s
    overwrite : bool
        Replace an existing file made with other settings instead of raising.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If the file exists with other settings and `overwrite` is false, or
        for invalid arguments.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from hyperspy_eels_edgeid.synthesis.database import synthesize_database, SpectrumDatabase
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "db.h5"
    >>> _ = synthesize_database(path, 100, seed=1, chunk_size=50, n_workers=0, show_progressbar=False)
    >>> db = SpectrumDatabase(path)
    >>> len(db)
    100
    """
    import h5py

    config = SynthesisConfig() if config is None else config
    if not int(n) > 0:
        raise ValueError(f"n: the number of spectra must be positive, got {n}.")
    if not int(chunk_size) > 0:
        raise ValueError(f"chunk_size: must be positive, got {chunk_size}.")
    n, chunk_size, seed = int(n), int(chunk_size), int(seed)
    n_workers = usable_cores() if n_workers is None else int(n_workers)
    path = Path(path)
    width = max(config.n_channels[1], config.coarse_n_channels[1] if config.coarse_probability > 0 else 0)
    settings = {"config": config.to_json(), "seed": seed, "n_spectra": n, "chunk_size": chunk_size}

    mode = "a" if path.exists() and not overwrite else "w"
    with h5py.File(path, mode) as f:
        if "format_version" in f.attrs:
            mismatched = [k for k, v in settings.items() if f.attrs[k] != v]
            if mismatched:
                raise ValueError(
                    f"path: {path} holds a database made with other settings ({', '.join(mismatched)}); "
                    "pass overwrite=True (--overwrite) to replace it, or choose another file."
                )
        else:
            if (len(f.keys()) or len(f.attrs)) and mode == "a":
                raise ValueError(
                    f"path: {path} is an HDF5 file that is not a hyperspy_eels_edgeid database; refusing to write "
                    "into it. Choose another file, or pass overwrite=True (--overwrite) to replace it."
                )
            f.attrs.update(settings, format_version=FORMAT_VERSION, chunks_done=0)
            f.create_dataset(
                "spectra", (n, width), dtype="f4", chunks=(min(chunk_size, 64, n), width), fillvalue=np.nan
            )
            for name in PARAMETER_NAMES:
                f.create_dataset(f"parameters/{name}", (n,), dtype="f8")
            f.create_dataset("edges", (0,), maxshape=(None,), dtype=_H5_EDGE_DTYPE, chunks=(4096,))
        done = int(f.attrs["chunks_done"])
        # drop the rows of any chunk that was not finished (rows are in spectrum order)
        kept = int(np.searchsorted(f["edges"]["spectrum"], done * chunk_size))
        f["edges"].resize((kept,))

    # The file is open only while a chunk is written, so a run stopped between
    # writes leaves it consistent; SIGTERM (a scheduler, a closed session) is
    # turned into KeyboardInterrupt, which closes the file on the way out.
    todo = range(done, -(-n // chunk_size))
    sizes = {k: min(chunk_size, n - k * chunk_size) for k in todo}
    bar = progress_bar(show=show_progressbar, desc="Synthesizing", total=n, initial=done * chunk_size, unit="spectra")
    # Forked workers put the spectra in shared memory: one slot per chunk in flight, and one for the
    # chunk being written (ordered_map submits the next chunk before handing back the previous one).
    # Where that memory cannot be had (another thread of this process is writing a database), the
    # workers are spawned and pickle their spectra back: a fork then might copy a lock held by that thread.
    per_worker = 2
    n_slots = min(max_in_flight(n_workers, per_worker) + 1, len(todo)) if n_workers > 0 and forks_workers() else 0
    with _sigterm_as_keyboard_interrupt() as sigterm:
        try:
            with (
                _shared_spectra(n_slots, min(chunk_size, n), width) as shared,
                worker_pool(n_workers, fork=shared is not None) as pool,
            ):
                slot = (lambda k: k % n_slots) if shared is not None else (lambda k: None)
                tasks = ((settings["config"], seed, k, sizes[k], width, slot(k)) for k in todo)
                for k, batch in zip(todo, ordered_map(_chunk, tasks, pool, per_worker=per_worker)):
                    if batch.spectra is None:
                        batch.spectra = shared[slot(k), : sizes[k]]
                    with h5py.File(path, "a") as f:
                        _write_chunk(f, batch, k * chunk_size)
                        f.attrs["chunks_done"] = k + 1
                    bar.update(sizes[k])
                    sigterm.raise_if_received()
        finally:
            bar.close()
    return path


class _SigtermReceived:
    """Whether SIGTERM arrived; :meth:`raise_if_received` raises it (again) as KeyboardInterrupt."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def raise_if_received(self) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt(f"stopped by signal {self.signum}")


@contextlib.contextmanager
def _sigterm_as_keyboard_interrupt():
    """Within the block, SIGTERM raises KeyboardInterrupt (main thread only).

    The handler raises at once, which stops a wait for a worker.  Python drops
    an exception raised while it runs a finalizer (a weakref callback, a
    ``__del__``) with "Exception ignored in", so the signal is also recorded:
    the caller calls ``raise_if_received()`` of the yielded object between
    chunks to stop a run whose first KeyboardInterrupt was swallowed that way.
    """
    received = _SigtermReceived()
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def interrupt(signum, frame):
        received.signum = signum
        received.raise_if_received()

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


synthesize_database.__doc__ = synthesize_database.__doc__.replace("%s", SHOW_PROGRESSBAR_DOC, 1)


def _write_chunk(f, batch: SpectrumBatch, start: int) -> None:
    stop = start + len(batch)
    f["spectra"][start:stop] = batch.spectra
    parameters = f["parameters"]
    for name in PARAMETER_NAMES:
        _write_rows(parameters[name], start, np.ascontiguousarray(batch.parameters[name], dtype=np.float64))
    rows = batch.edges.astype(_H5_EDGE_DTYPE)
    rows["spectrum"] += start
    edges = f["edges"]
    m = edges.shape[0]
    edges.resize((m + rows.size,))
    edges[m:] = rows


def _write_rows(dataset, start: int, values: np.ndarray) -> None:
    """``dataset[start:start + len(values)] = values`` for a 1-D dataset, through h5py's low-level API.

    The same write as the slice assignment without its selection machinery
    (~0.2 ms per call): it matters for the 17 small parameter columns of
    every chunk.
    """
    from h5py import h5s

    space = dataset.id.get_space()
    space.select_hyperslab((start,), (values.shape[0],))
    dataset.id.write(h5s.create_simple(values.shape), space, values)


class SpectrumDatabase:
    """Read access to a database written by :func:`synthesize_database`.

    Parameters
    ----------
    path : str or path-like

    Raises
    ------
    ValueError
        If the file is not such a database or was not finished.

    Examples
    --------
    >>> db = SpectrumDatabase("train.h5")  # doctest: +SKIP
    >>> batch = db.read(0, 256)            # doctest: +SKIP
    >>> batch.elements(0)                  # doctest: +SKIP
    ['Fe', 'O']
    """

    def __init__(self, path: str | os.PathLike):
        import h5py

        self.path = Path(path)
        if not self.path.is_file():
            raise ValueError(f"path: no database at {self.path}; make one with `eels-edgeid synthesize`.")
        self._file = h5py.File(self.path, "r")
        attrs = self._file.attrs
        if "format_version" not in attrs:
            raise ValueError(f"path: {self.path} is not a hyperspy_eels_edgeid database.")
        n_chunks = -(-int(attrs["n_spectra"]) // int(attrs["chunk_size"]))
        if int(attrs["chunks_done"]) < n_chunks:
            raise ValueError(
                f"path: {self.path} is unfinished ({attrs['chunks_done']} of {n_chunks} chunks); "
                "run the same `eels-edgeid synthesize` command again to complete it."
            )
        self.config = SynthesisConfig.from_json(attrs["config"])
        self.seed = int(attrs["seed"])
        self._edge_spectrum = self._file["edges"]["spectrum"]

    def __len__(self) -> int:
        return int(self._file.attrs["n_spectra"])

    def read(self, start: int, stop: int) -> SpectrumBatch:
        """Spectra ``start:stop`` with their labels (edge rows re-indexed from 0).

        Parameters
        ----------
        start, stop : int
            The spectra to read.

        Returns
        -------
        SpectrumBatch
        """
        start, stop, _ = slice(start, stop).indices(len(self))
        a, b = np.searchsorted(self._edge_spectrum, (start, stop))
        rows = self._file["edges"][a:b]
        edges = np.zeros(rows.size, dtype=EDGE_DTYPE)
        for name in EDGE_DTYPE.names:
            column = rows[name]
            edges[name] = column.astype(str) if column.dtype.kind == "S" else column
        edges["spectrum"] -= start
        stored = self._file["parameters"]
        parameters = {
            name: stored[name][start:stop] if name in stored else np.full(stop - start, _ABSENT_PARAMETER.get(name, np.nan))
            for name in PARAMETER_NAMES
        }
        parameters["n_channels"] = parameters["n_channels"].astype(np.int64)
        parameters["savgol_frame"] = parameters["savgol_frame"].astype(np.int64)
        parameters["start_step_channels"] = parameters["start_step_channels"].astype(np.int64)
        return SpectrumBatch(spectra=self._file["spectra"][start:stop], parameters=parameters, edges=edges)

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> SpectrumDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid synthesize``: write a training database.

    Parameters
    ----------
    argv : list of str, optional
        Its options (``--n``, ``--out``, ``--seed`` ...); by default those of the command line.

    Returns
    -------
    int
        0 once the database is complete.
    """
    parser = argparse.ArgumentParser(
        prog="eels-edgeid synthesize",
        description="Write N labelled synthetic core-loss spectra to an HDF5 file (resumable).",
    )
    parser.add_argument("--n", type=int, required=True, help="number of spectra")
    parser.add_argument("--out", required=True, help="output HDF5 file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: CPU cores)")
    parser.add_argument("--config", help="JSON file of SynthesisConfig fields to change")
    preset = parser.add_mutually_exclusive_group()
    preset.add_argument("--paper", action="store_true", help="the paper's forward model only")
    preset.add_argument(
        "--realistic", action="store_true", help="SynthesisConfig.realistic(): ranges moved towards real spectra"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace a file made with other settings")
    parser.add_argument("--no-progressbar", action="store_true")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 0:
        parser.error(f"--workers: give 0 (synthesize in this process) or more, got {args.workers}")
    config = (
        SynthesisConfig.paper() if args.paper else SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
    )
    try:
        if args.config:
            import json

            try:
                changes = json.loads(Path(args.config).read_text())
            except json.JSONDecodeError as error:
                raise ValueError(f"--config {args.config}: not JSON ({error})") from None
            config = config.replace(**changes)
        synthesize_database(
            args.out,
            args.n,
            config,
            seed=args.seed,
            chunk_size=args.chunk_size,
            n_workers=args.workers,
            show_progressbar=False if args.no_progressbar else True,
            overwrite=args.overwrite,
        )
    except ValueError as error:
        print(f"eels-edgeid synthesize: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the file is closed, and the same command resumes it
        print(f"eels-edgeid synthesize: stopped; run the same command to resume {args.out}", file=sys.stderr)
        return 130
    print(f"{args.out}: {args.n} spectra, complete")  # written now, or by an earlier run of the same command
    return 0
