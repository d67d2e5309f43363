"""The network's arithmetic: float32, or bfloat16 under torch's autocast.

``precision="bfloat16"`` (:func:`~.loading.load_recognizer`,
``identify_edges(precision=...)``, ``eels-edgeid train --precision``) runs the
convolutions, the BiLSTM and the heads in bfloat16 (mixed precision: the
weights stay float32); their outputs are cast back to float32 before the
decoder and the losses.  Faster where the processor has bfloat16
instructions, slower where they are emulated; the answers can differ for a
few spectra.  What was measured is in the user guide ("CPU and GPU") and
``experiments/bf16/``.
"""

from __future__ import annotations

import contextlib

__all__ = ["PRECISIONS", "check_precision", "network_arithmetic", "run_network"]

#: The network's arithmetic: float32 (the default) or bfloat16 (autocast).
PRECISIONS = ("float32", "bfloat16")


def check_precision(precision) -> None:
    """Raise ValueError unless `precision` is one of :data:`PRECISIONS`.

    Parameters
    ----------
    precision : object
        The value to check.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.recognizer.precision import check_precision
    >>> check_precision("bfloat16")
    """
    if not isinstance(precision, str) or precision not in PRECISIONS:
        raise ValueError(
            f"precision must be one of {PRECISIONS} ({PRECISIONS[0]!r} the default; 'bfloat16' is faster on CPUs with "
            f"AVX512-BF16 and on GPUs, and answers can differ slightly), got {precision!r}."
        )


def network_arithmetic(device: str, precision: str):
    """A context manager that runs the network in `precision` on `device`.

    Parameters
    ----------
    device : str
        Torch device the network is on ("cpu", "cuda", "cuda:0" ...).
    precision : {"float32", "bfloat16"}

    Returns
    -------
    context manager
        ``torch.autocast`` to bfloat16, or a context that changes nothing for float32.

    Examples
    --------
    >>> import torch
    >>> from hyperspy_eels_edgeid.recognizer.precision import network_arithmetic
    >>> with network_arithmetic("cpu", "bfloat16"):
    ...     y = torch.nn.Linear(3, 2)(torch.ones(1, 3))
    >>> y.dtype
    torch.bfloat16
    """
    check_precision(precision)
    if precision == "float32":
        return contextlib.nullcontext()
    import torch

    return torch.autocast(torch.device(device).type, dtype=torch.bfloat16)


def run_network(net, x, device: str, precision: str) -> dict:
    """The network's outputs for `x`, computed in `precision`, floating-point ones as float32.

    Parameters
    ----------
    net : EdgeNet
        The network (on `device`).
    x : Tensor
        Its input.
    device : str
        Torch device.
    precision : {"float32", "bfloat16"}

    Returns
    -------
    dict of Tensor

    Examples
    --------
    >>> import torch
    >>> from hyperspy_eels_edgeid.recognizer.network import EdgeNet
    >>> from hyperspy_eels_edgeid.recognizer.precision import run_network
    >>> net = EdgeNet(3, 256, conv_channels=(4, 4), hidden=6, dense=5).eval()
    >>> out = run_network(net, torch.randn(2, 4, 256), "cpu", "bfloat16")
    >>> out["presence_logits"].dtype
    torch.float32
    """
    with network_arithmetic(device, precision):
        out = net(x)
    return {k: v.float() if v.is_floating_point() else v for k, v in out.items()}
