"""How :class:`~.network.EdgeNet` runs only the steps a spectrum measured (in evaluation, or training with frozen
BatchNorm).

Outside the channels a spectrum measured, its network input is what every spectrum has there (zeros, mask 0 and
the position: :func:`~.grid.normalise`).  The convolved features of a step that sees only such channels (145
input channels on each side of its centre) are then the same for every spectrum, and so is the BiLSTM's state
entering the measured part from either side.  :meth:`EdgeNet.measured_steps <.network.EdgeNet.measured_steps>`
finds each spectrum's steps; here they run:

* :func:`shared_run`: one range of steps for the whole batch (a spectrum image's pixels), the BiLSTM starting
  from the state one spectrum's pass over the other steps leaves;
* :func:`own_runs`: each spectrum its own range: its own window of the grid convolved (each layer's output past
  the grid's end set to zero, as the padding is when the whole grid is convolved), each direction of the BiLSTM
  from the state entering the range over an input that measured nothing;
* :func:`on_all_steps`: the outputs of the steps run put back on every step, a fill value at the others.

``docs/recognizer.md`` ("Only the measured steps run") says what was measured.
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["unmeasured_input", "shared_run", "own_runs", "on_all_steps"]

#: The names of one direction's weights in a BiLSTM (the other direction's end in "_reverse").
_LSTM_WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


def unmeasured_input(x: torch.Tensor, mask_channel: int) -> torch.Tensor:
    """At each grid channel, the input of the first spectrum of `x` that did not measure it.

    Parameters
    ----------
    x : Tensor, shape (N, C, G)
        Network input.
    mask_channel : int
        Its mask channel.

    Returns
    -------
    Tensor, shape (C, G)
        (The first spectrum's input where every spectrum measured.)

    Examples
    --------
    >>> import torch
    >>> from hyperspy_eels_edgeid.recognizer.step_runs import unmeasured_input
    >>> x = torch.tensor([[[5.0, 0.0], [1.0, 0.0]], [[0.0, 7.0], [0.0, 1.0]]])  # two spectra, value and mask
    >>> unmeasured_input(x, mask_channel=1).tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    others = (x[:, mask_channel] <= 0.5).float().argmax(dim=0)
    return x[others, :, torch.arange(x.shape[2], device=x.device)].T


def shared_run(net, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
    """The BiLSTM's output at steps `start`-`stop`, the same steps for every spectrum.

    Parameters
    ----------
    net : EdgeNet
        The network.
    x : Tensor, shape (N, C, G)
        Its input.
    start, stop : int
        The first and last step to run.

    Returns
    -------
    Tensor, shape (N, stop - start + 1, 2H)
    """
    n, _, g = x.shape
    half, stride = net.receptive_half_width(), net.stride
    # channels from a multiple of the stride (so that the slice's steps are the grid's), wide enough that
    # the features of steps start..stop see no zero padding that the full grid does not have
    first_step = max(0, (stride * start - half) // stride)
    a, b = stride * first_step, min(g, stride * stop + half + 1)
    features = net.features(x[:, :, a:b])[:, :, start - first_step : stop - first_step + 1]
    # the state each direction carries into those steps, from one spectrum (the same for all)
    h0 = features.new_zeros(2, n, net.lstm.hidden_size)
    c0 = features.new_zeros(2, n, net.lstm.hidden_size)
    outside = net.features(x[:1])
    if start > 0:
        _, (h, c) = net.lstm(outside[:, :, :start].transpose(1, 2))
        h0[0], c0[0] = h[0, 0], c[0, 0]
    if stop < net.n_steps - 1:
        _, (h, c) = net.lstm(outside[:, :, stop + 1 :].transpose(1, 2))
        h0[1], c0[1] = h[1, 0], c[1, 0]
    inner, _ = net.lstm(features.transpose(1, 2), (h0, c0))
    return inner


def own_runs(net, x: torch.Tensor, start: torch.Tensor, stop: torch.Tensor) -> torch.Tensor:
    """The BiLSTM's output at each spectrum's own steps.

    Parameters
    ----------
    net : EdgeNet
        The network.
    x : Tensor, shape (N, C, G)
        Its input.
    start, stop : Tensor of int, shape (N,)
        Each spectrum's first and last step to run.

    Returns
    -------
    Tensor, shape (N, L, 2H)
        Row i, position p: step ``start[i] + p`` of spectrum i, for p below its
        length ``stop[i] - start[i] + 1`` (L the longest).
    """
    n, c, g = x.shape
    half, stride, device = net.receptive_half_width(), net.stride, x.device
    length = stop - start + 1
    steps = int(length.max())
    # each spectrum's channels from a multiple of the stride, as in shared_run, left-aligned; the grid's
    # zero padding beyond its end
    first_step = (torch.div(stride * start - half, stride, rounding_mode="floor")).clamp(min=0)
    width = int((stride * (stop - first_step) + half + 1).max())
    channel = stride * first_step[:, None] + torch.arange(width, device=device)[None, :]  # (N, W)
    window = x.gather(2, channel.clamp(max=g - 1)[:, None, :].expand(n, c, width)) * (channel < g)[:, None, :]
    features = _convolved(net, window, stride * first_step, g)  # step t of spectrum i at t - first_step[i]
    offset = torch.arange(steps, device=device)[None, :]
    last_index = features.shape[2] - 1
    forward_at = (start - first_step)[:, None] + offset  # p-th step of each run, forwards ...
    backward_at = (stop - first_step)[:, None] - offset  # ... and backwards
    forward_in = features.gather(2, forward_at.clamp(0, last_index)[:, None, :].expand(-1, features.shape[1], -1))
    backward_in = features.gather(2, backward_at.clamp(0, last_index)[:, None, :].expand(-1, features.shape[1], -1))
    # the states entering each run from the unmeasured steps, from the input no spectrum measured
    (fh, fc), (bh, bc) = _unmeasured_states(net, x)
    hidden, dtype = net.lstm.hidden_size, forward_in.dtype
    forward_state = (fh[start][None].to(dtype), fc[start][None].to(dtype))
    backward_state = (bh[stop][None].to(dtype), bc[stop][None].to(dtype))
    forward_out = _one_direction(net, forward_in.transpose(1, 2), forward_state, "")
    backward_out = _one_direction(net, backward_in.transpose(1, 2), backward_state, "_reverse")
    # the backward output of the p-th step of a run is its (length - 1 - p)-th backward step
    back = (length[:, None] - 1 - offset).clamp(min=0)
    backward_out = backward_out.gather(1, back[:, :, None].expand(-1, -1, hidden))
    return torch.cat([forward_out, backward_out], dim=2)


def _convolved(net, window: torch.Tensor, offset: torch.Tensor, g: int) -> torch.Tensor:
    """The features of windows of the grid starting at channels `offset` (multiples of the stride).

    Past the grid's end each layer's output is set to zero, as the padding
    of the layer after it is when the whole grid is convolved.
    """
    h, length, jump = window, g, 1
    layers = list(net.features)
    for k, stride in enumerate(net.strides):
        for layer in layers[3 * k : 3 * k + 3]:  # convolution, batch norm, ReLU
            h = layer(h)
        length, jump = (length - 1) // stride + 1, jump * stride
        position = torch.div(offset, jump, rounding_mode="floor")[:, None] + torch.arange(h.shape[2]).to(h.device)
        h = h * (position < length)[:, None, :]
    return h


def _unmeasured_states(net, x: torch.Tensor):
    """The BiLSTM's state entering each step from the left and from the right over an input that measured
    nothing (:func:`unmeasured_input`): ``((h, c), (h, c))``, each (T, H), row t that state.

    One pass of the BiLSTM gives the hidden states; the cell states follow from them by their linear
    recurrence ``c_t = f_t c_(t-1) + i_t g_t``, its gates computed for all steps at once.
    """
    sequence = net.features(unmeasured_input(x, net.mask_channel)[None])  # (1, F, T)
    hidden, _ = net.lstm(sequence.transpose(1, 2))  # (1, T, 2H)
    sequence, hidden = sequence[0].T.float(), hidden[0].float()
    size = net.lstm.hidden_size
    states = []
    for suffix, h_after in (("", hidden[:, :size]), ("_reverse", hidden[:, size:].flip(0))):
        inputs = sequence if not suffix else sequence.flip(0)  # in the order the direction reads them
        h_before = torch.cat([h_after.new_zeros(1, size), h_after[:-1]])  # the hidden state entering each
        w_ih, w_hh, b_ih, b_hh = (getattr(net.lstm, name + suffix).float() for name in _LSTM_WEIGHTS)
        i, f, cell, _ = (inputs @ w_ih.T + h_before @ w_hh.T + b_ih + b_hh).chunk(4, dim=1)  # PyTorch's order
        forget, added = torch.sigmoid(f), torch.sigmoid(i) * torch.tanh(cell)
        c, c_steps = added.new_zeros(size), []
        for t in range(added.shape[0]):  # elementwise only: the products with the weights are done above
            c = forget[t] * c + added[t]
            c_steps.append(c)
        c_after = torch.stack(c_steps)
        c_before = torch.cat([c_after.new_zeros(1, size), c_after[:-1]])
        if suffix:  # back in step order: row t the state entering step t from the right
            h_before, c_before = h_before.flip(0), c_before.flip(0)
        states.append((h_before, c_before))
    return states


def _one_direction(net, sequence: torch.Tensor, state, suffix: str) -> torch.Tensor:
    """One direction of the BiLSTM (its weights, ``suffix`` "" or "_reverse") over (N, L, F) from `state`."""
    # a module of its own for every call (threads share the network), left uninitialised: its weights are
    # replaced by the BiLSTM's for the call, and no random numbers are drawn
    one_way = nn.LSTM(net.lstm.input_size, net.lstm.hidden_size, batch_first=True, device="meta")
    one_way = one_way.to_empty(device=sequence.device)
    weights = {name: getattr(net.lstm, name + suffix) for name in _LSTM_WEIGHTS}
    return torch.func.functional_call(one_way, weights, (sequence, state))[0]


def on_all_steps(net, values: torch.Tensor, start: torch.Tensor, length: torch.Tensor, fill: list[float]):
    """Outputs of the steps run, put on every step of the network.

    Parameters
    ----------
    net : EdgeNet
        The network (its number of steps T).
    values : Tensor, shape (N, L, X)
        Row i, position p: step ``start[i] + p`` of spectrum i.
    start, length : Tensor of int, shape (N,)
        Each spectrum's first step run and how many.
    fill : list of float
        One value per X for the steps not run.

    Returns
    -------
    Tensor, shape (N, X, T)
    """
    n, steps, _ = values.shape
    if steps == net.n_steps and not bool(start.any()):
        return values.transpose(1, 2)
    out = torch.tensor(fill, dtype=values.dtype, device=values.device)[None, :, None].repeat(n, 1, net.n_steps)
    offset = torch.arange(steps, device=values.device)[None, :]
    valid = offset < length[:, None]
    rows = torch.arange(n, device=values.device)[:, None].expand(n, steps)[valid]
    out[rows, :, (start[:, None] + offset)[valid]] = values[valid]
    return out
