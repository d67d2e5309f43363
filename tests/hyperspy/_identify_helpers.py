"""Small signals and a tiny untrained model for the tests of identify_edges."""

from __future__ import annotations

import functools
import tempfile

import numpy as np

OFFSET, SCALE, CHANNELS = 400.0, 0.5, 1024


@functools.lru_cache(maxsize=1)
def tiny_weights() -> str:
    """A tiny random model (same label space and grid as the bundled one), written once per test process."""
    from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer

    directory = tempfile.mkdtemp(prefix="edgeid-tiny-")
    return str(save_untrained_recognizer(directory, seed=0, conv_channels=[4, 4, 4, 4], hidden=8, dense=8))


@functools.lru_cache(maxsize=4)
def _spectra(n: int, seed: int) -> np.ndarray:
    from hyperspy_eels_edgeid.synthesis import synthesize_batch

    batch = synthesize_batch(n, rng=seed, elements=["Fe", "O"], energy_axis=(OFFSET, SCALE, CHANNELS))
    return batch.spectra


def energy_axis(**kw) -> dict:
    return {
        "name": "Energy loss",
        "units": "eV",
        "offset": OFFSET,
        "scale": SCALE,
        "size": CHANNELS,
        "navigate": False,
    } | kw


def spectrum(seed: int = 0, **axis_kw):
    """A single Fe+O core-loss EELSSpectrum (400-911.5 eV)."""
    import exspy

    s = exspy.signals.EELSSpectrum(_spectra(1, seed)[0].copy(), axes=[energy_axis(**axis_kw)])
    s.metadata.General.title = "FeO spectrum"
    return s


def spectrum_image(shape=(6, 5), seed: int = 1):
    """A (x, y) = `shape` EELSSpectrum image with different spectra per pixel."""
    import exspy

    n = int(np.prod(shape))
    data = _spectra(n, seed).reshape(shape[::-1] + (CHANNELS,)).copy()
    nav = [
        {"name": name, "units": "nm", "offset": 0.0, "scale": scale, "size": size, "navigate": True}
        for name, scale, size in zip(("y", "x"), (0.25, 0.5), shape[::-1])
    ]
    s = exspy.signals.EELSSpectrum(data, axes=nav + [energy_axis()])
    s.metadata.General.title = "FeO map"
    return s


class OracleRecognizer:
    """A recognizer that reports the given elements wherever they are observable (the tiny model's axes)."""

    def __init__(self, present):
        import numpy as np

        from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

        self._base = load_recognizer(tiny_weights(), device="cpu")
        self.elements, self.grid, self.thresholds = self._base.elements, self._base.grid, self._base.thresholds
        self.decoder, self.metadata = self._base.decoder, self._base.metadata
        self._present = np.isin(self.elements, list(present))

    def predict(self, energy, spectra, *, batch_size=None, candidates=None, thresholds=None, edge_support=False):
        import dataclasses

        import numpy as np

        base = self._base.predict(energy, spectra, batch_size=batch_size, edge_support=edge_support)
        p = np.where(self._present & base.observable, 0.99, 0.01).astype(np.float32)
        return dataclasses.replace(base, probabilities=p, explained_by=np.full(p.shape, -1))

    def other_edges(self, prediction, k, row=0):
        return self._base.other_edges(prediction, k, row)

    def unnamed_edges(self, prediction, row=0, thresholds=None):
        return self._base.unnamed_edges(prediction, row, thresholds)

