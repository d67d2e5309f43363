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
    #: Where more than this share of the steps would run, all run.
    MAX_CROPPED_SHARE = 0.9
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

    def measured_steps(self, x: torch.Tensor) -> tuple[int, int] | None:
        """The steps whose outputs depend on what the batch measured, if computing only them saves work.

        Outside the channels any spectrum of the batch measured, the input of
        every spectrum must be the same (as :func:`~.grid.normalise` makes it:
        zeros, the mask and the position); the features of steps that see only
        those channels are then the same for every spectrum, and the BiLSTM's
        state entering the measured part from either side is that of any one
        spectrum (with the gradient of that one pass in training).  Forward
        asks it only where no BatchNorm layer uses the batch's statistics
        (evaluation, or training with :attr:`freeze_batchnorm`).  None (run
        everything) for batches of fewer than :attr:`MIN_CROPPED_BATCH`
        spectra, where the steps to run are more than :attr:`MAX_CROPPED_SHARE`
        of all, or where the inputs differ outside the measured channels.

        Parameters
        ----------
        x : Tensor, shape (N, C, G)
            Network input.

        Returns
        -------
        tuple of int or None
            The first and last step to run (inclusive): those whose convolved
            features see a measured channel, and one more on each side (the
            evidence reader looks at a step's neighbours).
        """
        n, _, g = x.shape
        if n < self.MIN_CROPPED_BATCH:
            return None
        measured = torch.nonzero((x[:, self.mask_channel] > 0.5).any(dim=0)).flatten()
        if measured.numel() == 0:
            return None
        first, last = int(measured[0]), int(measured[-1])
        half = self.receptive_half_width()
        start = max(0, -(-(first - half) // self.stride) - 1)
        stop = min(self.n_steps - 1, (last + half) // self.stride + 1)
        if stop - start + 1 > self.MAX_CROPPED_SHARE * self.n_steps:
            return None
        before, after = x[:, :, :first], x[:, :, last + 1 :]
        if not (bool((before == before[:1]).all()) and bool((after == after[:1]).all())):
            return None
        return start, stop

    def _sequence_over(self, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        """The BiLSTM's output (N, stop - start + 1, 2H) at steps `start`-`stop` (:meth:`measured_steps`)."""
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

    def _on_all_steps(self, values: torch.Tensor, steps: tuple[int, int], fill: list[float]) -> torch.Tensor:
        """(N, S, X) values of steps `steps[0]`-`steps[1]` as (N, X, T), `fill` (one per X) at the other steps."""
        values = values.transpose(1, 2)
        if values.shape[2] == self.n_steps:
            return values
        out = torch.tensor(fill, dtype=values.dtype, device=values.device)[None, :, None].repeat(
            values.shape[0], 1, self.n_steps
        )
        out[:, :, steps[0] : steps[1] + 1] = values
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
        steps = None if self.normalises_by_batch() else self.measured_steps(x)
        if steps is None:
            h, _ = self.lstm(self.features(x).transpose(1, 2))  # (N, T, 2H)
            steps = (0, self.n_steps - 1)
        else:
            h = self._sequence_over(x, *steps)  # (N, steps run, 2H)
        position = self._on_all_steps(self.head(h), steps, [NOT_OBSERVED_LOGIT] * self.n_classes)  # (N, K, T)
        usable = self.allowed[None, :, :] & self.step_mask(x)[:, None, :]
        pooled = torch.where(usable, position, torch.full_like(position, -1e4)).logsumexp(dim=2)
        presence = torch.where(usable.any(dim=2), pooled, torch.full_like(pooled, NOT_OBSERVED_LOGIT))
        out = {"position_logits": position, "presence_logits": presence, "usable": usable}
        if self.edge_families:
            # steps not run: "no edge" (family 0) sure, onset offset 0
            nothing = [0.0] + [NOT_OBSERVED_LOGIT] * (self.edge_families - 1) + [0.0]
            edge = self._on_all_steps(self.edge_head(h), steps, nothing)  # (N, F + 1, T)
            out["family_logits"], out["onset_offset"] = edge[:, :-1], edge[:, -1]
        return out
