"""The package's one progress-bar rule: ``show_progressbar=None`` follows ``hs.preferences``.

Used by every wing (the database writer, ``identify_edges``, training and
evaluation), so it lives at the base of the package and imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from hyperspy.docstrings.signal import SHOW_PROGRESSBAR_ARG

__all__ = ["show_progressbar", "progress_bar", "SHOW_PROGRESSBAR_DOC"]

#: HyperSpy's own wording of the ``show_progressbar`` option (as exspy uses it), indented for the
#: docstring of a module-level function: ``f.__doc__ = f.__doc__.replace("%s", SHOW_PROGRESSBAR_DOC, 1)``.
SHOW_PROGRESSBAR_DOC = SHOW_PROGRESSBAR_ARG.replace("\n            ", "\n        ")


def show_progressbar(value: bool | None) -> bool:
    """Whether to show a progress bar.

    Parameters
    ----------
    value : bool or None
        An explicit choice, or None for
        ``hs.preferences.General.show_progressbar`` (as HyperSpy's own
        functions do).

    Returns
    -------
    bool

    Examples
    --------
    >>> from hyperspy_eels_edgeid._progress import show_progressbar
    >>> show_progressbar(False), show_progressbar(1)
    (False, True)
    """
    if value is not None:
        return bool(value)
    import hyperspy.api as hs

    return bool(hs.preferences.General.show_progressbar)


def progress_bar(iterable: Iterable | None = None, *, show: bool | None, desc: str, **tqdm_options):
    """A tqdm progress bar, shown or not by :func:`show_progressbar`.

    Parameters
    ----------
    iterable : iterable, optional
        What to iterate over; None for a bar updated by hand (``total``,
        ``initial``, ``update``).
    show : bool or None
        See :func:`show_progressbar`.
    desc : str
        The bar's label.
    **tqdm_options
        Passed to ``tqdm.auto.tqdm`` (``total``, ``initial``, ``unit``, ``leave``, ``mininterval`` ...).

    Returns
    -------
    tqdm.auto.tqdm
        Disabled (iterating and updating without output) when not shown.
    """
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, disable=not show_progressbar(show), **tqdm_options)
