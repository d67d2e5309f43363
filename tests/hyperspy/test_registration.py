"""``identify_edges`` on every way an EELS signal is made, and our signal classes in HyperSpy's registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from ._identify_helpers import spectrum, tiny_weights

import hyperspy_eels_edgeid
from hyperspy_eels_edgeid.hyperspy import _registration
from hyperspy_eels_edgeid.hyperspy.signals import EELSEdgeProbabilities, LazyEELSEdgeProbabilities

REPO = Path(__file__).resolve().parents[2]


def _is_ours(method) -> bool:
    return getattr(method, _registration._OWNER_FLAG, False)


def test_eels_spectrum_built_directly():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones(64))
    assert _is_ours(type(s).identify_edges)
    assert callable(s.identify_edges)


def test_lazy_eels_spectrum_inherits_the_method():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones((2, 64))).as_lazy()
    assert isinstance(s, exspy.signals.LazyEELSSpectrum)
    assert _is_ours(type(s).identify_edges)


def test_set_signal_type_eels():
    import hyperspy.api as hs

    s = hs.signals.Signal1D(np.ones(64))
    assert not hasattr(s, "identify_edges")
    s.set_signal_type("EELS")
    assert _is_ours(type(s).identify_edges)


def test_hs_load_msa_and_identify(tmp_path):
    import hyperspy.api as hs

    spectrum().save(tmp_path / "spectrum.msa")
    s = hs.load(tmp_path / "spectrum.msa")
    assert s.metadata.Signal.signal_type == "EELS"
    table = s.identify_edges(weights=tiny_weights(), add_elements=False)
    assert table.probabilities.data.shape == (len(hyperspy_eels_edgeid.supported_elements()),)


@pytest.mark.parametrize("lazy", [False, True])
def test_hs_load_hspy(tmp_path, lazy):
    import exspy
    import hyperspy.api as hs

    spectrum().save(tmp_path / "spectrum.hspy")
    s = hs.load(tmp_path / "spectrum.hspy", lazy=lazy)
    assert isinstance(s, exspy.signals.LazyEELSSpectrum if lazy else exspy.signals.EELSSpectrum)
    assert _is_ours(type(s).identify_edges)
    table = s.identify_edges(weights=tiny_weights(), add_elements=False)
    assert np.isfinite(table.probabilities.data).all()


def test_method_docstring_points_to_the_function():
    import exspy

    method = exspy.signals.EELSSpectrum.identify_edges
    assert method.__name__ == "identify_edges"
    assert "identify_edges" in method.__doc__


def test_registration_is_idempotent():
    import exspy

    before = exspy.signals.EELSSpectrum.__dict__["identify_edges"]
    _registration.register_signal_methods()
    _registration.register_signal_methods()
    assert exspy.signals.EELSSpectrum.__dict__["identify_edges"] is before


def test_foreign_method_is_not_overwritten(monkeypatch):
    import exspy

    def identify_edges(self):  # somebody else's
        return "theirs"

    monkeypatch.setattr(exspy.signals.EELSSpectrum, "identify_edges", identify_edges)
    with pytest.raises(_registration.MethodConflictError, match="refusing to overwrite"):
        _registration.register_signal_methods()
    assert exspy.signals.EELSSpectrum.identify_edges is identify_edges


@pytest.mark.parametrize("signal_class", [EELSEdgeProbabilities, LazyEELSEdgeProbabilities])
def test_signal_registration(signal_class):
    """lumispy-style: our classes resolve through set_signal_type."""
    import hyperspy.api as hs

    s = signal_class(np.zeros(3))
    s2 = hs.signals.Signal1D(np.array([0.0, 1.0, 2.0]))
    if s._lazy:
        s2 = s2.as_lazy()
    s2.set_signal_type(s._signal_type)
    assert type(s2) is signal_class


def test_extension_yaml_is_the_single_source():
    import yaml

    top = REPO / "hyperspy_extension.yaml"
    linked = Path(hyperspy_eels_edgeid.__file__).parent / "hyperspy_extension.yaml"
    assert linked.is_symlink() and linked.resolve() == top.resolve()
    spec = yaml.safe_load(top.read_text())
    assert isinstance(spec, dict)
    assert set(spec["signals"]) == {"EELSEdgeProbabilities", "LazyEELSEdgeProbabilities"}
    for name, entry in spec["signals"].items():
        assert entry["module"] == "hyperspy_eels_edgeid.hyperspy.signals"
        assert entry["signal_type"] == EELSEdgeProbabilities._signal_type
        assert entry["lazy"] is name.startswith("Lazy")


def test_loading_a_result_imports_the_extension_in_a_fresh_process(tmp_path):
    """Type-setting our result class imports the package, which adds identify_edges to EELSSpectrum."""
    code = (
        "import numpy as np, hyperspy.api as hs\n"
        "s = hs.signals.Signal1D(np.zeros(3)); s.set_signal_type('EELS_edge_probabilities')\n"
        "print('RESULT', type(s).__module__)\n"
        "from exspy.signals import EELSSpectrum\n"
        "print('RESULT', hasattr(EELSSpectrum, 'identify_edges'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    results = [line.split()[1] for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert results == ["hyperspy_eels_edgeid.hyperspy.signals", "True"]
