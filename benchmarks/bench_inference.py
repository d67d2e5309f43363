"""Inference throughput of the bundled recognizer (not a test; prints spectra/s).

Two figures per batch size:

* ``end-to-end``: :meth:`EdgeRecognizer.predict` on raw spectra held in
  host memory (resampling onto the grid, normalisation, network, outputs);
* ``network``: the network alone on input tensors already on the device
  (the H100 figure of issue 3 is of this kind).

Run it on an otherwise idle machine::

    python benchmarks/bench_inference.py --device cpu --threads 2
    python benchmarks/bench_inference.py --device cuda --batch-sizes 1024,4096,16384
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time



def _machine() -> str:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    return f"{cpu}; {os.cpu_count()} logical CPUs; GPU: {gpu}; torch {torch.__version__}"


def main(argv=None) -> int:
    import torch

    from hyperspy_eels_edgeid.recognizer.grid import network_input
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.synthesis import synthesize_batch

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-sizes", default="64,256,1024")
    ap.add_argument("--n", type=int, default=2048, help="spectra per timing")
    ap.add_argument("--channels", type=int, default=2048)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    rec = load_recognizer(device=a.device)
    batch = synthesize_batch(a.n, rng=0, energy_axis=(300.0, 0.25, a.channels))
    energy, spectra = batch.energy_axis(0), batch.spectra
    x_host, _ = network_input(energy, spectra[:max(int(b) for b in a.batch_sizes.split(","))], rec.grid)
    results = {"machine": _machine(), "device": a.device, "threads": a.threads, "channels": a.channels, "runs": []}
    print(results["machine"])
    for bs in (int(b) for b in a.batch_sizes.split(",")):
        rec.predict(energy, spectra[:bs], batch_size=bs)  # warm-up
        best = min(_time(lambda: rec.predict(energy, spectra, batch_size=bs)) for _ in range(a.repeats))
        x = torch.from_numpy(x_host[:bs]).to(rec.device)
        with torch.inference_mode():
            rec.net(x)
            n_calls = max(1, a.n // bs)

            def net_only():
                for _ in range(n_calls):
                    rec.net(x)
                if rec.device.startswith("cuda"):
                    torch.cuda.synchronize()

            best_net = min(_time(net_only) for _ in range(a.repeats))
        row = {"batch_size": bs, "end_to_end_per_s": a.n / best, "network_per_s": n_calls * bs / best_net}
        results["runs"].append(row)
        print(f"batch {bs:6d}: end-to-end {row['end_to_end_per_s']:9.0f} spectra/s   network only {row['network_per_s']:9.0f} spectra/s")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    raise SystemExit(main())
