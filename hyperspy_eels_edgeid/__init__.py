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
from .hyperspy.identify import identify_edges
from .recognizer.loading import supported_elements

__version__ = "0.1.0"

__all__ = ["identify_edges", "supported_elements", "data", "edges", "synthesis", "__version__"]

_SUBMODULES = {"data", "edges", "synthesis", "recognizer", "hyperspy"}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | _SUBMODULES)  # the public names, not this module's own imports


register_signal_methods()
