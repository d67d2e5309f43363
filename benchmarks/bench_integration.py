"""Benchmark of the edge-by-edge quantification of a spectrum image: throughput and peak memory (not a test).

``hs.load(file, lazy=...)`` of an ``.hspy`` C/O/Fe spectrum image (made by ``bench_identify.make_file``, not
timed) -> ``integrate_edges(s, ["C", "O", "Fe"])`` -> ``integrated_fractions`` -> ``fraction_maps``; wall time
(spectra/s) and the process's peak resident memory (``ru_maxrss``), with the memory after imports. Run it once per
measurement (a fresh process: the peak is the run's own).

Usage::

    python benchmarks/bench_integration.py --shape 256 256 --channels 2048 [--eager] [--out results.jsonl]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from bench_identify import machine, make_file  # the sibling benchmark's input file and machine description


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", type=int, nargs=2, default=(256, 256))
    parser.add_argument("--channels", type=int, default=2048)
    parser.add_argument("--eager", action="store_true", help="load the file into memory first (timed)")
    parser.add_argument("--workdir", default=tempfile.gettempdir())
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    path = Path(args.workdir) / f"bench_{args.shape[0]}x{args.shape[1]}x{args.channels}.hspy"
    if not path.exists():
        make_file(path, tuple(args.shape), args.channels)
    warnings.filterwarnings("ignore")
    import hyperspy.api as hs

    from hyperspy_eels_edgeid.hyperspy.edge_integration import fraction_maps, integrate_edges, integrated_fractions

    hs.preferences.General.show_progressbar = False
    rss_ready = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    s = hs.load(path, lazy=not args.eager)
    integrals = integrate_edges(s, ["C", "O", "Fe"])
    maps = fraction_maps(s, integrated_fractions(integrals))
    elapsed = time.perf_counter() - t0
    n = int(np.prod(s.axes_manager.navigation_shape))
    result = {
        "benchmark": "integrate_edges",
        "shape": list(args.shape) + [args.channels],
        "lazy_input": not args.eager,
        "elements": sorted(integrals),
        "maps": len(maps),
        "spectra": n,
        "seconds": round(elapsed, 2),
        "spectra_per_s": round(n / elapsed, 1),
        "rss_after_imports_MiB": round(rss_ready),
        "peak_rss_MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        **machine(),
    }
    print(json.dumps(result))
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(result) + "\n")
    return result


if __name__ == "__main__":
    main()
