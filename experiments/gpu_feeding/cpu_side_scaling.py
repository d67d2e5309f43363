"""How the CPU side of identify_edges scales with threads, the network replaced by its cached outputs.

What a GPU's feeding threads do besides the network: despiking (`prepare_spectra`), resampling onto the grid,
normalisation and the element decoder, for blocks of 1,024 spectra (the lazy benchmark's 32 x 32 file chunks).
The network's outputs for one block are computed once and returned for every block, so the figures are the
CPU side's alone. Run on a machine with many cores (the GPU machine's 16), one process:

    python experiments/gpu_feeding/cpu_side_scaling.py --threads 1 2 4 8 14 --blocks 56
"""

import argparse
import json
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--blocks", type=int, default=8, help="blocks of 1,024 spectra per measurement")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    import torch

    import hyperspy_eels_edgeid.recognizer.inference as inference
    from hyperspy_eels_edgeid.hyperspy.blocks import identify_block
    from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
    from hyperspy_eels_edgeid.synthesis import synthesize_batch

    energy = 200.0 + 0.5 * np.arange(2048)
    spectra = synthesize_batch(
        1024, rng=np.random.default_rng(0), elements=["C", "O", "Fe"], energy_axis=(200.0, 0.5, 2048)
    ).spectra.astype(np.float32)
    kw = dict(energy=energy, reverse=False, weights_path=None, device="cpu", batch_size=1024, nonfinite="raise",
              n_classes=93)  # fmt: skip
    real = inference.run_network
    cache = {}

    def cached(net, x, device, precision):  # the network once per batch size, then its outputs again
        if x.shape[0] not in cache:
            cache[x.shape[0]] = real(net, x, device, precision)
        return {k: v.clone() for k, v in cache[x.shape[0]].items()}

    inference.run_network = cached
    reference = identify_block(spectra, **kw)  # fills the cache
    rows = []
    for n in args.threads:
        torch.set_num_threads(1)

        def whole(_):
            return identify_block(spectra.copy(), **kw)

        def despike(_):
            return remove_spikes(energy, spectra.copy())

        for name, fn in (("cpu side", whole), ("despiking", despike)):
            with ThreadPoolExecutor(n) as pool:
                list(pool.map(fn, range(n)))  # warm-up
                t = time.perf_counter()
                out = list(pool.map(fn, range(args.blocks)))
                seconds = time.perf_counter() - t
            if name == "cpu side":
                assert np.array_equal(out[0], reference, equal_nan=True)
            row = {"part": name, "threads": n, "spectra": 1024 * args.blocks, "seconds": round(seconds, 3),
                   "spectra_per_s": round(1024 * args.blocks / seconds)}  # fmt: skip
            print(json.dumps(row), flush=True)
            rows.append(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
