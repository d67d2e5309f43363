"""The settings of one ``identify_edges`` run, checked once and passed as one object."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._device import check_device
from ._validation import check_pixel_fraction, check_threshold

__all__ = ["IdentifySettings"]


@dataclass(frozen=True)
class IdentifySettings:
    """The options of :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`, checked.

    Parameters
    ----------
    threshold : float or None
        Global decision threshold, or None for the model's per-element ones.
    pixel_fraction : float
        Fraction of the valid pixels that must show an element.
    add_elements : bool or None
        Whether to call ``signal.add_elements`` (None: the default rule).
    weights : path or None
        Model directory (None: the bundled model).
    device : str
        The requested device (see :mod:`hyperspy_eels_edgeid._device`); after
        :meth:`with_device`, the resolved one.
    batch_size : int or None
        Spectra per forward pass (None: sized to the device).
    nonfinite : {"raise", "mask"}
        What to do with NaN or infinite values.
    lazy_output : bool or None
        Whether a spectrum image's result is lazy.
    navigation_chunks : "auto", int or tuple
        Navigation chunks of the dask array the network is mapped over.
    show_progressbar : bool
        Whether to show a progress bar (already resolved from the preferences).

    Raises
    ------
    ValueError
        For an invalid option value.
    """

    threshold: float | None
    pixel_fraction: float
    add_elements: bool | None
    weights: object
    device: str
    batch_size: int | None
    nonfinite: str
    lazy_output: bool | None
    navigation_chunks: object
    show_progressbar: bool

    def __post_init__(self) -> None:
        check_threshold(self.threshold)
        check_pixel_fraction(self.pixel_fraction)
        for name in ("add_elements", "lazy_output"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (bool, np.bool_)):
                raise ValueError(f"{name} must be True, False or None (the default rule), got {value!r}.")
        chunks = self.navigation_chunks
        if not (isinstance(chunks, str) and chunks == "auto"):
            entries = chunks if isinstance(chunks, tuple) else (chunks,)
            if not entries or not all(usable_chunk(c) for c in entries):
                raise ValueError(
                    "navigation_chunks must be 'auto', a positive integer (-1 or None: the whole axis), or a tuple "
                    f"of such values or of block sizes, one per navigation axis; got {chunks!r}."
                )
        check_device(self.device)
        if self.nonfinite not in ("raise", "mask"):
            raise ValueError(f"nonfinite must be 'raise' or 'mask', got {self.nonfinite!r}.")
        size = self.batch_size
        if size is not None and (not isinstance(size, (int, np.integer)) or size < 1):
            raise ValueError(f"batch_size must be a positive integer or None (sized to the device), got {size!r}.")

    @property
    def weights_path(self) -> str | None:
        """The model directory as a string (None for the bundled model)."""
        return None if self.weights is None else str(self.weights)


def usable_chunk(c) -> bool:
    """Whether dask's ``normalize_chunks`` takes `c` for one axis: a size, -1/None/"auto", or block sizes.

    Parameters
    ----------
    c : int, None, str or tuple of int
        One navigation axis's entry of ``navigation_chunks``.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.settings import usable_chunk
    >>> usable_chunk(-1), usable_chunk((2, 3)), usable_chunk(0)
    (True, True, False)
    """
    if c is None or (isinstance(c, str) and c == "auto"):
        return True
    if isinstance(c, tuple):
        return len(c) > 0 and all(isinstance(b, (int, np.integer)) and not isinstance(b, bool) and b >= 1 for b in c)
    return isinstance(c, (int, np.integer)) and not isinstance(c, bool) and (c >= 1 or c == -1)
