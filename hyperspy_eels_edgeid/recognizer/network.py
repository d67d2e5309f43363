"""The CNN-BiLSTM edge recognizer (the network only; no data, no training).

After the paper (Kong, Ji & Xin): 1-D convolutions with kernel size 11, each
followed by batch normalisation and a ReLU; a bidirectional LSTM with 100
hidden units; dense layers with 20 % dropout and LeakyReLU(0.01).  The
paper gives no depth, widths or pooling; here the convolutions are strided
(4, then 2 each) so that the 7801-channel grid reaches the BiLSTM as 244
steps, which keeps the network trainable on a CPU (``docs/recognizer.md``).

Outputs:

* ``position_logits`` (N, K, T): at every step t of the downsampled grid,
  the logit that the principal edge of element k begins there;
* ``presence_logits`` (N, K): a smooth maximum (log-sum-exp) of the position
  logits over the steps where element k's principal edges can lie
  (``allowed``, a fixed (K, T) buffer built from the edge table) and that
  were measured (the input's mask channel).  The step with the largest
  position logit gives the onset energy;
* with ``edge_families > 0``, an *edge head* beside the element head:
  ``family_logits`` (N, F, T), at every step the logits of "no edge starts
  here" and of each edge shape family
  (:mod:`~hyperspy_eels_edgeid.recognizer.edge_families`), whatever the
  element, and ``onset_offset`` (N, T), where the edge starts within the
  step (in step widths from the step's energy).

In evaluation (and in training with frozen BatchNorm) only the steps whose
features see a measured channel run, with the same outputs there
(:meth:`EdgeNet.measured_steps`; ``docs/recognizer.md``).

Examples
--------
>>> import torch
>>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
>>> net = EdgeNet(n_classes=3, n_grid=512).eval()
>>> out = net(torch.zeros(2, 4, 512))
>>> tuple(out["presence_logits"].shape), tuple(out["position_logits"].shape)
((2, 3), (2, 3, 16))
>>> out = EdgeNet(n_classes=3, n_grid=512, edge_families=9).eval()(torch.zeros(2, 4, 512))
>>> tuple(out["family_logits"].shape), tuple(out["onset_offset"].shape)
((2, 9, 16), (2, 16))
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["EdgeNet", "n_steps"]

#: Logit given to an element none of whose allowed steps was measured.
NOT_OBSERVED_LOGIT = -30.0


def n_steps(n_grid: int, strides: tuple[int, ...] = (4, 2, 2, 2)) -> int:
    """Number of BiLSTM steps for a grid of `n_grid` channels.

    Parameters
    ----------
    n_grid : int
        Channels of the model grid.
    strides : tuple of int
        Strides of the convolutions.

    Returns
    -------
    int

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.network import n_steps
    >>> n_steps(7801), n_steps(7801, (2, 2, 2, 2))
    (244, 488)
    """
    length = n_grid
    for s in strides:
        length = (length - 1) // s + 1
    return length


#: The names of one direction's weights in a BiLSTM (the other direction's end in "_reverse").
_LSTM_WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


def _unmeasured_input(x: torch.Tensor, mask_channel: int) -> torch.Tensor:
    """(C, G): at each grid channel, the input of the first spectrum of `x` that did not measure it."""
    others = (x[:, mask_channel] <= 0.5).float().argmax(dim=0)
    return x[others, :, torch.arange(x.shape[2], device=x.device)].T


class EdgeNet(nn.Module):
    """CNN-BiLSTM with per-position edge-onset and per-element presence outputs.

    Parameters
    ----------
    n_classes : int
        Number of elements K.
    n_grid : int
        Channels of the model grid G.
    in_channels : int
        Input channels (intensity features, mask, position); the mask must be
        channel ``mask_channel``.
    conv_channels : tuple of int
        Output channels of the strided kernel-11 convolutions.
    strides : tuple of int, optional
        Their strides; by default 4 for the first and 2 for the others.
    hidden : int
        Hidden units per direction of the BiLSTM (paper: 100).
    dense : int
        Width of the dense layer before the output.
    dropout : float
        Dropout after the dense layer (paper: 0.2).
    mask_channel : int
        Which input channel is the validity mask.
    allowed : torch.Tensor, optional
        (K, T) bool: steps where an element's principal edge may start.
        All True by default.
    edge_families : int
        Classes of the edge head (``len(FAMILIES)``, "none" included); 0 for
        no edge head.

    Examples
    --------
    >>> import torch
    >>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
    >>> net = EdgeNet(n_classes=2, n_grid=256, conv_channels=(8, 8), hidden=4, dense=8)
    >>> net.n_steps
    32
    """

    #: Batches smaller than this run every step (the shared outside costs one more spectrum's pass).
    MIN_CROPPED_BATCH = 8
    #: Where a spectrum's run would be longer than this share of the steps, all run.
    MAX_CROPPED_SHARE = 0.9
    #: Runs of different spectra that span at most this times the longest run together run as one (exactly).
    MAX_SHARED_SPAN = 1.25
    #: Keep the BatchNorm layers in evaluation (their running statistics) when the network trains:
    #: each spectrum's outputs then do not depend on its batch, and training runs only the measured steps.
    freeze_batchnorm = False

    def __init__(
        self,
        n_classes: int,
        n_grid: int,
        in_channels: int = 4,
        conv_channels: tuple[int, ...] = (16, 32, 48, 64),
        strides: tuple[int, ...] | None = None,
        hidden: int = 100,
        dense: int = 64,
        dropout: float = 0.2,
        mask_channel: int = 2,
        allowed: torch.Tensor | None = None,
        edge_families: int = 0,
    ) -> None:
        super().__init__()
        self.n_classes = int(n_classes)
        self.n_grid = int(n_grid)
        self.mask_channel = int(mask_channel)
        if strides is None:
            strides = (4,) + (2,) * (len(conv_channels) - 1)
        if len(strides) != len(conv_channels):
            raise ValueError(f"strides: give one per convolution ({len(conv_channels)}), got {len(strides)}.")
        self.strides = tuple(int(s) for s in strides)
        self.stride = int(torch.tensor(self.strides).prod())
        self.n_steps = n_steps(n_grid, self.strides)
        layers: list[nn.Module] = []
        previous = in_channels
        for width, stride in zip(conv_channels, self.strides):
            layers += [
                nn.Conv1d(previous, width, kernel_size=11, stride=stride, padding=5, bias=False),
                nn.BatchNorm1d(width),
                nn.ReLU(inplace=True),
            ]
            previous = width
        self.features = nn.Sequential(*layers)
        self.lstm = nn.LSTM(previous, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Sequential(
            nn.Linear(2 * hidden, dense),
            nn.LeakyReLU(0.01),
            nn.Dropout(dropout),
            nn.Linear(dense, n_classes),
        )
        # start from "no edge anywhere": edges are rare among (element, step) pairs
        nn.init.constant_(self.head[-1].bias, -5.0)
        self.edge_families = int(edge_families)
        if self.edge_families:
            self.edge_head = nn.Sequential(
                nn.Linear(2 * hidden, dense),
                nn.LeakyReLU(0.01),
                nn.Dropout(dropout),
                nn.Linear(dense, self.edge_families + 1),  # family logits, then the onset offset
            )
        if allowed is None:
            allowed = torch.ones(n_classes, self.n_steps, dtype=torch.bool)
        if tuple(allowed.shape) != (n_classes, self.n_steps):
            raise ValueError(f"allowed: expected shape {(n_classes, self.n_steps)}, got {tuple(allowed.shape)}.")
        self.register_buffer("allowed", allowed.to(torch.bool))

    def step_mask(self, x: torch.Tensor) -> torch.Tensor:
        """(N, T) bool: steps whose centre channel was measured.

        Parameters
        ----------
        x : Tensor, shape (N, C, G)
            Network input (channel 2 is the mask).

        Returns
        -------
        Tensor of bool, shape (N, T)
        """
        return x[:, self.mask_channel, :: self.stride][:, : self.n_steps] > 0.5

    def train(self, mode: bool = True) -> "EdgeNet":
        """As :meth:`torch.nn.Module.train`; the BatchNorm layers stay in evaluation if :attr:`freeze_batchnorm`.

        Parameters
        ----------
        mode : bool
            Training (True) or evaluation.

        Returns
        -------
        EdgeNet
        """
        super().train(mode)
        if mode and self.freeze_batchnorm:
            for module in self.features.modules():
                if isinstance(module, nn.BatchNorm1d):
                    module.eval()
        return self

    def normalises_by_batch(self) -> bool:
        """Whether a BatchNorm layer uses the statistics of the batch (training, unless frozen).

        Examples
        --------
        >>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
        >>> net = EdgeNet(n_classes=2, n_grid=256)
        >>> net.train().normalises_by_batch(), net.eval().normalises_by_batch()
        (True, False)
        """
        return any(m.training for m in self.features.modules() if isinstance(m, nn.BatchNorm1d))

    def receptive_half_width(self) -> int:
        """Input channels on each side of a step's centre that its convolved features depend on.

        Examples
        --------
        >>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
        >>> EdgeNet(n_classes=2, n_grid=7801).receptive_half_width()  # 5 * (1 + 4 + 8 + 16)
        145
        """
        half, jump = 0, 1
        for stride in self.strides:
            half += 5 * jump  # kernel 11: five channels of the layer's input on each side
            jump *= stride
        return half

    def measured_steps(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
        """Per spectrum, the steps whose outputs depend on what it measured.

        Outside the channels a spectrum measured, its input must be what every
        other spectrum that did not measure them has there (as
        :func:`~.grid.normalise` makes it: zeros, mask 0, the position).  The
        features of a step that sees only such channels are then the same for
        every spectrum, and so is the BiLSTM's state entering the measured
        part from either side: these steps need not run.

        Parameters
        ----------
        x : Tensor, shape (N, C, G)
            Network input.

        Returns
        -------
        tuple of Tensor or None
            ``start``, ``stop`` (N,): each spectrum's first and last step to run
            (inclusive), those whose convolved features see one of its measured
            channels and one more on each side (the evidence reader looks at a
            step's neighbours); None where a spectrum measured nothing or the
            inputs outside the measured channels differ.
        """
        n, _, g = x.shape
        measured = x[:, self.mask_channel] > 0.5  # (N, G)
        if n == 0 or not bool(measured.any(dim=1).all()):
            return None
        if not bool(((x == _unmeasured_input(x, self.mask_channel)[None]) | measured[:, None, :]).all()):
            return None
        columns = torch.arange(g, device=x.device)
        first = torch.where(measured, columns, g).amin(dim=1)
        last = torch.where(measured, columns, -1).amax(dim=1)
        half, stride = self.receptive_half_width(), self.stride
        start = (-torch.div(half - first, stride, rounding_mode="floor") - 1).clamp(min=0)
        stop = (torch.div(last + half, stride, rounding_mode="floor") + 1).clamp(max=self.n_steps - 1)
        return start, stop

    def _steps_to_run(self, x: torch.Tensor):
        """How forward runs the batch: None (every step), ``("shared", start, stop)`` or ``("own", start, stop)``."""
        if self.normalises_by_batch() or x.shape[0] < self.MIN_CROPPED_BATCH:
            return None
        steps = self.measured_steps(x)
        if steps is None:
            return None
        start, stop = steps
        longest = int((stop - start).max()) + 1
        if longest > self.MAX_CROPPED_SHARE * self.n_steps:
            return None
        first, last = int(start.min()), int(stop.max())
        if last - first + 1 <= self.MAX_SHARED_SPAN * longest:  # one run for all: cheaper and exact
            return "shared", first, last
        return "own", start, stop

    def _sequence_over(self, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        """The BiLSTM's output (N, stop - start + 1, 2H) at steps `start`-`stop`, the same for every spectrum."""
        n, _, g = x.shape
        half, stride = self.receptive_half_width(), self.stride
        # channels from a multiple of the stride (so that the slice's steps are the grid's), wide enough that
        # the features of steps start..stop see no zero padding that the full grid does not have
        first_step = max(0, (stride * start - half) // stride)
        a, b = stride * first_step, min(g, stride * stop + half + 1)
        features = self.features(x[:, :, a:b])[:, :, start - first_step : stop - first_step + 1]
        # the state each direction carries into those steps, from one spectrum (the same for all)
        h0 = features.new_zeros(2, n, self.lstm.hidden_size)
        c0 = features.new_zeros(2, n, self.lstm.hidden_size)
        outside = self.features(x[:1])
        if start > 0:
            _, (h, c) = self.lstm(outside[:, :, :start].transpose(1, 2))
            h0[0], c0[0] = h[0, 0], c[0, 0]
        if stop < self.n_steps - 1:
            _, (h, c) = self.lstm(outside[:, :, stop + 1 :].transpose(1, 2))
            h0[1], c0[1] = h[1, 0], c[1, 0]
        inner, _ = self.lstm(features.transpose(1, 2), (h0, c0))
        return inner

    def _own_sequences(self, x: torch.Tensor, start: torch.Tensor, stop: torch.Tensor) -> torch.Tensor:
        """The BiLSTM's output (N, L, 2H) at each spectrum's steps ``start[i] + p``, p < its length (L the longest)."""
        n, c, g = x.shape
        half, stride, device = self.receptive_half_width(), self.stride, x.device
        length = stop - start + 1
        steps = int(length.max())
        # each spectrum's channels from a multiple of the stride, as in _sequence_over, left-aligned; the grid's
        # zero padding beyond its end
        first_step = (torch.div(stride * start - half, stride, rounding_mode="floor")).clamp(min=0)
        width = int((stride * (stop - first_step) + half + 1).max())
        channel = stride * first_step[:, None] + torch.arange(width, device=device)[None, :]  # (N, W)
        window = x.gather(2, channel.clamp(max=g - 1)[:, None, :].expand(n, c, width)) * (channel < g)[:, None, :]
        features = self._convolved(window, stride * first_step, g)  # step t of spectrum i at t - first_step[i]
        offset = torch.arange(steps, device=device)[None, :]
        last_index = features.shape[2] - 1
        forward_at = (start - first_step)[:, None] + offset  # p-th step of each run, forwards ...
        backward_at = (stop - first_step)[:, None] - offset  # ... and backwards
        forward_in = features.gather(2, forward_at.clamp(0, last_index)[:, None, :].expand(-1, features.shape[1], -1))
        backward_in = features.gather(2, backward_at.clamp(0, last_index)[:, None, :].expand(-1, features.shape[1], -1))
        # the states entering each run from the unmeasured steps, from the input no spectrum measured
        (fh, fc), (bh, bc) = self._unmeasured_states(x)
        hidden, dtype = self.lstm.hidden_size, forward_in.dtype
        forward_state = (fh[start][None].to(dtype), fc[start][None].to(dtype))
        backward_state = (bh[stop][None].to(dtype), bc[stop][None].to(dtype))
        forward_out = self._one_direction(forward_in.transpose(1, 2), forward_state, "")
        backward_out = self._one_direction(backward_in.transpose(1, 2), backward_state, "_reverse")
        # the backward output of the p-th step of a run is its (length - 1 - p)-th backward step
        back = (length[:, None] - 1 - offset).clamp(min=0)
        backward_out = backward_out.gather(1, back[:, :, None].expand(-1, -1, hidden))
        return torch.cat([forward_out, backward_out], dim=2)

    def _convolved(self, window: torch.Tensor, offset: torch.Tensor, g: int) -> torch.Tensor:
        """The features of windows of the grid starting at channels `offset` (multiples of the stride).

        Past the grid's end each layer's output is set to zero, as the padding
        of the layer after it is when the whole grid is convolved.
        """
        h, length, jump = window, g, 1
        layers = list(self.features)
        for k, stride in enumerate(self.strides):
            for layer in layers[3 * k : 3 * k + 3]:  # convolution, batch norm, ReLU
                h = layer(h)
            length, jump = (length - 1) // stride + 1, jump * stride
            position = torch.div(offset, jump, rounding_mode="floor")[:, None] + torch.arange(h.shape[2]).to(h.device)
            h = h * (position < length)[:, None, :]
        return h

    def _unmeasured_states(self, x: torch.Tensor):
        """The BiLSTM's state entering each step from the left and from the right over the input of a spectrum
        that measured nothing (:meth:`measured_steps`): ``((h, c), (h, c))``, each (T, H), row t that state.

        One pass of the BiLSTM gives the hidden states; the cell states follow from them by their linear
        recurrence ``c_t = f_t c_(t-1) + i_t g_t``, its gates computed for all steps at once.
        """
        sequence = self.features(_unmeasured_input(x, self.mask_channel)[None])  # (1, F, T)
        hidden, _ = self.lstm(sequence.transpose(1, 2))  # (1, T, 2H)
        sequence, hidden = sequence[0].T.float(), hidden[0].float()
        size = self.lstm.hidden_size
        states = []
        for suffix, h_after in (("", hidden[:, :size]), ("_reverse", hidden[:, size:].flip(0))):
            inputs = sequence if not suffix else sequence.flip(0)  # in the order the direction reads them
            h_before = torch.cat([h_after.new_zeros(1, size), h_after[:-1]])  # the hidden state entering each
            w_ih, w_hh, b_ih, b_hh = (getattr(self.lstm, name + suffix).float() for name in _LSTM_WEIGHTS)
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

    def _one_direction(self, sequence: torch.Tensor, state, suffix: str) -> torch.Tensor:
        """One direction of the BiLSTM (its weights, ``suffix`` "" or "_reverse") over (N, L, F) from `state`."""
        # a module of its own for every call (threads share the network), left uninitialised: its weights are
        # replaced by the BiLSTM's for the call, and no random numbers are drawn
        one_way = nn.LSTM(self.lstm.input_size, self.lstm.hidden_size, batch_first=True, device="meta")
        one_way = one_way.to_empty(device=sequence.device)
        weights = {name: getattr(self.lstm, name + suffix) for name in _LSTM_WEIGHTS}
        return torch.func.functional_call(one_way, weights, (sequence, state))[0]

    def _on_all_steps(self, values: torch.Tensor, start: torch.Tensor, length: torch.Tensor, fill: list[float]):
        """(N, L, X) values of each spectrum's steps ``start[i] + p`` as (N, X, T), `fill` (one per X) elsewhere."""
        n, steps, _ = values.shape
        if steps == self.n_steps and not bool(start.any()):
            return values.transpose(1, 2)
        out = torch.tensor(fill, dtype=values.dtype, device=values.device)[None, :, None].repeat(n, 1, self.n_steps)
        offset = torch.arange(steps, device=values.device)[None, :]
        valid = offset < length[:, None]
        rows = torch.arange(n, device=values.device)[:, None].expand(n, steps)[valid]
        out[rows, :, (start[:, None] + offset)[valid]] = values[valid]
        return out

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """Run the network.

        Parameters
        ----------
        x : torch.Tensor, shape (N, in_channels, n_grid)

        Returns
        -------
        dict
            ``position_logits`` (N, K, T), ``presence_logits`` (N, K) and
            ``usable`` (N, K, T) bool, the steps pooled into the presence;
            with an edge head also ``family_logits`` (N, F, T) and
            ``onset_offset`` (N, T).
        """
        n, device = x.shape[0], x.device
        plan = self._steps_to_run(x)
        if plan is None:
            h, _ = self.lstm(self.features(x).transpose(1, 2))  # (N, T, 2H)
            start = torch.zeros(n, dtype=torch.long, device=device)
            length = torch.full((n,), self.n_steps, device=device)
        elif plan[0] == "shared":
            h = self._sequence_over(x, plan[1], plan[2])  # (N, steps run, 2H)
            start = torch.full((n,), plan[1], dtype=torch.long, device=device)
            length = torch.full((n,), plan[2] - plan[1] + 1, device=device)
        else:
            h = self._own_sequences(x, plan[1], plan[2])  # (N, the longest run, 2H)
            start, length = plan[1], plan[2] - plan[1] + 1
        position = self._on_all_steps(self.head(h), start, length, [NOT_OBSERVED_LOGIT] * self.n_classes)  # (N, K, T)
        usable = self.allowed[None, :, :] & self.step_mask(x)[:, None, :]
        pooled = torch.where(usable, position, torch.full_like(position, -1e4)).logsumexp(dim=2)
        presence = torch.where(usable.any(dim=2), pooled, torch.full_like(pooled, NOT_OBSERVED_LOGIT))
        out = {"position_logits": position, "presence_logits": presence, "usable": usable}
        if self.edge_families:
            # steps not run: "no edge" (family 0) sure, onset offset 0
            nothing = [0.0] + [NOT_OBSERVED_LOGIT] * (self.edge_families - 1) + [0.0]
            edge = self._on_all_steps(self.edge_head(h), start, length, nothing)  # (N, F + 1, T)
            out["family_logits"], out["onset_offset"] = edge[:, :-1], edge[:, -1]
        return out
