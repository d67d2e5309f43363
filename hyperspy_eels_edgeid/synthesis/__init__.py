"""Forward model of core-loss EELS spectra (see :mod:`.generator`)."""

from .config import PAPER_JUMP_RATIO_MAX, SynthesisConfig
from .generator import EDGE_DTYPE, PARAMETER_NAMES, SpectrumBatch, synthesize_batch

__all__ = [
    "SynthesisConfig",
    "PAPER_JUMP_RATIO_MAX",
    "SpectrumBatch",
    "synthesize_batch",
    "EDGE_DTYPE",
    "PARAMETER_NAMES",
]
