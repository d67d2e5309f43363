"""The network's arithmetic: float32, or bfloat16 under torch's autocast.

``precision="bfloat16"`` (:func:`~.inference.load_recognizer`,
``identify_edges(precision=...)``) runs the convolutions, the BiLSTM and the
heads in bfloat16; their outputs are cast back to float32 before the decoder.
On the development machine's CPU (AMD EPYC with AVX512-BF16) the network ran
about 1.6 times as fast, and 20 of 3,000 default synthetic spectra got a
different set of elements, F1 0.880 -> 0.879 (``experiments/bf16/``).  On a
CPU without bfloat16 instructions it can be slower than float32.
"""

from __future__ import annotations

import contextlib

__all__ = ["PRECISIONS", "check_precision", "network_arithmetic"]

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
            f"precision must be 'float32' (the default) or 'bfloat16' (faster on CPUs with AVX512-BF16 and on "
            f"GPUs; answers can differ slightly), got {precision!r}."
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
