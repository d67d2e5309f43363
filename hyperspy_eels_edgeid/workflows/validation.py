"""What training measures and selects besides the loss it minimises.

* :func:`validate`: the loss and the paper's metrics on the validation split,
  after every epoch;
* :func:`keep_hardest`: the spectra of a batch on which the element head's
  loss is largest (online hard-example mining, ``TrainConfig.hard_example_fraction``).

Examples
--------
>>> import torch
>>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
>>> from hyperspy_eels_edgeid.workflows.validation import keep_hardest
>>> net = EdgeNet(3, 256, conv_channels=(4, 4), hidden=6, dense=5)
>>> batch = {"x": torch.randn(4, 4, 256), "presence": torch.zeros(4, 3), "presence_weight": torch.ones(4, 3),
...          "position": torch.zeros(4, 3, net.n_steps, dtype=torch.uint8)}
>>> kept = keep_hardest(net, batch, 2, "cpu")
>>> kept["x"].shape, net.training
(torch.Size([2, 4, 256]), True)
"""

from __future__ import annotations

import numpy as np

from ..recognizer.precision import run_network
from .losses import losses, spectrum_losses
from .metrics import set_metrics

__all__ = ["validate", "keep_hardest"]


def validate(net, source, space, device, threshold: float, pool=None, loss_weights=(1.0, 1.0), precision="float32"):
    """Loss and the paper's metrics on the validation split.

    Parameters
    ----------
    net : EdgeNet
        The network (back in training mode afterwards).
    source : DatabaseSource or OnTheFlySource
        Where the validation batches come from.
    space : dict
        The label space.
    device : str
        Torch device.
    threshold : float
        Decision threshold.
    pool : ProcessPoolExecutor, optional
        Data workers.
    loss_weights : (float, float)
        Weights of the position and edge-head losses, as in training.
    precision : {"float32", "bfloat16"}
        The network's arithmetic, as in training.

    Returns
    -------
    dict
        The metrics of :func:`~hyperspy_eels_edgeid.workflows.metrics.set_metrics` and ``loss``.
    """
    import torch

    net.eval()
    elements = list(space)
    totals, n_batches, truth, pred = 0.0, 0, [], []
    with torch.no_grad():
        for t in source.validation(pool):
            tt = {k: torch.from_numpy(v).to(device) for k, v in t.items()}
            out = run_network(net, tt["x"], device, precision)
            totals += float(losses(out, tt, *loss_weights)["total"])
            n_batches += 1
            prob = torch.sigmoid(out["presence_logits"]).cpu().numpy()
            ok = (t["presence_weight"] > 0) & out["usable"].any(dim=2).cpu().numpy()
            for i in range(len(t["x"])):
                truth.append({elements[k] for k in np.flatnonzero((t["presence"][i] > 0) & ok[i])})
                pred.append({elements[k] for k in np.flatnonzero((prob[i] >= threshold) & ok[i])})
    net.train()
    metrics = set_metrics(truth, pred)
    metrics["loss"] = totals / max(n_batches, 1)
    return metrics


def keep_hardest(net, batch: dict, n_keep: int, device: str, precision: str = "float32", position_weight: float = 1.0):
    """The `n_keep` spectra of `batch` on which the element head's loss is largest.

    The network scores the whole batch once in evaluation mode and without
    gradients (batch-normalisation statistics are not updated), then is put
    back into training mode; training then steps on the spectra kept.

    Parameters
    ----------
    net : EdgeNet
        The network being trained.
    batch : dict of Tensor
        Input and targets, every tensor with the spectra along its first axis.
    n_keep : int
        How many spectra to keep (all when at least the batch's size).
    device : str
        Torch device.
    precision : {"float32", "bfloat16"}
        The network's arithmetic, as in training.
    position_weight : float
        Weight of the position loss in the ranking.

    Returns
    -------
    dict of Tensor
        `batch` restricted to the kept spectra, in decreasing order of loss.
    """
    import torch

    n = len(batch["x"])
    if n_keep >= n:
        return batch
    net.eval()
    with torch.no_grad():
        out = run_network(net, batch["x"], device, precision)
        parts = spectrum_losses(out, batch)
        ranked = parts["presence"] + position_weight * parts["position"]
    net.train()
    keep = torch.topk(ranked, n_keep).indices
    return {name: value[keep] for name, value in batch.items()}
