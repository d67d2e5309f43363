"""Shared by the quantification tests: a network block and spectra built from the bundled table's continua."""

from __future__ import annotations

import socket
import warnings

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d


class NetworkBlocked(RuntimeError):
    """Raised by every network entry point while the `offline` fixture is active."""


@pytest.fixture
def offline(monkeypatch):
    """Block sockets, pooch, urllib and requests: any download attempt raises NetworkBlocked."""
    import urllib.request

    import pooch

    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(pooch, "retrieve", refuse)
    try:
        import requests

        monkeypatch.setattr(requests.Session, "request", refuse)
    except ImportError:
        pass


def _edges(model):
    return {c.name: c for c in model if hasattr(c, "element")}


def known_spectrum(truth, seed=0, axis=(450.0, 0.5, 1300), white=3.0, thickness=0.0):
    """A spectrum from the bundled table's continua with known intensities, plus white lines, background, noise.

    White lines: a Lorentzian (HWHM 1 eV) 2 eV past each white-line onset, of
    area `white` x (the edge's cross-section 15 eV past its onset) x 10 eV;
    with `thickness` (t/lambda) > 0, plural scattering of the edges by a
    Gaussian plasmon at 25 eV (FWHM 8 eV), and the matching low-loss spectrum
    in ``s.tmp_parameters.low_loss``; then a 1 eV Gaussian broadening and
    Poisson noise.
    """
    import exspy
    import hyperspy.api as hs

    from hyperspy_eels_edgeid.cross_sections import gos_file_path
    from hyperspy_eels_edgeid.cross_sections.white_lines import has_white_lines

    offset, scale, n = axis
    s = exspy.signals.EELSSpectrum(
        np.ones(n), axes=[{"name": "Energy loss", "units": "eV", "offset": offset, "scale": scale, "size": n}]
    )
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    s.add_elements(list(truth))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = s.create_model(auto_background=False, GOS="dft", gos_file_path=str(gos_file_path()))
        for c in _edges(m).values():
            if c.intensity.twin is None:
                c.intensity.value = truth[c.element]
        clean = m.as_signal().data.copy()
    energy = s.axes_manager.signal_axes[0].axis
    # added here: a PowerLaw appended to the EELS model above is left out of its as_signal (HyperSpy 2.5)
    background = hs.model.components1D.PowerLaw()
    background.A.value, background.r.value = 2e10, 3.0
    clean += background.function(energy) * scale  # counts per channel
    for c in _edges(m).values():
        if has_white_lines(c.name):
            onset = c.onset_energy.value
            area = white * c.function(np.array([onset + 15.0]))[0] * 10.0
            clean += area / np.pi / ((energy - onset - 2.0) ** 2 + 1.0)
    if thickness > 0:
        from scipy.stats import poisson

        x = np.arange(0.0, 150.0, scale)
        plasmon = np.exp(-0.5 * ((x - 25.0) / (8.0 / 2.355)) ** 2)
        plasmon /= plasmon.sum()
        series, term = np.zeros_like(x), np.zeros_like(x)
        series[0] = term[0] = poisson.pmf(0, thickness)
        term[0] = 1.0
        for k in range(1, 5):
            term = np.convolve(term, plasmon)[: x.size]
            series += poisson.pmf(k, thickness) * term
        edges_only = clean - background.function(energy) * scale
        clean = background.function(energy) * scale + np.convolve(edges_only, series / series.sum())[:n]
        pre = int(20.0 / scale)
        s.tmp_parameters.low_loss = exspy.signals.EELSSpectrum(
            np.concatenate([np.zeros(pre), series]) * 1e6,
            axes=[{"units": "eV", "offset": -pre * scale, "scale": scale, "size": pre + x.size}],
        )
    clean = gaussian_filter1d(clean, 1.0 / 2.355 / scale, mode="nearest")
    s.data = np.random.default_rng(seed).poisson(np.maximum(clean, 0.0)).astype(np.float32)
    return s
