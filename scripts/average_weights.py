"""Average the weights of several trained models of one architecture and label space (a "model soup").

Checkpoints fine-tuned one from another (stages of one lineage, runs from the
same weights) lie close together in weight space; the mean of their tensors
is usually a better network than each of them, at no cost in inference time
(Wortsman et al. 2022, "Model soups"; SWA averages along one run the same
way).  Every floating-point tensor, BatchNorm running statistics included, is
the arithmetic mean (or the weighted mean with ``--weights``); integer
tensors (BatchNorm's batch counter, the ``allowed`` buffer) are taken from
the first model, and must agree.  The JSON is the first model's, with a
``training_stages`` entry naming the averaged models; thresholds are left as
they are (calibrate afterwards: ``eels-edgeid calibrate``).

Usage::

    python scripts/average_weights.py --out runs/soup hyperspy_eels_edgeid/model_weights runs/g8 runs/g9
"""

from __future__ import annotations

import argparse
import pathlib

import torch

from hyperspy_eels_edgeid.recognizer.model_files import load_model, save_model


def average_models(directories, weights=None):
    """(network, metadata) whose tensors are the (weighted) mean of the models in `directories`.

    Parameters
    ----------
    directories : sequence of path
        Model directories (``edge_recognizer.json`` + ``.safetensors``) of one architecture and label space.
    weights : sequence of float, optional
        Relative weight of each model (equal by default).

    Returns
    -------
    net : EdgeNet
    meta : dict
        The first model's metadata.
    """
    weights = [1.0] * len(directories) if weights is None else [float(w) for w in weights]
    if len(weights) != len(directories) or min(weights) < 0 or sum(weights) <= 0:
        raise ValueError("weights: one non-negative weight per model, not all zero")
    loaded = [load_model(d, device="cpu") for d in directories]
    net, meta = loaded[0]
    for d, (_, other) in zip(directories[1:], loaded[1:]):
        for key in ("elements", "onsets", "grid_segments", "network"):
            if other[key] != meta[key]:
                raise ValueError(f"{d}: its {key!r} differs from {directories[0]}'s; only like models average")
    states = [n.state_dict() for n, _ in loaded]
    total = sum(weights)
    mean = {}
    for key, first in states[0].items():
        if first.is_floating_point():
            mean[key] = sum(w * s[key].double() for w, s in zip(weights, states)).div(total).to(first.dtype)
        else:
            if any(not torch.equal(s[key], first) for s in states[1:]) and not key.endswith("num_batches_tracked"):
                raise ValueError(f"{key}: integer tensors differ between the models")
            mean[key] = first
    net.load_state_dict(mean)
    return net, meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+", help="model directories")
    ap.add_argument("--out", required=True, help="directory for the averaged model")
    ap.add_argument("--weights", type=float, nargs="*", default=None, help="relative weight of each model")
    ap.add_argument("--note", default="", help="provenance note for the training_stages entry")
    a = ap.parse_args(argv)
    net, meta = average_models(a.models, a.weights)
    meta = dict(meta)
    stages = list(meta.get("training_stages", []))
    stages.append({
        "averaged": [str(pathlib.Path(m)) for m in a.models],
        "weights": a.weights or [1.0] * len(a.models),
        "note": a.note,
    })  # fmt: skip
    meta["training_stages"] = stages
    save_model(a.out, net, meta)
    print(f"wrote {a.out}: mean of {len(a.models)} models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
