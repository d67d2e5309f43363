"""Seconds per batch of 64 of the bundled network alone, every step against the measured steps only (6 Dec 2026).

Inputs: power laws with 1 % noise on three axes (2048 channels each), resampled and normalised as `predict` does;
`EdgeNet` in evaluation, two torch threads, float32; each figure the mean of 5 calls, the two ways alternating
twice. Also prints the largest difference of the outputs at the measured steps and their neighbours.

Usage: python experiments/measured_steps/network_time.py
"""

import time

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.grid import network_input
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

torch.set_num_threads(2)
net = load_recognizer(None, device="cpu").net.eval()
grid = load_recognizer(None, device="cpu").grid
for lo, hi in [(200.0, 1223.5), (400.0, 911.75), (435.0, 486.175)]:
    energy = np.linspace(lo, hi, 2048)
    rng = np.random.default_rng(0)
    spectra = 1e5 * (energy / lo) ** -3 * (1 + 0.01 * rng.standard_normal((64, energy.size)))
    x = torch.from_numpy(network_input(energy, spectra, grid)[0])
    start, stop = net.measured_steps(x)
    with torch.inference_mode():
        cropped = net(x)
        net.MIN_CROPPED_BATCH = 2**62
        full = net(x)
        near = net.step_mask(x)[0]
        near[1:] |= near[:-1].clone()
        near[:-1] |= near[1:].clone()
        diff = max(
            float((cropped[k] - full[k])[..., near].abs().max())
            for k in ("position_logits", "family_logits", "onset_offset")
        )
        times = {"measured": [], "every": []}
        for way in ("measured", "every", "measured", "every"):
            net.MIN_CROPPED_BATCH = 8 if way == "measured" else 2**62
            t = time.perf_counter()
            for _ in range(5):
                net(x)
            times[way].append((time.perf_counter() - t) / 5)
    net.MIN_CROPPED_BATCH = 8
    print(
        f"{lo:.0f}-{hi:.0f} eV: steps {start}-{stop} of {net.n_steps}; seconds per 64, measured steps "
        f"{', '.join(f'{t:.4f}' for t in times['measured'])}; every step {', '.join(f'{t:.4f}' for t in times['every'])}; "
        f"largest output difference {diff:.1e}"
    )
