"""The package's one device rule: ``"auto"``, ``"cpu"`` or ``"cuda"`` (``"cuda:N"``), and what happens without CUDA.

``"auto"`` is CUDA when torch sees a GPU, else the CPU.  ``"cuda"`` on a
machine without CUDA raises :class:`DeviceUnavailableError` (loading a model,
training), or, where a caller asks for the fallback (``identify_edges``),
warns with :class:`DeviceFallbackWarning` and uses the CPU.  Torch is
imported only when a device is resolved.
"""

from __future__ import annotations

import warnings

__all__ = ["DeviceUnavailableError", "DeviceFallbackWarning", "check_device", "resolve_device", "device_kind"]


class DeviceUnavailableError(RuntimeError, ValueError):
    """The requested torch device does not exist here (e.g. ``"cuda"`` on a machine without CUDA)."""


class DeviceFallbackWarning(UserWarning):
    """CUDA was requested but is not available; the CPU is used instead."""


def check_device(device) -> None:
    """Raise ``ValueError`` unless `device` is ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    Parameters
    ----------
    device : str
        The requested device.

    Examples
    --------
    >>> from hyperspy_eels_edgeid._device import check_device
    >>> check_device("cuda:1")
    >>> check_device("gpu")
    Traceback (most recent call last):
    ...
    ValueError: device must be 'auto', 'cpu' or 'cuda' (or 'cuda:N'), got 'gpu'.
    """
    if not isinstance(device, str) or not (device in ("auto", "cpu") or device.startswith("cuda")):
        raise ValueError(f"device must be 'auto', 'cpu' or 'cuda' (or 'cuda:N'), got {device!r}.")


def resolve_device(device: str, *, fallback: bool = False, stacklevel: int = 2) -> str:
    """The torch device to use for a requested one.

    Parameters
    ----------
    device : {"auto", "cpu", "cuda", "cuda:N"}
        The requested device.
    fallback : bool
        Without CUDA, ``"cuda"`` gives ``"cpu"`` with a
        :class:`DeviceFallbackWarning` (True) or raises
        :class:`DeviceUnavailableError` (False).
    stacklevel : int
        Stack level of the warning, counted from the caller of this function.

    Returns
    -------
    str
        ``"cpu"`` or the CUDA device.

    Examples
    --------
    >>> from hyperspy_eels_edgeid._device import resolve_device
    >>> resolve_device("cpu")
    'cpu'
    """
    check_device(device)
    if device == "cpu":
        return device
    import torch

    available = torch.cuda.is_available()
    if device == "auto":
        return "cuda" if available else "cpu"
    if available:
        return device
    if not fallback:
        raise DeviceUnavailableError(
            f"device={device!r}: CUDA is not available here (torch {torch.__version__}); use 'cpu' or 'auto'."
        )
    warnings.warn(
        f"device={device!r} was requested but CUDA is not available (torch {torch.__version__}); "
        "identifying edges on the CPU instead. Pass device='cpu' to silence this warning.",
        DeviceFallbackWarning,
        stacklevel=stacklevel + 1,
    )
    return "cpu"


def device_kind(device: str) -> str:
    """``"cuda"`` or ``"cpu"``: the kind of a device returned by :func:`resolve_device`.

    Parameters
    ----------
    device : str
        A resolved device (``"cpu"``, ``"cuda"`` or ``"cuda:N"``).

    Examples
    --------
    >>> from hyperspy_eels_edgeid._device import device_kind
    >>> device_kind("cuda:1"), device_kind("cpu")
    ('cuda', 'cpu')
    """
    return "cuda" if device.startswith("cuda") else "cpu"
