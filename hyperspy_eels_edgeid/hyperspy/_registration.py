"""Adding ``identify_edges`` to exspy's ``EELSSpectrum``.

HyperSpy's extension mechanism registers signal classes but not methods on
other packages' classes (see ``hyperspy_extension.yaml``), so the method is
attached here, once, when the package is imported.  It is never put over an
attribute that this package does not own.
"""

from __future__ import annotations

import inspect
import warnings

from .identify import identify_edges

__all__ = ["register_signal_methods", "MethodConflictError"]

_OWNER_FLAG = "_hyperspy_eels_edgeid_method"


class MethodConflictError(RuntimeError):
    """``EELSSpectrum`` already has an ``identify_edges`` that is not ours."""


def _identify_edges_method(self, **kwargs):
    return identify_edges(self, **kwargs)


def _document(method) -> None:
    """Give the method the function's docstring and keyword signature (for ``s.identify_edges?`` in Jupyter)."""
    method.__doc__ = identify_edges.__doc__
    parameters = list(inspect.signature(identify_edges).parameters.values())[1:]
    self = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    method.__signature__ = inspect.Signature([self, *parameters])


def register_signal_methods() -> None:
    """Attach ``identify_edges`` to ``exspy.signals.EELSSpectrum`` (idempotent).

    Raises
    ------
    MethodConflictError
        If the class already has an ``identify_edges`` this package did not put there.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from exspy.signals import EELSSpectrum

    existing = EELSSpectrum.__dict__.get("identify_edges")
    if existing is not None:
        if getattr(existing, _OWNER_FLAG, False):
            return
        raise MethodConflictError(
            "exspy's EELSSpectrum already has an 'identify_edges' attribute that hyperspy_eels_edgeid did not "
            "add; refusing to overwrite it. Call hyperspy_eels_edgeid.identify_edges(signal) instead."
        )
    method = _identify_edges_method
    method.__name__ = "identify_edges"
    method.__qualname__ = "EELSSpectrum.identify_edges"
    _document(method)
    setattr(method, _OWNER_FLAG, True)
    EELSSpectrum.identify_edges = method
