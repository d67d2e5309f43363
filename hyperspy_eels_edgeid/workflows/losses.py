"""The training losses of the edge recognizer.

* presence: binary cross-entropy of every element's presence logit, over the
  elements observable in the spectrum (:func:`make_targets`'s weights);
* position: binary cross-entropy of the per-step onset logits of each
  observable element, the steps next to a labelled onset not penalised
  (:func:`position_weights`);
* with an edge head, edge family: cross-entropy of the shape family at every
  step that is not ignored (:func:`~hyperspy_eels_edgeid.workflows.training_data.edge_targets`),
  and onset offset: smooth-L1 of the sub-step onset at the steps of visible edges.

Examples
--------
>>> import torch
>>> from hyperspy_eels_edgeid.workflows.losses import position_weights
>>> position_weights(torch.tensor([[[0.0, 1, 0]]])).tolist()
[[[0.0, 1.0, 0.0]]]
"""

from __future__ import annotations

from .training_data import IGNORE

__all__ = ["position_weights", "spectrum_losses", "losses"]


def position_weights(position):
    """Weights of the onset-position loss: 0 at the steps next to a labelled onset, 1 elsewhere.

    An onset found one step off is not penalised.  `position` is the (N, K,
    T) 0/1 tensor of :func:`make_targets` (float).

    Parameters
    ----------
    position : Tensor, shape (N, K, T)
        The 0/1 onset targets.

    Returns
    -------
    Tensor, shape (N, K, T)

    Examples
    --------
    >>> import torch
    >>> position_weights(torch.tensor([[[0.0, 0, 1, 0, 0, 0]]])).tolist()
    [[[1.0, 0.0, 1.0, 0.0, 1.0, 1.0]]]
    """
    import torch.nn.functional as F

    n, k, t = position.shape
    near = F.max_pool1d(position.reshape(n * k, 1, t), kernel_size=3, stride=1, padding=1).reshape(n, k, t)
    return 1.0 - near + position


def spectrum_losses(out: dict, target: dict) -> dict:
    """The element head's presence and position losses of each spectrum, summed over the elements.

    Parameters
    ----------
    out : dict of Tensor
        The network's outputs (:class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet`).
    target : dict of Tensor
        The batch's targets (:func:`~hyperspy_eels_edgeid.workflows.training_data.make_targets`).

    Returns
    -------
    dict of Tensor
        ``presence`` and ``position``, each of shape (N,); :func:`losses`
        divides their sums by the number of (spectrum, element) pairs.

    Examples
    --------
    >>> import torch
    >>> from hyperspy_eels_edgeid.workflows.losses import spectrum_losses
    >>> out = {"presence_logits": torch.zeros(2, 3), "position_logits": torch.zeros(2, 3, 4),
    ...        "usable": torch.ones(2, 3, 4, dtype=torch.bool)}
    >>> target = {"presence": torch.tensor([[1.0, 0, 0], [0, 0, 0]]), "presence_weight": torch.ones(2, 3),
    ...           "position": torch.zeros(2, 3, 4, dtype=torch.uint8)}
    >>> spectrum_losses(out, target)["presence"].shape
    torch.Size([2])
    """
    import torch.nn.functional as F

    # an element none of whose allowed steps was measured is not observable by the network either
    weight = target["presence_weight"] * out["usable"].any(dim=2)
    presence = F.binary_cross_entropy_with_logits(out["presence_logits"], target["presence"], reduction="none")
    onset = target["position"].float()
    usable = out["usable"].float() * position_weights(onset) * weight[..., None]
    position = F.binary_cross_entropy_with_logits(out["position_logits"], onset, reduction="none")
    return {"presence": (presence * weight).sum(dim=1), "position": (position * usable).sum(dim=(1, 2))}


def losses(out: dict, target: dict, position_weight: float = 1.0, edge_weight: float = 1.0) -> dict:
    """The weighted total and its parts for one batch.

    Parameters
    ----------
    out : dict of Tensor
        The network's outputs (:class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet`).
    target : dict of Tensor
        The batch's targets (:func:`~hyperspy_eels_edgeid.workflows.training_data.make_targets`).
    position_weight : float
        Weight of the position loss against the presence loss.
    edge_weight : float
        Weight of the edge head's losses (family and offset); unused without an edge head.

    Returns
    -------
    dict of Tensor
        ``total``, ``presence``, ``position`` and, with an edge head,
        ``family`` and ``offset``.
    """
    import torch.nn.functional as F

    per_spectrum = spectrum_losses(out, target)
    n_labels = target["presence_weight"].numel()
    parts = {name: value.sum() / n_labels for name, value in per_spectrum.items()}
    total = parts["presence"] + position_weight * parts["position"]
    if "family_logits" in out:
        family = target["edge_family"].long()
        n_scored = (family != IGNORE).sum().clamp(min=1)
        family_loss = F.cross_entropy(out["family_logits"], family, ignore_index=IGNORE, reduction="sum")
        parts["family"] = family_loss / n_scored
        offset_weight = target["edge_offset_weight"]
        offset = F.smooth_l1_loss(out["onset_offset"], target["edge_offset"], reduction="none", beta=0.1)
        parts["offset"] = (offset * offset_weight).sum() / offset_weight.sum().clamp(min=1.0)
        total = total + edge_weight * (parts["family"] + parts["offset"])
    parts["total"] = total
    return parts
