"""Seconds per training step (64 spectra: forward, losses, backward, Adam) three ways, on the stage-20 recipe's data.

The bundled network with the edge head, bfloat16 autocast, one torch thread (as `train.sh`); 16 batches of the
recipe's `--synthesis` spectra (seed 5), dealt by window as `--freeze-batchnorm` deals them; each way runs the 16
batches twice, alternating: "batch statistics" (BatchNorm in training, every step run: the recipe as it is),
"frozen, every step" (`--freeze-batchnorm` with `EdgeNet.MIN_CROPPED_BATCH` beyond any batch) and "frozen,
measured steps" (`--freeze-batchnorm`). Also prints the steps each batch runs.

Usage: python experiments/frozen_batchnorm/step_time.py SYNTHESIS_JSON
"""

import json
import sys
import time

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.grid import model_grid, parse_grid_segments
from hyperspy_eels_edgeid.recognizer.labels import label_space
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir, load_model
from hyperspy_eels_edgeid.recognizer.precision import run_network
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.losses import losses
from hyperspy_eels_edgeid.workflows.training_data import batches_by_window, make_targets, sample_batch

torch.set_num_threads(1)
net, meta = load_model(default_weights_dir(), device="cpu")
grid = model_grid(parse_grid_segments("50:1000:0.25,1000:2000:0.5,2000:4000:1"))
space = label_space(grid)
config = SynthesisConfig().replace(**json.loads(sys.argv[1]))
rng = np.random.default_rng(5)
raw = [make_targets(sample_batch(64, config, rng, 0.1, {"C": 3, "O": 3, "N": 3, "K": 3}), grid, space,
                    net.stride, net.n_steps) for _ in range(16)]  # fmt: skip
batches = [{k: torch.from_numpy(v) for k, v in b.items()} for b in batches_by_window(raw, 16, rng)]
optimizer = torch.optim.Adam(net.parameters(), lr=0.0)  # lr 0: the same weights for every way
net.freeze_batchnorm = True
net.train()
for b in batches:
    plan = net._steps_to_run(b["x"])
    if plan is None:
        print("steps run: all")
    else:
        print("steps run:", plan[0], plan[2] - plan[1] + 1 if plan[0] == "shared" else int((plan[2] - plan[1] + 1).max()))
ways = {"batch statistics": (False, 8), "frozen, every step": (True, 2**62), "frozen, measured steps": (True, 8)}
seconds = {way: [] for way in ways}
for way in list(ways) * 2:
    net.freeze_batchnorm, net.MIN_CROPPED_BATCH = ways[way]
    net.train()
    t = time.perf_counter()
    for b in batches:
        out = run_network(net, b["x"], "cpu", "bfloat16")
        loss = losses(out, b, 1.0, 0.2)["total"]
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    seconds[way].append((time.perf_counter() - t) / len(batches))
    print(f"{way}: {seconds[way][-1]:.3f} s per step ({64 / seconds[way][-1]:.0f} spectra/s)", flush=True)
