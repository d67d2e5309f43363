"""Quantification after identification: identify_edges -> create_model(GOS="hydrogenic") -> fit -> quantify.

The spectrum is built from exspy's own hydrogenic edges with known
intensities (C : O : Fe = 4 : 2 : 1 in areal density), so that the
quantification result can be checked.  The recognition itself is replaced
by an oracle that reports the true elements (recognition quality is tested
with the trained model elsewhere); everything from ``identify_edges`` on is
the real code path.
"""

from __future__ import annotations

import warnings


import numpy as np
import pytest
from ._identify_helpers import OracleRecognizer, tiny_weights

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.quantification import (
    MicroscopeParametersWarning,
    QuantificationWarning,
    create_model,
    element_intensities,
)

TRUTH = {"C": 4000.0, "O": 2000.0, "Fe": 1000.0}


def _known_composition_spectrum(seed=0):
    import exspy
    import hyperspy.api as hs
    from exspy.components import EELSCLEdge

    n, offset, scale = 1400, 200.0, 0.5
    s = exspy.signals.EELSSpectrum(
        np.ones(n), axes=[{"name": "Energy loss", "units": "eV", "offset": offset, "scale": scale, "size": n}]
    )
    s.set_microscope_parameters(beam_energy=200.0, convergence_angle=10.0, collection_angle=20.0)
    m = s.create_model(auto_background=False, auto_add_edges=False, GOS="hydrogenic")
    background = hs.model.components1D.PowerLaw()
    background.A.value, background.r.value = 5e10, 3.0
    edges = [EELSCLEdge(f"{el}_{'L3' if el == 'Fe' else 'K'}", GOS="hydrogenic") for el in TRUTH]
    m.extend([background, *edges])
    for edge, value in zip(edges, TRUTH.values()):
        edge.intensity.value = value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clean = m.as_signal().data
    s.data = np.random.default_rng(seed).poisson(clean).astype(np.float32)
    s.metadata.General.title = "C-O-Fe, known composition"
    return s


_Oracle = OracleRecognizer


@pytest.fixture
def oracle(monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import identify
    from hyperspy_eels_edgeid.recognizer import loading

    rec = _Oracle(TRUTH)
    for module in (identify, loading):  # identify_edges' model, and loading's for any other caller
        monkeypatch.setattr(module, "load_recognizer", lambda *a, **k: rec)
    return rec


def test_exspy_create_model_after_identify_edges(oracle, capsys):
    s = _known_composition_spectrum()
    table = s.identify_edges()
    assert table.elements == ["C", "Fe", "O"]
    assert s.metadata.Sample.elements == ["C", "Fe", "O"]
    m = s.create_model(GOS="hydrogenic")  # exspy's own method, offline
    assert sorted(c.name for c in m if hasattr(c, "element")) == ["C_K", "Fe_L3", "O_K"]
    m.fit()
    m.quantify()
    assert "Absolute quantification" in capsys.readouterr().out
    found = element_intensities(m)
    for element, value in TRUTH.items():
        assert found[element] == pytest.approx(value, rel=0.05)


def test_create_model_helper_skips_what_hydrogenic_cannot_model(oracle):
    s = _known_composition_spectrum()
    s.identify_edges()
    s.add_elements(["Ba"])  # Ba M4,5 at 781 eV: no K or L edge in the window
    with pytest.raises(ValueError, match="only compute K or L|onlycompute K or L"):
        s.create_model(GOS="hydrogenic")  # exspy fails on the M edge...
    with pytest.warns(QuantificationWarning, match=r"not modelled: Ba \(M"):
        m = create_model(s, GOS="hydrogenic")  # ...the helper leaves Ba out and says so
    m.fit()
    m.quantify()
    found = element_intensities(m)
    assert set(found) == set(TRUTH)
    for element, value in TRUTH.items():
        assert found[element] == pytest.approx(value, rel=0.05)


def test_create_model_helper_explains_what_is_missing():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones(100), axes=[{"units": "eV", "offset": 500, "scale": 1, "size": 100}])
    with pytest.raises(ValueError, match="run s.identify_edges"):
        create_model(s)
    s.add_elements(["O"])
    with pytest.warns(MicroscopeParametersWarning, match="assumed") as record:
        m = create_model(s)  # missing microscope parameters: the defaults, said out loud
    message = str(record[0].message)
    for assumed in ("beam_energy = 200 keV", "convergence_angle = 10 mrad", "collection_angle = 20 mrad"):
        assert assumed in message
    assert "set_microscope_parameters" in message
    assert m["O_K"].E0 == 200.0 and m["O_K"].collection_angle == 20.0


def test_create_model_takes_microscope_parameters_from_metadata():
    import exspy

    s = exspy.signals.EELSSpectrum(np.ones(100), axes=[{"units": "eV", "offset": 500, "scale": 1, "size": 100}])
    s.add_elements(["O"])
    s.set_microscope_parameters(beam_energy=80.0, convergence_angle=0.0, collection_angle=0.0)
    with pytest.warns(MicroscopeParametersWarning) as record:
        m = create_model(s)
    message = str(record[0].message)
    # a zero collection angle is a placeholder: replaced and named; the beam energy and a zero convergence are kept
    assert "collection_angle = 20 mrad (was 0.0)" in message
    assert "beam_energy =" not in message and "convergence_angle =" not in message
    assert m["O_K"].E0 == 80.0 and m["O_K"].collection_angle == 20.0


def test_quantification_with_the_bundled_model():
    """With trained weights: identification of a synthetic spectrum, then the hand-off."""
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    if not read_metadata(None).get("trained", False):
        pytest.skip("the bundled weights are untrained placeholders")
    # several random spectra: a single draw would test one seed's luck, not the model
    found_all = []
    for seed in range(5):
        s = edgeid.data.synthetic_eels(["C", "O"], random_state=seed, energy_axis=(200.0, 0.5, 1400))
        truth = sorted(s.metadata.Sample.elements)
        del s.metadata.Sample.elements
        s.elements = set()
        table = s.identify_edges()
        found_all.append(set(truth) <= set(table.elements))
        if found_all[-1]:
            identified = s
    assert sum(found_all) >= 4, found_all
    s = identified
    m = create_model(s)
    m.fit()
    m.quantify()
