"""Edge shape families and the edge-level training targets."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.edges import all_edge_groups
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES, element_edge_families, family_index
from hyperspy_eels_edgeid.recognizer.network import n_steps
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.workflows.training_data import IGNORE, edge_targets, grid_and_space


def test_every_edge_group_has_a_family():
    families = {FAMILIES[family_index(g.element, g.name)] for g in all_edge_groups()}
    assert "none" not in families
    assert {"K", "L23_white", "L23", "L1", "M45_white", "M45", "M23"} <= families


@pytest.mark.parametrize(
    "element, group, family",
    [("N", "K", "K"), ("Sc", "L3", "L23_white"), ("Cd", "M5", "M45"), ("Ga", "L3", "L23"), ("La", "M3", "M23"),
     ("Gd", "M5", "M45_white"), ("Ca", "L1", "L1")],
)  # fmt: skip
def test_confusable_edges_fall_into_different_families(element, group, family):
    assert FAMILIES[family_index(element, group)] == family


def test_element_edge_families_marks_principal_edges():
    la = element_edge_families("La")
    assert [(FAMILIES[f], p) for _, f, p in la] == [("N45", False), ("M45_white", True), ("M23", False)]


def _targets(elements, window=(300.0, 1000.0), seed=0):
    cfg = SynthesisConfig(shift=0.0, expansion=0.0, window_start=(window[0], window[0]), dispersion=0.25,
                          n_channels=int((window[1] - window[0]) / 0.25), jump_ratio_min=0.5, shot_noise=False)  # fmt: skip
    batch = synthesize_batch(1, cfg, np.random.default_rng(seed), elements=[elements])
    grid, _ = grid_and_space()
    mask = resample_batch(batch, grid)[1]
    return batch, grid, edge_targets(batch, mask, grid, 32, n_steps(grid.size))


def test_edge_targets_mark_principal_and_secondary_edges_at_their_steps():
    batch, grid, t = _targets(["Ca", "O"])
    step = grid[::32][: n_steps(grid.size)]
    family = t["edge_family"][0]
    for element, group, onset in [("Ca", "L3", 346.0), ("O", "K", 532.0), ("Ca", "L1", 438.0)]:
        row = batch.edges[(batch.edges["element"] == element) & (batch.edges["edge"] == group)][0]
        s = np.abs(step - row["onset"]).argmin()
        if row["psnr"] >= 3:
            assert FAMILIES[family[s]] == FAMILIES[family_index(element, group)]
            assert t["edge_offset_weight"][0, s] == 1.0
            # the offset puts the onset back within the step
            np.testing.assert_allclose(step[s] + t["edge_offset"][0, s] * 8.0, row["onset"], atol=1e-3)
        else:
            assert family[s] == IGNORE
    # steps outside the window are ignored, steps far from any edge are "none"
    assert (family[step < 290] == IGNORE).all()
    assert FAMILIES[family[np.abs(step - 800.0).argmin()]] == "none"
