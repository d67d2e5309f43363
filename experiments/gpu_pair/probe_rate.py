"""Synthesis throughput of stage 18's on-the-fly data: python probe_rate.py N_WORKERS (prints spectra/s).

Reads the --synthesis and --synthesis-alternate strings from the SYN and ALT environment variables
(experiments/strong_edges/strings.sh plus stage 18's fields) and times 4 x N_WORKERS batches of 64 after a
warm-up round, in the training's own worker pool and task function.
"""

import json
import os
import sys
import time

from hyperspy_eels_edgeid._parallel import ordered_map, worker_pool
from hyperspy_eels_edgeid.recognizer.model_files import build_network, read_metadata
from hyperspy_eels_edgeid.workflows.training import TrainConfig
from hyperspy_eels_edgeid.workflows.training_data import OnTheFlySource


def main() -> None:
    workers = int(sys.argv[1])
    cfg = TrainConfig(
        out="/tmp/probe", on_the_fly=True, edge_head=True, data_workers=workers,
        grid_segments=((50.0, 1000.0, 0.25), (1000.0, 2000.0, 0.5), (2000.0, 4000.0, 1.0)),
        synthesis=json.loads(os.environ["SYN"]), synthesis_alternate=json.loads(os.environ["ALT"]),
        samples_per_epoch=64 * workers * 5,
    )
    net = build_network(read_metadata("model_weights"))
    source = OnTheFlySource(cfg, net.stride, net.n_steps)
    with worker_pool(workers) as pool:
        t, n = None, 0
        for i, batch in enumerate(source.epoch(0, 1, 64, pool)):
            if i == workers:  # the first round includes the workers' start
                t = time.time()
            elif i > workers:
                n += len(batch["x"])
    print(f"{n / (time.time() - t):.0f}")


if __name__ == "__main__":  # the workers are spawned
    main()
