"""Worker processes that compute tasks in parallel and hand back results in order.

Used wherever spectra are made in bulk: :mod:`.database` (chunks of a
training database) and :mod:`.training` (on-the-fly training batches).
Each task carries its own random seed, so results do not depend on the
number of workers; at most a few tasks per worker are in flight, so memory
stays bounded however many tasks there are.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

__all__ = ["worker_pool", "ordered_map", "max_in_flight", "forks_workers", "keep_freed_memory", "usable_cores"]


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform reports it, else the core count).

    Returns
    -------
    int

    Examples
    --------
    >>> import os
    >>> from hyperspy_eels_edgeid._parallel import usable_cores
    >>> usable_cores() == (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _worker_init(parent: int) -> None:
    """Make a worker leave when its parent is killed (it would otherwise wait forever), and keep its heap.

    A forked worker also gets SIGTERM's default action back: it inherits the
    parent's handler (the database writer turns SIGTERM into
    KeyboardInterrupt), with which a worker that the pool terminates (after
    another one died) would try to report the interrupt through a pipe nobody
    reads any more, and the run would hang.
    """
    import signal
    import time

    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    keep_freed_memory()


#: glibc mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory(mmap_threshold: int = 32 * 2**20, trim_threshold: int = 512 * 2**20) -> bool:
    """Ask glibc to serve arrays below `mmap_threshold` bytes from the heap and to keep freed heap memory.

    A worker allocates and frees the same few-MB arrays thousands of times;
    by default glibc maps each of them afresh or returns it to the system, so
    the kernel zeroes and maps its pages again every time (about 5-10 % of
    the synthesis time, as system time).  The process then keeps up to
    `trim_threshold` bytes of freed memory for reuse.  Every worker of
    :func:`worker_pool` calls it (database and training data workers).
    Returns False except on Linux with glibc: nothing changes elsewhere.

    Parameters
    ----------
    mmap_threshold : int
        Bytes below which glibc serves an array from the heap.
    trim_threshold : int
        Bytes of freed heap memory the process keeps.
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt (musl)
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and bool(mallopt(_M_TRIM_THRESHOLD, trim_threshold))


def forks_workers() -> bool:
    """Whether ``worker_pool(n, fork=True)`` forks its workers here (on Linux)."""
    return sys.platform.startswith("linux")


@contextlib.contextmanager
def worker_pool(n_workers: int, *, fork: bool = False) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `n_workers` processes, or None for ``n_workers <= 0``.

    Workers are spawned by default: a fresh interpreter is safe beside torch
    and dask threads in the parent, but imports the package again (~2.7 s).
    ``fork=True`` forks them instead on Linux, where they start at once with
    everything the parent has imported; only for work that uses numpy, scipy
    and numba and nothing that keeps threads of its own (not torch).  Leaving
    the context cancels what has not started and waits for the rest; a worker
    that died (even while it sent a result) makes :func:`ordered_map` raise
    BrokenProcessPool and stops the others, so nothing waits for it forever.

    Parameters
    ----------
    n_workers : int
        Number of processes; 0 or less for none (the work runs in this process).
    fork : bool
        Fork the workers instead of spawning them (Linux only; see above).

    Examples
    --------
    >>> from hyperspy_eels_edgeid._parallel import ordered_map, worker_pool
    >>> with worker_pool(0) as pool:
    ...     list(ordered_map(pow, [(2, 3), (3, 2)], pool))
    [8, 9]
    """
    if n_workers <= 0:
        yield None
        return
    method = "fork" if fork and forks_workers() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    finally:
        _shut_down(pool)


#: Seconds between two looks at the workers while waiting for a result or for the pool to stop.
_POLL_S = 0.5
#: Seconds the pool's own manager thread gets to notice a dead worker before :func:`_break` steps in.
_GRACE_S = 3.0


def _dead_workers(processes) -> list:
    """The workers of `processes` that died (an exit status other than 0: killed, crashed)."""
    return [p for p in list(processes) if p.exitcode not in (None, 0)]


class _DeathWatch:
    """Whether a worker has been dead for longer than :data:`_GRACE_S` (then the pool's own handling is stuck)."""

    def __init__(self, processes) -> None:
        self.processes = processes
        self.since: float | None = None

    def stuck(self) -> bool:
        if not _dead_workers(self.processes):
            return False
        if self.since is None:
            self.since = time.monotonic()
        return time.monotonic() - self.since > _GRACE_S


def _workers(pool: ProcessPoolExecutor) -> list:
    return list((pool._processes or {}).values())


def _break(pool: ProcessPoolExecutor, processes, result_queue) -> None:
    """Stop a pool one of whose workers died while its manager thread waits for what will never come.

    A worker killed while it writes a result (SIGKILL, the OOM killer) leaves
    half a message in the result pipe: the manager thread of
    ProcessPoolExecutor (seen with CPython 3.11.7) then waits in ``recv()`` for the
    rest, and never gets end-of-file because this process holds the pipe's
    write end too.  Its futures are never failed and ``shutdown(wait=True)``
    waits for it forever.  Killing the other workers and closing that write
    end gives the reader its end-of-file: the manager thread then takes the
    pool as broken, fails the futures and exits as after any dead worker
    (unless another process forked from this one while the pool lived keeps
    a copy of the write end: :func:`_shut_down` then warns and leaves it).
    """
    pool._broken = pool._broken or "a worker died while it sent a result; the pool is not usable any more"
    for process in processes:
        if process.exitcode is None:
            process.kill()
    for process in processes:
        process.join(timeout=10.0)
    if result_queue is not None:
        result_queue._writer.close()


def _shut_down(pool: ProcessPoolExecutor) -> None:
    """``pool.shutdown(wait=True, cancel_futures=True)``, which does not wait forever after a worker died."""
    manager = pool._executor_manager_thread
    processes, result_queue = _workers(pool), pool._result_queue
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is None:  # nothing was ever submitted
        return
    watch = _DeathWatch(processes)
    broken = False
    while manager.is_alive():
        manager.join(_POLL_S)
        if manager.is_alive() and not broken and watch.stuck():
            _break(pool, processes, result_queue)
            broken = True
            manager.join(30.0)
            if manager.is_alive():
                warnings.warn("the worker pool's manager thread did not stop after a worker died", RuntimeWarning)
                return
    if result_queue is not None:
        result_queue.close()  # what shutdown(wait=True) does once the manager thread is done


def max_in_flight(n_workers: int, per_worker: int = 2) -> int:
    """Most tasks that :func:`ordered_map` has submitted and not handed back, with `n_workers` workers.

    ordered_map submits the next task before it hands back the oldest
    result, so a caller that lends each task a buffer needs
    ``max_in_flight(...) + 1`` of them: one per task in flight and one for
    the result it holds.

    Parameters
    ----------
    n_workers : int
        Number of workers.
    per_worker : int
        Tasks :func:`ordered_map` keeps submitted per worker.
    """
    return per_worker * n_workers


def ordered_map(
    function: Callable, tasks: Iterable[tuple], pool: ProcessPoolExecutor | None, per_worker: int = 2
) -> Iterator:
    """``function(*task)`` for every task, in order, computed by `pool`.

    Parameters
    ----------
    function : callable
        A module-level (picklable) function.
    tasks : iterable of tuple
        Positional arguments of each call; consumed lazily.
    pool : ProcessPoolExecutor or None
        From :func:`worker_pool`; None computes in this process.
    per_worker : int
        Tasks in flight per worker (bounds memory, keeps workers busy).

    Yields
    ------
    The results, in the order of `tasks`.
    """
    if pool is None:
        for task in tasks:
            yield function(*task)
        return
    tasks = iter(tasks)
    pending: deque = deque()
    depth = max_in_flight(pool._max_workers, per_worker)
    try:
        for task in tasks:
            pending.append(pool.submit(function, *task))
            if len(pending) >= depth:
                break
        while pending:
            result = _result(pending.popleft(), pool)
            task = next(tasks, None)
            if task is not None:
                pending.append(pool.submit(function, *task))
            yield result
    finally:
        for future in pending:  # the consumer stopped early: drop what it will not read
            future.cancel()


def _result(future, pool: ProcessPoolExecutor):
    """``future.result()``, or BrokenProcessPool when a worker died and the pool failed to notice (see :func:`_break`)."""
    watch = _DeathWatch(_workers(pool))
    while True:
        try:
            return future.result(timeout=_POLL_S)
        except FutureTimeout:
            if watch.stuck() and not future.done():
                _break(pool, watch.processes, pool._result_queue)
                raise BrokenProcessPool(
                    "A worker process died while it sent a result; the process pool is not usable any more."
                ) from None
