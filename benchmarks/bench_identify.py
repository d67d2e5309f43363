"""Benchmark of ``identify_edges``: end-to-end CPU throughput and peak memory of a lazy run.

Two measurements, each in a fresh Python process so that its peak memory is its own:

1. ``hs.load(file, lazy=True)`` of an ``.hspy`` spectrum image -> ``s.identify_edges()``
   -> ``get_element_maps()`` computed; wall time (spectra/s) and peak resident memory
   (``ru_maxrss``) of the process, with the memory after imports and model loading.
2. The same from an eager ``hs.load``.

The input file is synthesized first (block by block with the forward model, never whole
in memory) and is not part of the timing.

Usage::

    python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --model tiny
    python benchmarks/bench_identify.py --shape 64 64 --channels 2048 --model bundled
    python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --precision bfloat16   # the network in bfloat16
    python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --device cuda   # the GPU target
    python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --all-steps   # the network over every step
    python benchmarks/bench_identify.py --shape 256 256 --channels 2048 --pixel-fraction 0.02   # with the pooled check

``--model tiny`` uses a small random network (4 channels per convolution, BiLSTM of 8):
the data path (reading, resampling, normalisation, dask) at nearly no network cost, to
measure the memory of the pipeline on a full-size image in little time.  ``--model
bundled`` uses the bundled weights (the architecture costs the same trained or not).
Results are printed as one JSON line per run and appended to ``--out`` if given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def make_file(path: Path, shape: tuple[int, int], channels: int, seed: int = 0) -> Path:
    """Write a synthetic (x, y | channels) Fe/O/C spectrum image to .hspy, block by block."""
    import dask.array as da
    import exspy

    from hyperspy_eels_edgeid.synthesis import synthesize_batch

    nx, ny = shape
    block = min(32, nx, ny)

    def synth(_, block_info=None):
        loc = block_info[None]["array-location"]
        n = (loc[0][1] - loc[0][0]) * (loc[1][1] - loc[1][0])
        rng = np.random.default_rng([seed, loc[0][0], loc[1][0]])
        batch = synthesize_batch(n, rng=rng, elements=["C", "O", "Fe"], energy_axis=(200.0, 0.5, channels))
        return batch.spectra.reshape(loc[0][1] - loc[0][0], loc[1][1] - loc[1][0], channels)

    template = da.zeros((ny, nx, channels), chunks=(block, block, channels), dtype=np.float32)
    data = da.map_blocks(synth, template, dtype=np.float32)
    axes = [
        {"name": "y", "units": "nm", "scale": 1.0, "size": ny, "navigate": True},
        {"name": "x", "units": "nm", "scale": 1.0, "size": nx, "navigate": True},
        {"name": "Energy loss", "units": "eV", "offset": 200.0, "scale": 0.5, "size": channels, "navigate": False},
    ]
    s = exspy.signals.LazyEELSSpectrum(data, axes=axes)
    s.metadata.General.title = f"synthetic {nx}x{ny}x{channels}"
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    partial = path.with_name("partial_" + path.name)
    import dask

    with dask.config.set(scheduler="synchronous"):  # synthesize_batch is not thread-safe on its first calls
        s.save(partial, overwrite=True, chunks=(block, block, channels))
    partial.rename(path)  # a file that exists is complete
    return path


def run_once(path: str, lazy: bool, weights: str | None, device: str = "cpu", precision: str = "float32") -> dict:
    """Measure one end-to-end run in this process (called in a fresh subprocess)."""
    import logging
    import resource
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("hyperspy").setLevel(logging.ERROR)
    t_import = time.perf_counter()
    import hyperspy.api as hs

    import hyperspy_eels_edgeid  # noqa: F401
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    hs.preferences.General.show_progressbar = False
    from hyperspy_eels_edgeid.hyperspy import blocks

    # --cuda-workers / --cuda-block-mib: the feeding threads and block size on a GPU, varied for a measurement
    if os.environ.get("EDGEID_BENCH_CUDA_WORKERS"):
        blocks.CUDA_WORKERS = int(os.environ["EDGEID_BENCH_CUDA_WORKERS"])
    if os.environ.get("EDGEID_BENCH_CUDA_BLOCK_MIB"):
        blocks.BLOCK_BYTES["cuda"] = int(os.environ["EDGEID_BENCH_CUDA_BLOCK_MIB"]) * 2**20
    if os.environ.get("EDGEID_BENCH_ALL_STEPS"):  # --all-steps: the network runs every step, as before 6 Dec 2026
        from hyperspy_eels_edgeid.recognizer.network import EdgeNet

        EdgeNet.MIN_CROPPED_BATCH = 2**62
    load_recognizer(weights, device=device, precision=precision)
    import_s = time.perf_counter() - t_import
    rss_ready = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux: KiB)

    t0 = time.perf_counter()
    s = hs.load(path, lazy=lazy)
    pixel_fraction = float(os.environ.get("EDGEID_BENCH_PIXEL_FRACTION", "0"))  # --pixel-fraction
    p = s.identify_edges(weights=weights, device=device, precision=precision, pixel_fraction=pixel_fraction)
    maps = p.get_element_maps("all")
    for m in maps:
        if m._lazy:
            m.compute()
    elapsed = time.perf_counter() - t0
    n = int(np.prod(s.axes_manager.navigation_shape))
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    meta = read_metadata(weights)
    return {
        "network": meta.get("network"),
        "trained": meta.get("trained"),
        "input": os.path.basename(path),
        "shape": list(s.axes_manager.navigation_shape) + [s.axes_manager.signal_shape[0]],
        "lazy_input": lazy,
        "weights": weights or "bundled",
        "device": device,
        "precision": precision,
        "network_steps": "all" if os.environ.get("EDGEID_BENCH_ALL_STEPS") else "measured",
        "pixel_fraction": pixel_fraction,
        "spectra": n,
        "seconds": round(elapsed, 2),
        "spectra_per_s": round(n / elapsed, 1),
        "maps": len(maps),
        "cuda_workers": blocks.CUDA_WORKERS,
        "cuda_block_mib": blocks.BLOCK_BYTES["cuda"] // 2**20,
        "import_and_model_load_s": round(import_s, 2),
        "rss_after_imports_MiB": round(rss_ready),
        "peak_rss_MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def machine() -> dict:
    import torch

    return {
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "load_average_at_start": os.getloadavg()[0],
    }


def main(argv=None) -> int:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("hyperspy").setLevel(logging.ERROR)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", type=int, nargs=2, default=(64, 64), metavar=("X", "Y"))
    ap.add_argument("--channels", type=int, default=2048)
    ap.add_argument("--model", choices=["tiny", "bundled"], default="bundled")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="where the network runs")
    from hyperspy_eels_edgeid.recognizer.precision import PRECISIONS

    ap.add_argument("--precision", default="float32", choices=PRECISIONS, help="the network's arithmetic")
    ap.add_argument("--eager", action="store_true", help="also time an eager hs.load")
    ap.add_argument("--workdir", default=None, help="where to write the input file (default: a temporary folder)")
    ap.add_argument("--out", default=None, help="append the JSON results to this file")
    ap.add_argument(
        "--cuda-workers", type=int, default=None, help="dask threads feeding the GPU (default: the package's)"
    )
    ap.add_argument("--cuda-block-mib", type=int, default=None, help="block size on a GPU (default: the package's)")
    ap.add_argument(
        "--all-steps", action="store_true", help="run the network over every step, not only the measured ones"
    )
    ap.add_argument(
        "--pixel-fraction", type=float, default=0.0,
        help="identify_edges' pixel share (default 0: one pixel enough, no pooled check; 0.02: its default)",
    )
    ap.add_argument("--_child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._child:
        path, lazy, weights, device, precision = args._child
        result = run_once(path, lazy == "1", None if weights == "-" else weights, device, precision)
        print("RESULT " + json.dumps(result))
        return 0

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="edgeid-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    weights = "-"
    if args.model == "tiny":
        from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer

        weights = str(save_untrained_recognizer(workdir / "tiny", conv_channels=[4, 4, 4, 4], hidden=8, dense=8))
    path = workdir / f"si_{args.shape[0]}x{args.shape[1]}x{args.channels}.hspy"
    t = time.perf_counter()
    if not path.exists():
        make_file(path, tuple(args.shape), args.channels)
    print(f"input {path} ({path.stat().st_size / 2**20:.0f} MiB) ready in {time.perf_counter() - t:.0f} s", flush=True)

    results = []
    for lazy in [True] + ([False] if args.eager else []):
        child = [str(path), "1" if lazy else "0", weights, args.device, args.precision]
        cmd = [sys.executable, __file__, "--_child", *child]
        env = dict(os.environ)
        if args.cuda_workers:
            env["EDGEID_BENCH_CUDA_WORKERS"] = str(args.cuda_workers)
        if args.cuda_block_mib:
            env["EDGEID_BENCH_CUDA_BLOCK_MIB"] = str(args.cuda_block_mib)
        if args.all_steps:
            env["EDGEID_BENCH_ALL_STEPS"] = "1"
        env["EDGEID_BENCH_PIXEL_FRACTION"] = str(args.pixel_fraction)
        out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
        if out.returncode or not line:
            print(out.stdout, out.stderr, file=sys.stderr)
            return 1
        result = json.loads(line[0][7:]) | {"model": args.model, "machine": machine()}
        print(json.dumps(result), flush=True)
        results.append(result)
    if args.out:
        with open(args.out, "a") as f:
            f.writelines(json.dumps(r) + "\n" for r in results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
