"""The settings of one ``identify_edges`` run, checked once and passed as one object."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._device import check_device
from ..edges import is_element
from ..recognizer.decoder import NAMED
from ..recognizer.precision import check_precision
from ._validation import check_flag, check_pixel_fraction, check_threshold

__all__ = ["ADD_MODES", "CONTAMINATION", "IdentifySettings", "element_list"]

#: Ways of writing the detected elements into ``metadata.Sample.elements``.
ADD_MODES = ("replace", "extend")

#: Elements added to a candidate set given with ``elements=``: carbon and oxygen, seen on nearly every
#: specimen as contamination or surface oxide (keep them out with ``exclude=``).
CONTAMINATION = ("C", "O")


def element_list(value, name: str) -> tuple[str, ...] | None:
    """A user's element list as a tuple of symbols (None stays None).

    Parameters
    ----------
    value : str, sequence of str or None
        ``"Fe"``, ``["Fe", "O"]`` ...
    name : str
        The option's name, for the error message.

    Returns
    -------
    tuple of str or None

    Raises
    ------
    ValueError
        For anything but a symbol or a sequence of symbols.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.hyperspy.settings import element_list
    >>> element_list("Fe", "elements"), element_list(["Sr", "Ti"], "elements")
    (('Fe',), ('Sr', 'Ti'))
    """
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value) if hasattr(value, "__iter__") else None
    if items is None or not all(isinstance(e, str) and e for e in items):
        raise ValueError(f"{name} must be a chemical symbol or a list of symbols such as ['Fe', 'O'], got {value!r}.")
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class IdentifySettings:
    """The options of :func:`~hyperspy_eels_edgeid.hyperspy.identify.identify_edges`, checked.

    Parameters
    ----------
    threshold : float or None
        Global decision threshold, or None for the model's per-element ones.
    pixel_fraction : float
        Fraction of the valid pixels that must show an element.
    touching_pixels : bool
        In a spectrum image, also ask two of an element's pixels to touch
        (:mod:`~hyperspy_eels_edgeid.hyperspy.pixel_rule`).
    one_owner_per_edge : bool
        In a line scan or spectrum image, give an edge shared by two detected
        elements to the one shown in more pixels
        (:mod:`~hyperspy_eels_edgeid.hyperspy.pixel_rule`).
    add_elements : bool, {"replace", "extend"} or None
        How to write the detected elements to ``metadata.Sample.elements``
        (True is "replace"; None: the default rule).
    elements : tuple of str or None
        Candidate elements (the answer is restricted to them and to
        :data:`CONTAMINATION`), or None for every supported element.
    exclude : tuple of str
        Elements never reported.
    weights : path, sequence of paths or None
        Model directory (None: the bundled model; a sequence: an ensemble,
        :mod:`~hyperspy_eels_edgeid.recognizer.ensemble`).
    device : str
        The requested device (see :mod:`hyperspy_eels_edgeid._device`); after
        :meth:`with_device`, the resolved one.
    batch_size : int or None
        Spectra per forward pass (None: sized to the device).
    precision : {"float32", "bfloat16"}
        The network's arithmetic (:mod:`~hyperspy_eels_edgeid.recognizer.precision`).
    nonfinite : {"raise", "mask"}
        What to do with NaN or infinite values.
    despike : bool
        Take detector spikes out of the spectra before the network reads them
        (:func:`~hyperspy_eels_edgeid.recognizer.spikes.remove_spikes`).
    background_subtracted : bool
        The signal looks background-subtracted: each spectrum gets a power law back first
        (:mod:`~hyperspy_eels_edgeid.hyperspy.subtracted_background`; decided by ``identify_edges``).
    shift_search : bool
        Decide on the axis shift whose decision fits the table best
        (:mod:`~hyperspy_eels_edgeid.recognizer.shift_search`).
    sum_neighbours : bool
        Read each pixel of a map with its neighbours summed (:mod:`~hyperspy_eels_edgeid.hyperspy.neighbour_sum`).
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
    elements: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    precision: str = "float32"
    despike: bool = True
    background_subtracted: bool = False
    touching_pixels: bool = False
    one_owner_per_edge: bool = True
    shift_search: bool = True
    sum_neighbours: bool = True

    def __post_init__(self) -> None:
        check_threshold(self.threshold)
        check_pixel_fraction(self.pixel_fraction)
        value = self.lazy_output
        if value is not None and not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"lazy_output must be True, False or None (the default rule), got {value!r}.")
        value = self.add_elements
        if value is not None and not isinstance(value, (bool, np.bool_)) and value not in ADD_MODES:
            raise ValueError(
                f"add_elements must be True, False, None (the default rule), 'replace' or 'extend', got {value!r}."
            )
        chunks = self.navigation_chunks
        if not (isinstance(chunks, str) and chunks == "auto"):
            entries = chunks if isinstance(chunks, tuple) else (chunks,)
            if not entries or not all(usable_chunk(c) for c in entries):
                raise ValueError(
                    "navigation_chunks must be 'auto', a positive integer (-1 or None: the whole axis), or a tuple "
                    f"of such values or of block sizes, one per navigation axis; got {chunks!r}."
                )
        check_device(self.device)
        check_precision(self.precision)
        check_flag(self.despike, "despike")
        check_flag(self.shift_search, "shift_search")
        check_flag(self.sum_neighbours, "sum_neighbours")
        check_flag(self.touching_pixels, "touching_pixels")
        check_flag(self.one_owner_per_edge, "one_owner_per_edge")
        if self.nonfinite not in ("raise", "mask"):
            raise ValueError(f"nonfinite must be 'raise' or 'mask', got {self.nonfinite!r}.")
        if self.elements is not None and not len(self.elements):
            raise ValueError("elements: an empty list names no element; give the specimen's elements, or leave "
                             "elements out (None) to look for every supported element.")
        both = sorted(set(self.elements or ()) & set(self.exclude))
        if both:
            raise ValueError(f"elements and exclude both name {', '.join(both)}: name each element in one of them.")
        size = self.batch_size
        if size is not None and (not isinstance(size, (int, np.integer)) or size < 1):
            raise ValueError(f"batch_size must be a positive integer or None (sized to the device), got {size!r}.")

    def add_mode(self, spectrum_image: bool) -> str | None:
        """How to write the detected elements: ``"replace"``, ``"extend"`` or None (not at all).

        Parameters
        ----------
        spectrum_image : bool
            Whether the signal is a line scan or spectrum image (where the
            default writes nothing for a lazy result).

        Returns
        -------
        str or None
        """
        if self.add_elements is None:
            return None if (spectrum_image and self.lazy_output) else "replace"
        if isinstance(self.add_elements, str):
            return self.add_elements
        return "replace" if self.add_elements else None

    def candidates(self, model_elements) -> np.ndarray | None:
        """(K,): the model's elements that may be reported (nonzero), or None for all of them.

        Those named in ``elements`` are marked :data:`~hyperspy_eels_edgeid.recognizer.decoder.NAMED`: the
        decoder applies no prior to them.

        Parameters
        ----------
        model_elements : sequence of str
            The model's elements.

        Returns
        -------
        ndarray of bool (``exclude`` alone) or int8 (``elements``), or None

        Raises
        ------
        ValueError
            For a name that is not a chemical symbol, or a candidate the model cannot report.
        """
        model_elements = list(model_elements)
        for name, given in (("elements", set(self.elements or ())), ("exclude", set(self.exclude))):
            misspelt = sorted(e for e in given if not is_element(e))
            if misspelt:
                hints = [f"{e!r} (did you mean {e.capitalize()!r}?)" if is_element(e.capitalize()) else repr(e)
                         for e in misspelt]  # fmt: skip
                what = "is not a chemical symbol" if len(hints) == 1 else "are not chemical symbols"
                raise ValueError(f"{name}: {', '.join(hints)} {what} of exspy's element database.")
        unsupported = sorted(e for e in set(self.elements or ()) if e not in model_elements)
        if unsupported:  # excluding one changes nothing: it is never reported
            raise ValueError(
                f"elements: {', '.join(unsupported)} cannot be reported by the model, which supports "
                f"{model_elements[0]}-{model_elements[-1]} (hyperspy_eels_edgeid.supported_elements())."
            )
        if self.elements is None and not self.exclude:
            return None
        allowed = set(model_elements) if self.elements is None else set(self.elements) | set(CONTAMINATION)
        allowed -= set(self.exclude)
        if self.elements is None:
            return np.array([e in allowed for e in model_elements])
        # the elements named take no prior (their list is this specimen's); C and O added to them keep theirs
        named = set(self.elements) & allowed
        return np.array([NAMED if e in named else int(e in allowed) for e in model_elements], dtype=np.int8)

    @property
    def weights_path(self) -> str | tuple | None:
        """The model directory as a string (None for the bundled model; a tuple of them for an ensemble)."""
        if isinstance(self.weights, (tuple, list)):
            return tuple(None if w is None else str(w) for w in self.weights)
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
