"""CPU cost of wider BiLSTMs: the network alone (batch 64, two torch threads) at hidden 100 (bundled), 128, 160, 200.

Random weights (the cost does not depend on them), input of the bundled grid with every channel measured,
1,024 spectra per timing, the best of three. Usage: python experiments/gpu_capacity/network_cost.py
"""

import copy
import time

import torch

from hyperspy_eels_edgeid.recognizer.model_files import build_network, read_metadata


def main() -> None:
    torch.set_num_threads(2)
    meta = read_metadata(None)
    x = torch.randn(64, 4, build_network(meta).n_grid)
    x[:, 2] = 1.0
    for hidden in (100, 128, 160, 200):
        m = copy.deepcopy(meta)
        m["network"]["hidden"] = hidden
        net = build_network(m).eval()
        n_params = sum(p.numel() for p in net.parameters())
        best = 0.0
        with torch.inference_mode():
            net(x)
            for _ in range(3):
                t = time.perf_counter()
                for _ in range(16):
                    net(x)
                best = max(best, 1024 / (time.perf_counter() - t))
        print(f"hidden {hidden}: {n_params} parameters, network alone {best:.0f} spectra/s")


if __name__ == "__main__":
    main()
