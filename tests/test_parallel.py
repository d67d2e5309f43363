"""Worker pools: start method and ordered results."""

import os
import sys

import pytest

from hyperspy_eels_edgeid._parallel import keep_freed_memory, ordered_map, worker_pool


def _pid_and_square(x):
    return os.getpid(), x * x


@pytest.mark.parametrize("fork", [False, True])
def test_results_come_back_in_order_from_other_processes(fork):
    with worker_pool(2, fork=fork) as pool:
        results = list(ordered_map(_pid_and_square, [(x,) for x in range(9)], pool, per_worker=1))
    assert [square for _, square in results] == [x * x for x in range(9)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_workers_are_spawned_unless_forking_is_asked_for():
    with worker_pool(1) as pool:
        assert pool._mp_context.get_start_method() == "spawn"
    with worker_pool(1, fork=True) as pool:
        expected = "fork" if sys.platform.startswith("linux") else "spawn"
        assert pool._mp_context.get_start_method() == expected


def test_no_workers_computes_here():
    with worker_pool(0) as pool:
        assert pool is None
        assert list(ordered_map(_pid_and_square, [(3,)], pool)) == [(os.getpid(), 9)]


def _heap_is_kept() -> bool:
    """In a worker: freeing and allocating a 4 MB array again reuses its pages (no new page faults)."""
    import resource

    import numpy as np

    np.ones(2**20, dtype=np.float32)  # allocated and freed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    np.ones(2**20, dtype=np.float32)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before < 100  # 4 MB of fresh pages: ~1,000 faults


@pytest.mark.skipif(not keep_freed_memory(), reason="glibc's mallopt")
def test_workers_keep_freed_memory_for_reuse():
    with worker_pool(1, fork=True) as pool:
        assert list(ordered_map(_heap_is_kept, [()], pool)) == [True]


def _die_while_sending_a_result() -> None:
    """In a worker: write the start of a large result to the pool's result pipe, then die (SIGKILL) there.

    What happens when a worker is killed while the parent reads its result:
    the parent's reader waits for the rest, and it holds the pipe's write end
    itself, so it would get no end-of-file either.
    """
    import signal
    import struct

    frame = sys._getframe()
    while "result_queue" not in frame.f_locals:  # concurrent.futures.process._process_worker
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 2**20) + b"\x80\x05")  # a 1 MiB message's header and first bytes
    os.kill(os.getpid(), signal.SIGKILL)


_KILLED_MID_RESULT = """
import sys, time
from concurrent.futures.process import BrokenProcessPool
sys.path.append({tests!r})  # after the packages: tests/hyperspy is no hyperspy
from test_parallel import _die_while_sending_a_result
from hyperspy_eels_edgeid._parallel import ordered_map, worker_pool
start = time.monotonic()
try:
    with worker_pool(2, fork={fork}) as pool:
        list(ordered_map(_die_while_sending_a_result, [()], pool))
except BrokenProcessPool:
    print("broken after %.1f s" % (time.monotonic() - start))
"""


@pytest.mark.parametrize("fork", [False, True])
def test_a_worker_killed_while_sending_its_result_breaks_the_pool(fork):
    """The pool must raise BrokenProcessPool promptly, not wait forever for the rest of the message."""
    import subprocess

    code = _KILLED_MID_RESULT.format(tests=os.path.dirname(__file__), fork=fork)
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("the pool hung after a worker died while sending its result") from None
    assert result.returncode == 0, result.stderr
    assert "broken after" in result.stdout, result.stdout + result.stderr
