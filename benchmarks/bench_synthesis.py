"""Benchmark: database generation speed and peak memory (not a test).

Run:  python benchmarks/bench_synthesis.py [--n 250000] [--channels 4096] [--workers 2] [--out /tmp/bench.h5]

Writes N spectra of exactly `--channels` channels with ``synthesize_database``
(the default forward model otherwise: random windows, all extensions on) and
reports spectra per second (wall clock, start to file closed, including process
start-up and HDF5 writing), the CPU time used by the main process and its
workers, the throughput that CPU time implies when every worker has a core to
itself (CPU seconds / workers; the honest figure when other jobs share the
machine, whose load average is also reported), and the peak resident memory of the main process and
of the largest worker (``getrusage`` ru_maxrss), whose sum bounds the peak of
the whole run from above when workers peak one at a time, and
``main + workers x largest`` in any case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

from hyperspy_eels_edgeid.synthesis.database import SpectrumDatabase, synthesize_database
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def _cpu_seconds() -> tuple[float, float]:
    """User + system CPU time of this process, and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=250_000)
    parser.add_argument("--channels", type=int, default=4096)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--out", default="/tmp/bench_synthesis.h5")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args(argv)

    config = SynthesisConfig(n_channels=args.channels)
    path = Path(args.out)
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    synthesize_database(path, args.n, config, seed=0, chunk_size=args.chunk_size, n_workers=args.workers,
                        overwrite=True, show_progressbar=False)  # fmt: skip
    seconds = time.perf_counter() - start
    main_cpu, worker_cpu = (after - before for after, before in zip(_cpu_seconds(), cpu_before))
    cpu = main_cpu + worker_cpu
    load_after = os.getloadavg()[0]
    with SpectrumDatabase(path) as db:
        assert len(db) == args.n
    size_gb = path.stat().st_size / 1e9
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "spectra": args.n,
        "channels": args.channels,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "spectra_per_second": round(args.n / seconds),
        "cpu_seconds": round(cpu, 1),
        "cpu_seconds_main_workers": [round(main_cpu, 1), round(worker_cpu, 1)],
        "cpu_microseconds_per_spectrum": round(cpu / args.n * 1e6),
        "spectra_per_second_if_cores_idle": round(args.n / (cpu / max(1, min(args.workers, os.cpu_count())))),
        "load_average_before_after": [round(load_before, 2), round(load_after, 2)],
        "peak_rss_main_mb": round(main_mb),
        "peak_rss_largest_worker_mb": round(worker_mb),
        "peak_rss_bound_mb": round(main_mb + args.workers * worker_mb),
        "file_gb": round(size_gb, 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
    }
    print(json.dumps(result, indent=1))
    if not args.keep:
        path.unlink()
    return result


if __name__ == "__main__":
    main()
