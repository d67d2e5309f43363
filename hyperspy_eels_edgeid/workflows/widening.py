"""Widen a trained network's BiLSTM without changing what it computes (Net2Net), to train a larger one from it.

A new hidden unit of each direction copies the gates of an existing unit
(chosen at random), so it carries the same state; every weight that reads the
hidden units (the LSTM's own recurrent weights, the first layer of each head)
divides the weight of a unit among the unit and its copies.  The widened
network computes what the trained one did; a little noise on the copies'
input weights (``noise``) lets them learn apart.

Examples
--------
>>> import torch
>>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
>>> from hyperspy_eels_edgeid.workflows.widening import widen_lstm_state
>>> small = EdgeNet(3, 256, conv_channels=(4, 4), hidden=6, dense=5, edge_families=2).eval()
>>> big = EdgeNet(3, 256, conv_channels=(4, 4), hidden=9, dense=5, edge_families=2).eval()
>>> _ = big.load_state_dict(widen_lstm_state(small.state_dict(), 9, noise=0.0, random_state=0))
>>> x = torch.randn(2, 4, 256)
>>> bool(torch.allclose(small(x)["presence_logits"], big(x)["presence_logits"], atol=1e-5))
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["widen_lstm_state"]

#: parameters of each LSTM direction (PyTorch's names; gates stacked as input, forget, cell, output)
_DIRECTIONS = ("", "_reverse")


def widen_lstm_state(state: dict, hidden: int, noise: float = 1e-3, random_state=None) -> dict:
    """A state dict of :class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet` with a wider BiLSTM.

    Parameters
    ----------
    state : dict of str to Tensor
        The trained network's state dict (one-layer BiLSTM ``lstm``, heads
        ``head`` and optionally ``edge_head`` reading its output).
    hidden : int
        Hidden units per direction of the widened network (at least the trained one's).
    noise : float
        Standard deviation, relative to each copied row's, of the noise added
        to the copies' input and recurrent weights (0: the widened network
        computes exactly what the trained one did).
    random_state : None, int or numpy.random.Generator
        Chooses the units to copy and draws the noise.

    Returns
    -------
    dict of str to Tensor
        A new state dict; `state` is not changed.

    Raises
    ------
    ValueError
        If `hidden` is smaller than the trained network's.
    """
    import torch

    rng = np.random.default_rng(random_state)
    old = int(state["lstm.weight_hh_l0"].shape[1])
    if hidden < old:
        raise ValueError(f"hidden: {hidden} is narrower than the trained network's {old}.")
    source = np.concatenate([np.arange(old), rng.choice(old, hidden - old, replace=hidden - old > old)])
    count = np.bincount(source, minlength=old)[source].astype(np.float32)  # copies of each unit's source
    rows = torch.as_tensor(np.concatenate([g * old + source for g in range(4)]))  # per gate block
    share = torch.as_tensor(1.0 / count)
    out = {k: v.clone() for k, v in state.items()}
    for d in _DIRECTIONS:
        for name in (f"lstm.weight_ih_l0{d}", f"lstm.weight_hh_l0{d}", f"lstm.bias_ih_l0{d}", f"lstm.bias_hh_l0{d}"):
            out[name] = state[name][rows].clone()
        hh = f"lstm.weight_hh_l0{d}"
        out[hh] = out[hh][:, torch.as_tensor(source)] * share[None, :]
        if noise > 0 and hidden > old:
            new = torch.as_tensor(np.concatenate([g * hidden + np.arange(old, hidden) for g in range(4)]))
            for name in (f"lstm.weight_ih_l0{d}", hh):
                w = out[name]
                scale = w[new].std(dim=1, keepdim=True).clamp_min(1e-6)
                w[new] += noise * scale * torch.as_tensor(rng.standard_normal(tuple(w[new].shape)), dtype=w.dtype)
    both = torch.as_tensor(np.concatenate([source, old + source]))
    for head in ("head", "edge_head"):
        name = f"{head}.0.weight"
        if name in state:
            out[name] = state[name][:, both] * torch.cat([share, share])[None, :]
    return out
