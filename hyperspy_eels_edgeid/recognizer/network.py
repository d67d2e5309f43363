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
(:meth:`EdgeNet.measured_steps`, :mod:`.step_runs`; ``docs/recognizer.md``).

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

from .grid import MASK_CHANNEL
from .step_runs import on_all_steps, own_runs, shared_run, unmeasured_input

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
        mask_channel: int = MASK_CHANNEL,
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
            inputs outside the measured channels differ (where all spectra
            share one mask: outside its first and last measured channels).
        """
        n, _, g = x.shape
        measured = x[:, self.mask_channel] > 0.5  # (N, G)
        if n == 0 or not bool(measured.any(dim=1).all()):
            return None
        if bool((measured == measured[:1]).all()):  # one mask for all (a spectrum image's pixels): one range
            first, last = (int(i) for i in torch.nonzero(measured[0]).flatten()[[0, -1]])
            before, after = x[:, :, :first], x[:, :, last + 1 :]
            if not (bool((before == before[:1]).all()) and bool((after == after[:1]).all())):
                return None
            first, last = torch.full((n,), first, device=x.device), torch.full((n,), last, device=x.device)
        else:
            if not bool(((x == unmeasured_input(x, self.mask_channel)[None]) | measured[:, None, :]).all()):
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
            h = shared_run(self, x, plan[1], plan[2])  # (N, steps run, 2H)
            start = torch.full((n,), plan[1], dtype=torch.long, device=device)
            length = torch.full((n,), plan[2] - plan[1] + 1, device=device)
        else:
            h = own_runs(self, x, plan[1], plan[2])  # (N, the longest run, 2H)
            start, length = plan[1], plan[2] - plan[1] + 1
        position = on_all_steps(self, self.head(h), start, length, [NOT_OBSERVED_LOGIT] * self.n_classes)  # (N, K, T)
        usable = self.allowed[None, :, :] & self.step_mask(x)[:, None, :]
        pooled = torch.where(usable, position, torch.full_like(position, -1e4)).logsumexp(dim=2)
        presence = torch.where(usable.any(dim=2), pooled, torch.full_like(pooled, NOT_OBSERVED_LOGIT))
        out = {"position_logits": position, "presence_logits": presence, "usable": usable}
        if self.edge_families:
            # steps not run: "no edge" (family 0) sure, onset offset 0
            nothing = [0.0] + [NOT_OBSERVED_LOGIT] * (self.edge_families - 1) + [0.0]
            edge = on_all_steps(self, self.edge_head(h), start, length, nothing)  # (N, F + 1, T)
            out["family_logits"], out["onset_offset"] = edge[:, :-1], edge[:, -1]
        return out
