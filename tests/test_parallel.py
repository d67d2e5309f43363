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
