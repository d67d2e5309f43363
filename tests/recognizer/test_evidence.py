"""The evidence reader on hand-built network outputs (no network involved)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from hyperspy_eels_edgeid.edges import edge_groups_of  # noqa: E402
from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder  # noqa: E402
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES, element_edge_families  # noqa: E402
from hyperspy_eels_edgeid.recognizer.evidence import EvidenceReader  # noqa: E402

ELEMENTS = ["Nb", "Ca"]
STEPS = np.arange(100.0, 1000.0, 8.0)


def _principal(element):
    return [onset for onset, _, principal in element_edge_families(element) if principal]


def _outputs(edges: dict, found: dict):
    """Network outputs with edges of given families (`edges`: onset -> family name) and element onsets."""
    t = STEPS.size
    family_logits = torch.full((1, len(FAMILIES), t), -6.0)
    family_logits[0, 0] = 6.0  # "no edge" everywhere ...
    for onset, family in edges.items():  # ... but where an edge is
        step = int(np.argmin(np.abs(STEPS - onset)))
        family_logits[0, 0, step] = -6.0
        family_logits[0, FAMILIES.index(family), step] = 6.0
    position = torch.full((1, len(ELEMENTS), t), -5.0)
    for element, onset in found.items():
        position[0, ELEMENTS.index(element), int(np.argmin(np.abs(STEPS - onset)))] = 5.0
    return {
        "position_logits": position,
        "usable": torch.ones((1, len(ELEMENTS), t), dtype=torch.bool),
        "presence_logits": torch.zeros((1, len(ELEMENTS))),
        "family_logits": family_logits,
        "onset_offset": torch.zeros((1, t)),
    }


def _reader():
    onsets = [_principal(e) for e in ELEMENTS]
    decoder = ElementDecoder(ELEMENTS, onsets)
    return EvidenceReader(decoder, STEPS)


def test_companion_support_comes_from_the_elements_other_edges():
    # Nb M4,5 at 205 eV and its M2,3 pair at 363/378 eV, which imitates Ca's L2,3 (346 eV) shifted up
    nb_m3 = next(g.onset for g in edge_groups_of("Nb") if g.name == "M3")
    out = _outputs({202.0: "M45", nb_m3: "M23"}, {"Nb": 202.0, "Ca": nb_m3})
    evidence = _reader().read(out)
    support = dict(zip(ELEMENTS, evidence["companion_support"][0]))
    assert support["Nb"] > 0.9  # the head sees an M2,3 edge where Nb's table puts it
    assert support["Ca"] < 0.05  # Ca's other edge (L1, 438 eV + shift) is not there


def test_companion_support_is_zero_without_the_other_edges():
    out = _outputs({202.0: "M45"}, {"Nb": 202.0, "Ca": 346.0})
    evidence = _reader().read(out)
    assert np.all(evidence["companion_support"] < 0.05)


def test_position_reading_skips_unusable_steps_and_takes_the_first_of_equal_maxima():
    # without an edge head: the best usable step of each element, a parabola through its neighbours
    rng = np.random.default_rng(3)
    t = STEPS.size
    position = torch.from_numpy(rng.normal(size=(4, len(ELEMENTS), t)).astype(np.float32))
    usable = torch.from_numpy(rng.random((4, len(ELEMENTS), t)) < 0.7)
    position[0, 0, 10] = position[0, 0, 20] = 50.0  # a tie: the first step wins
    position[1, 1, 30] = 99.0  # the largest value, but on a step that was not measured
    usable[0, 0, [10, 20]] = True
    usable[1, 1, 30] = False
    out = {"position_logits": position, "usable": usable, "presence_logits": torch.zeros((4, len(ELEMENTS)))}
    evidence = _reader().read(out)
    masked = np.where(usable.numpy(), position.numpy(), -1e4)
    best = masked.argmax(axis=2)
    assert best[0, 0] == 10 and best[1, 1] != 30
    assert np.allclose(np.round((evidence["onsets"] - STEPS[0]) / 8.0), best)  # within half a step of it
    np.testing.assert_array_equal(evidence["seen"], usable.numpy().any(axis=2))
