"""hyperspy_eels_edgeid: find and identify core-loss ionization edges in EELS spectra.

Importing the package adds :meth:`identify_edges` to exspy's
``EELSSpectrum`` (and so to ``LazyEELSSpectrum``).  Torch is imported only
when a model is used, so the import stays light.

Examples
--------
>>> import hyperspy_eels_edgeid as edgeid
>>> s = edgeid.data.synthetic_eels(elements=["Fe", "O"], random_state=0)
>>> hasattr(s, "identify_edges")
True
"""

from __future__ import annotations

import importlib

from .hyperspy._registration import register_signal_methods

__version__ = "0.1.0"

__all__ = ["identify_edges", "supported_elements", "data", "edges", "synthesis", "__version__"]

_SUBMODULES = {"data", "edges", "synthesis", "recognizer", "hyperspy"}


def identify_edges(signal, **kwargs):
    """Identify the ionization edges of an EELS signal.

    The same as ``signal.identify_edges(**kwargs)``; see
    :func:`hyperspy_eels_edgeid.hyperspy.identify.identify_edges` for the parameters.

    Parameters
    ----------
    signal : exspy.signals.EELSSpectrum
        The spectrum, line scan or spectrum image.
    **kwargs
        The options of :func:`hyperspy_eels_edgeid.hyperspy.identify.identify_edges`.
    """
    from .hyperspy.identify import identify_edges as _identify_edges

    return _identify_edges(signal, **kwargs)


def supported_elements() -> list[str]:
    """Elements the bundled recognizer can report, sorted by atomic number.

    See :func:`hyperspy_eels_edgeid.recognizer.inference.supported_elements`.
    """
    from .recognizer.inference import supported_elements as _supported_elements

    return _supported_elements()


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)


register_signal_methods()
