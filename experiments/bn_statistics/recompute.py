"""Re-estimate a network's batch-normalisation statistics over many spectra of its own training data.

Training leaves each BatchNorm layer with running statistics that follow the last ~10-20 batches (momentum 0.1,
batch 64, every second batch from the other half of the data). This script resets them and averages them over
`--batches` batches of the training distribution (the model JSON's `train_config`, a seed no run trained on),
everything else unchanged, and writes the model to `--out`; with `--validate` it prints the network-only
validation metrics (the run's own fixed validation set, threshold 0.5) before and after.

    python experiments/bn_statistics/recompute.py --model model_weights --out runs/bn_stage20 --batches 300 --validate
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pathlib
import shutil

import torch

from hyperspy_eels_edgeid.recognizer.model_files import build_network, read_metadata, save_model
from hyperspy_eels_edgeid.recognizer.precision import run_network
from hyperspy_eels_edgeid.workflows.training import TrainConfig
from hyperspy_eels_edgeid.workflows.training_data import OnTheFlySource, grid_and_space
from hyperspy_eels_edgeid.workflows.validation import validate


def load(model: str):
    from safetensors.torch import load_file

    meta = read_metadata(model)
    net = build_network(meta)
    net.load_state_dict(load_file(str(pathlib.Path(model) / "edge_recognizer.safetensors")))
    return net.eval(), meta


def source_of(meta: dict, seed: int, n: int, n_validation: int):
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    saved = {k: v for k, v in meta["train_config"].items() if k in fields}
    saved["grid_segments"] = tuple(tuple(s) for s in meta["grid_segments"])
    cfg = TrainConfig(**{**saved, "seed": seed, "samples_per_epoch": n, "n_validation": n_validation,
                         "init_from": None, "database": None, "on_the_fly": True})  # fmt: skip
    return cfg, grid_and_space(cfg.grid_segments)[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--batches", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9001)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--validation-seed", type=int, default=None, help="the run seed whose validation set to use")
    a = ap.parse_args()
    torch.set_num_threads(1)
    net, meta = load(a.model)
    precision = meta["train_config"].get("precision", "float32")
    batch = int(meta["train_config"].get("batch_size", 64))
    cfg, space = source_of(meta, a.seed, a.batches * batch, 1000)
    source = OnTheFlySource(cfg, net.stride, net.n_steps)
    vcfg, _ = source_of(meta, a.validation_seed or meta["train_config"]["seed"], 1, 1000)
    vsource = OnTheFlySource(vcfg, net.stride, net.n_steps)
    report = {}
    if a.validate:
        report["before"] = validate(net, vsource, space, "cpu", 0.5, precision=precision)
        net.eval()
    norms = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over every batch
        m.train()
    with torch.no_grad():
        for t in source.epoch(0, a.seed, batch):
            run_network(net, torch.from_numpy(t["x"]), "cpu", precision)
    for m in norms:
        m.momentum = 0.1
    net.eval()
    meta = dict(meta)
    meta["bn_statistics"] = {"batches": a.batches, "batch_size": batch, "seed": a.seed, "from": str(a.model)}
    save_model(a.out, net, meta)
    if a.validate:
        report["after"] = validate(net, vsource, space, "cpu", 0.5, precision=precision)
        net.eval()
    print(json.dumps({k: {m: round(v, 4) for m, v in r.items() if isinstance(v, float)} for k, r in report.items()}))


if __name__ == "__main__":
    main()
