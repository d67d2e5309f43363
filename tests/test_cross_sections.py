"""The bundled DFT GOS table: integrity check, coverage of the edge table, units against exspy's hydrogenic GOS."""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pytest

from hyperspy_eels_edgeid import cross_sections
from hyperspy_eels_edgeid.cross_sections import CrossSectionFileError, gos_file_path, verify_gos_file
from hyperspy_eels_edgeid.edges import all_edge_groups, onset_energy

#: (subshell name, onset) of every subshell the project's edge table lists with an onset of 40-4000 eV
TABLE_SUBSHELLS = sorted(
    {(f"{g.element}_{s}", o) for g in all_edge_groups() for s, o in zip(g.subshells, g.onsets) if 40.0 <= o <= 4000.0}
)
FAMILIES = sorted({name.partition("_")[2] for name, _ in TABLE_SUBSHELLS})


def _edge(name, GOS="dft", E0=200.0, beta=20.0):
    from exspy.components import EELSCLEdge

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        edge = EELSCLEdge(name, GOS=GOS, gos_file_path=str(gos_file_path()) if GOS == "dft" else None)
        edge.set_microscope_parameters(E0=E0, alpha=0.0, beta=beta, energy_scale=0.5)
    return edge


def _integral(edge, start, stop):
    """Cross-section summed over [start, stop) eV (absolute energies) at 0.5 eV steps."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(np.sum(edge.function(np.arange(start, stop, 0.5))))


def test_the_table_lists_subshells_of_every_family():
    # guards the parametrisation below: an empty edge table would make the coverage test vacuous
    assert len(TABLE_SUBSHELLS) > 300
    assert {"K", "L3", "L2", "L1", "L2,3", "M5", "M4", "M3", "M2", "N5", "N4"} <= set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_listed_subshell_builds_from_the_bundled_file(family):
    """Each subshell of the family: an EELSCLEdge from the bundled table, finite and positive past its onset."""
    bad = []
    for name, onset in TABLE_SUBSHELLS:
        if name.partition("_")[2] != family:
            continue
        try:
            edge = _edge(name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sigma = np.asarray(edge.function(onset + np.arange(1.0, 300.0, 1.0)))
            if edge.onset_energy.value != pytest.approx(onset) or not (np.all(np.isfinite(sigma)) and sigma.min() > 0):
                bad.append(f"{name}: onset {edge.onset_energy.value}, min {sigma.min():.3g}")
        except Exception as exc:  # noqa: BLE001 - report every failing subshell at once
            bad.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not bad, bad


@pytest.mark.parametrize("E0, beta", [(200.0, 20.0), (60.0, 5.0), (300.0, 100.0)])
def test_k_edges_c_to_p_match_hydrogenic_within_5_percent(E0, beta):
    ratios = {}
    for element in ["C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P"]:
        onset = onset_energy(f"{element}_K")
        dft = _integral(_edge(f"{element}_K", "dft", E0, beta), onset + 50, onset + 150)
        hydrogenic = _integral(_edge(f"{element}_K", "hydrogenic", E0, beta), onset + 50, onset + 150)
        ratios[element] = dft / hydrogenic
    assert all(0.95 <= r <= 1.05 for r in ratios.values()), ratios


def test_l_edges_match_hydrogenic_within_a_factor_2():
    """exspy's hydrogenic L3 is the whole L shell: compared with the table's L3 + L2 + L1."""
    from exspy._misc.elements import elements

    ratios = {}
    for name, onset in TABLE_SUBSHELLS:
        element, _, shell = name.partition("_")
        shells = elements[element]["Atomic_properties"]["Binding_energies"]
        if shell != "L3" or onset + 150 > 4000:
            continue
        window = (onset + 50, onset + 150)
        dft = sum(_integral(_edge(f"{element}_{s}"), *window) for s in ("L3", "L2", "L1") if s in shells)
        ratios[element] = dft / _integral(_edge(name, "hydrogenic"), *window)
    assert len(ratios) >= 20, sorted(ratios)
    assert all(0.5 <= r <= 2.0 for r in ratios.values()), ratios


@pytest.fixture
def damaged_copies(tmp_path):
    original = cross_sections.BUNDLED
    truncated = tmp_path / "truncated" / "edge_gos.gosh"
    truncated.parent.mkdir()
    with open(original, "rb") as src, open(truncated, "wb") as dst:
        dst.write(src.read(original.stat().st_size // 2))
    altered = tmp_path / "altered" / "edge_gos.gosh"
    altered.parent.mkdir()
    shutil.copyfile(original, altered)
    with open(altered, "r+b") as f:  # one byte changed in the middle: same size, other checksum
        f.seek(original.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0xFF]))
    return {"truncated": truncated, "altered": altered, "missing": tmp_path / "nothing" / "edge_gos.gosh"}


def test_bundled_file_passes_its_check():
    assert verify_gos_file(cross_sections.BUNDLED) == cross_sections.BUNDLED
    assert gos_file_path() == cross_sections.BUNDLED


@pytest.mark.parametrize(
    "damage, message", [("truncated", "bytes, expected"), ("altered", "altered"), ("missing", "missing")]
)
def test_damaged_table_gives_a_clear_error(damaged_copies, monkeypatch, damage, message):
    path = damaged_copies[damage]
    with pytest.raises(CrossSectionFileError, match=message) as info:
        verify_gos_file(path)
    assert str(path) in str(info.value)
    # the package's accessor (and so create_model) refuses it too
    monkeypatch.setattr(cross_sections, "BUNDLED", path)
    with pytest.raises(CrossSectionFileError, match=message):
        gos_file_path()


@pytest.mark.parametrize("name", ["O_K", "Fe_L3", "Fe_L1", "Sn_M5", "La_M4", "Al_L2,3"])
@pytest.mark.parametrize("E0, beta", [(200.0, 20.0), (60.0, 5.0), (300.0, 100.0)])
def test_q_integration_matches_exspy(name, E0, beta):
    """continua.subshell_cross_section gives exspy's EELSCLEdge(GOS="dft") cross-section with the bundled table."""
    from hyperspy_eels_edgeid.cross_sections.continua import subshell_cross_section

    energy, sigma = subshell_cross_section(name, [E0], [beta])
    edge = _edge(name, "dft", E0, beta)
    edge.intensity.value = 1.0
    first = energy < energy[0] + 300
    reference = edge.function(energy[first] + 1e-6)
    np.testing.assert_allclose(sigma[0, first], reference, rtol=2e-3)


def test_q_integration_knows_what_the_table_lacks():
    from hyperspy_eels_edgeid.cross_sections.continua import has_table, subshell_cross_section

    assert has_table("Fe_L3") and not has_table("H_K")
    with pytest.raises(ValueError, match="H_K"):
        subshell_cross_section("H_K", [200.0], [20.0])
