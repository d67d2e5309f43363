"""Synthetic EELS signals, as ``hyperspy_eels_edgeid.data`` (the place exspy keeps its data generators).

The code lives in :mod:`hyperspy_eels_edgeid.hyperspy.data`; this module only names it.

Examples
--------
>>> from hyperspy_eels_edgeid.data import synthetic_eels
>>> synthetic_eels(elements=["O"], random_state=0).metadata.Signal.signal_type
'EELS'
"""

from .hyperspy.data import synthesize_database, synthetic_eels, synthetic_low_loss

__all__ = ["synthetic_eels", "synthetic_low_loss", "synthesize_database"]
