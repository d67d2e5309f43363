"""EELSEdgeProbabilities: the pixel-fraction rule, element maps, summary table, lazy twin."""

from __future__ import annotations

import numpy as np
import pytest

from hyperspy_eels_edgeid.hyperspy.signals import EELSEdgeProbabilities, LazyEELSEdgeProbabilities
from hyperspy_eels_edgeid.hyperspy.table import EdgeRow, EdgeTable


def _probabilities(lazy=False, nav=(10, 10)):
    """A (x, y) = nav map over 3 classes: Fe in 3 % of the pixels, O everywhere, C nowhere, 2 NaN pixels."""
    rng = np.random.default_rng(0)
    data = np.zeros(nav[::-1] + (3,), dtype=np.float32)
    data[..., 1] = 0.9  # O
    data[..., 2] = rng.uniform(0, 0.4, nav[::-1])  # C, below threshold
    flat = data.reshape(-1, 3)
    flat[[5, 17, 42], 0] = 0.8  # Fe in 3 pixels
    flat[[90, 91]] = np.nan  # 2 pixels that could not be analysed
    axes = [{"name": n, "units": "nm", "scale": 0.5, "size": v, "navigate": True} for n, v in zip("yx", nav[::-1])]
    p = EELSEdgeProbabilities(data, axes=axes + [{"name": "Element", "size": 3, "navigate": False}])
    p.metadata.General.title = "Edge probabilities of test"
    p.metadata.set_item(
        "EdgeID",
        {
            "elements": ["Fe", "O", "C"],
            "edges": ["Fe_L3", "O_K", "C_K"],
            "onsets": [708.0, 532.0, 284.0],
            "observable": [True, True, True],
            "thresholds": [0.5, 0.5, 0.5],
            "pixel_fraction": 0.02,
            "source_title": "test",
        },
    )
    return p.as_lazy() if lazy else p


@pytest.mark.parametrize("lazy", [False, True])
def test_pixel_fraction_rule(lazy):
    p = _probabilities(lazy)
    fractions = p.pixel_fractions()
    assert fractions["Fe"] == pytest.approx(3 / 98)  # NaN pixels do not count
    assert fractions["O"] == pytest.approx(1.0)
    assert fractions["C"] == 0.0
    assert p.detected_elements() == ["Fe", "O"]  # 3.1 % >= 2 %
    assert p.detected_elements(pixel_fraction=0.05) == ["O"]
    assert p.detected_elements(threshold=0.85) == ["O"]
    assert p.detected_elements(threshold=0.95) == []


@pytest.mark.parametrize("lazy", [False, True])
def test_touching_pixels(lazy):
    p = _probabilities(lazy)  # Fe in pixels 5, 17 and 42 of a 10 x 10 map: none beside another
    assert p.detected_elements() == ["Fe", "O"]  # not asked by default
    assert p.detected_elements(touching_pixels=True) == ["O"]
    assert p.detected_elements(pixel_fraction=0.0, touching_pixels=True) == ["Fe", "O"]  # one pixel is enough
    p.metadata.EdgeID.touching_pixels = True  # the run's choice is the default
    assert p.detected_elements() == ["O"]
    q = _probabilities()
    q.data.reshape(-1, 3)[27, 0] = 0.8  # 17 and 27 are neighbours along y
    assert "Fe" in q.detected_elements(touching_pixels=True)


def _two_elements(data):
    """Probabilities of Fe and O over navigation axes of data's shape, thresholds 0.5."""
    axes = [{"name": f"nav{i}", "size": n, "navigate": True} for i, n in enumerate(data.shape[:-1])]
    p = EELSEdgeProbabilities(data, axes=axes + [{"name": "Element", "size": 2, "navigate": False}])
    p.metadata.set_item("EdgeID", {"elements": ["Fe", "O"], "thresholds": [0.5, 0.5], "pixel_fraction": 0.02})
    return p


def test_line_scans_ask_no_touching_pixels():
    data = np.zeros((20, 2), dtype=np.float32)
    data[[3, 9], 0] = 0.9  # scattered: a segment where detection skips pixels
    data[[3, 4], 1] = 0.9  # neighbours
    assert _two_elements(data).detected_elements(touching_pixels=True) == ["Fe", "O"]
    # a map one pixel wide is a line scan too
    assert _two_elements(data[None]).detected_elements(touching_pixels=True) == ["Fe", "O"]


def test_diagonal_pixels_do_not_touch():
    data = np.zeros((10, 10, 2), dtype=np.float32)
    data[[0, 1], [0, 1], 0] = 0.9  # Fe on a diagonal
    data[[0, 0], [0, 1], 1] = 0.9  # O side by side
    assert _two_elements(data).detected_elements(touching_pixels=True) == ["O"]


def test_touching_pixels_across_lazy_chunks():
    data = np.zeros((12, 12, 2), dtype=np.float32)
    data[5, [0, 7], 0] = 0.9  # Fe apart
    data[[5, 6], 3, 1] = 0.9  # O: neighbours on either side of a chunk boundary (rows 5 | 6)
    data[[0, 11], [11, 0]] = np.nan  # pixels that could not be analysed
    p = _two_elements(data)
    lazy = p.as_lazy()
    lazy.data = lazy.data.rechunk((6, 4, 2))
    eager = p.detected_elements(pixel_fraction=0.01, touching_pixels=True)  # 2 of 142 valid pixels
    assert eager == lazy.detected_elements(pixel_fraction=0.01, touching_pixels=True) == ["O"]
    assert lazy.detected_elements(pixel_fraction=0.01) == ["Fe", "O"]


def test_touching_pixels_must_be_a_flag():
    with pytest.raises(ValueError, match="touching_pixels"):
        _probabilities().detected_elements(touching_pixels="no")


def _co_ba_map(lazy=False):
    """Co in 40 pixels of an 8 x 8 map, Ba read into Co's edge in 6 others, O everywhere; with pixel onsets."""
    from hyperspy_eels_edgeid.hyperspy.onset_maps import ONSETS_KEY, onset_signal

    data = np.zeros((8, 8, 3), dtype=np.float32)
    data[..., 2] = 0.9
    flat = data.reshape(-1, 3)
    flat[:40, 0] = 0.8
    flat[40:46, 1] = 0.7
    onsets = np.empty_like(data)
    onsets[...] = [780.0, 781.5, 532.0]
    axes = [{"name": n, "size": 8, "navigate": True} for n in "yx"] + [{"name": "Element", "size": 3, "navigate": False}]
    p = EELSEdgeProbabilities(data, axes=axes)
    p.metadata.set_item("EdgeID", {"elements": ["Co", "Ba", "O"], "thresholds": [0.5, 0.5, 0.5], "pixel_fraction": 0.02,
                                   "alternatives": ["", "Co", "Sb"], "one_owner_per_edge": True})
    p.metadata.set_item(ONSETS_KEY, onset_signal(onsets, axes, "test"))
    if lazy:
        p = p.as_lazy()
        p.metadata.set_item(ONSETS_KEY, onset_signal(p.data * 0 + onsets, axes, "test"))
    return p, onsets


@pytest.mark.parametrize("lazy", [False, True])
def test_one_edge_has_one_owner_in_a_map(lazy):
    p, onsets = _co_ba_map(lazy)
    assert p.detected_elements() == ["Co", "O"]  # Ba's 6 pixels read Co's edge (1.5 eV apart)
    co = p.summary()[0]
    assert co.element == "Co" and co.alternatives[0][0] == "Ba"  # named as Co's alternative (not in its table's)
    assert p.summary().held_back == {"Ba": "its edge is Co's in more pixels"} and "Held back: Ba" in repr(p.summary())
    assert p.detected_elements(one_owner_per_edge=False) == ["Ba", "Co", "O"]
    p.metadata.EdgeID.one_owner_per_edge = False  # the run's choice is the default
    assert p.detected_elements() == ["Ba", "Co", "O"]
    del p.metadata.EdgeID.one_owner_per_edge  # a result saved before the rule existed: decided without it
    assert p.detected_elements() == ["Ba", "Co", "O"]


def test_the_element_of_more_pixels_owns_the_edge():
    p, _ = _co_ba_map()
    flat = p.data.reshape(-1, 3)
    flat[:, :2] = 0.0
    flat[:6, 0] = 0.8  # now Co in 6 pixels, Ba in 40
    flat[6:46, 1] = 0.7
    assert p.detected_elements() == ["Ba", "O"]


def test_one_edge_read_within_a_network_step_has_one_owner():
    # Fe's broad L3 line read as F K 7 eV below Fe's mean onset in a few pixels (exspy's EELS_MnFe): one edge
    from hyperspy_eels_edgeid.hyperspy.pixel_rule import MAP_SAME_EDGE_EV, one_owner_per_edge

    detected, counts = np.array([True, True, True]), np.array([3, 4, 10])  # F, Fe, Mn
    together = np.diag(counts) + np.array([[0, 0, 3], [0, 0, 4], [3, 4, 0]])
    owned = (np.array([1.5, 3.7, 8.5]), np.array([699.9, 707.1, 639.4]), np.zeros(3), together)
    kept, owner = one_owner_per_edge(detected, counts, owned, 3.0)
    assert kept.tolist() == [False, True, True] and owner.tolist() == [1, -1, -1] and MAP_SAME_EDGE_EV == 8.0
    owned[1][0] = 707.1 - MAP_SAME_EDGE_EV - 0.5  # farther than a step: two edges
    assert one_owner_per_edge(detected, counts, owned, 3.0)[0].tolist() == [True, True, True]
    assert one_owner_per_edge(detected, counts, owned, 10.0)[0].tolist() == [False, True, True]  # a wider decoder's


def test_image_elements_takes_the_maps_least_distance_by_keyword():
    # two elements 6 eV apart in different pixels: one edge at the maps' distance (8 eV), two at the decoder's alone
    from hyperspy_eels_edgeid.hyperspy.pixel_rule import image_elements

    data = np.zeros((64, 2))
    data[:40, 0], data[40:46, 1] = 0.9, 0.9
    onsets = np.tile([700.0, 706.0], (64, 1))
    assert image_elements(data, np.array([0.5, 0.5]), 0.02, onsets=onsets)[0].tolist() == [True, False]
    detected = image_elements(data, np.array([0.5, 0.5]), 0.02, onsets=onsets, least_ev=0.0)[0]
    assert detected.tolist() == [True, True]


def _owner_map(shape, co, ba, lazy=False):
    """Co in pixels `co`, Ba (1.5 eV from Co's onset) in pixels `ba` (flat indices), O everywhere; with pixel onsets."""
    from hyperspy_eels_edgeid.hyperspy.onset_maps import ONSETS_KEY, onset_signal

    data = np.zeros(shape + (3,), dtype=np.float32)
    data[..., 2] = 0.9
    flat = data.reshape(-1, 3)
    flat[co, 0], flat[ba, 1] = 0.8, 0.7
    onsets = np.empty_like(data)
    onsets[...] = [780.0, 781.5, 532.0]
    axes = [{"name": f"n{i}", "size": n, "navigate": True} for i, n in enumerate(shape)]
    axes.append({"name": "Element", "size": 3, "navigate": False})
    p = EELSEdgeProbabilities(data, axes=axes)
    p.metadata.set_item("EdgeID", {"elements": ["Co", "Ba", "O"], "thresholds": [0.5] * 3, "pixel_fraction": 0.02,
                                   "one_owner_per_edge": True})
    p.metadata.set_item(ONSETS_KEY, onset_signal(onsets, axes, "test"))
    if lazy:
        p = p.as_lazy()
        p.data = p.data.rechunk((7,) + p.data.shape[1:])
        p.metadata.set_item(ONSETS_KEY, onset_signal(p.data * 0 + onsets, axes, "test"))
    return p


@pytest.mark.parametrize("lazy", [False, True])
def test_pixel_counts_are_whole_and_large_maps_count_in_blocks(lazy):
    # 50 pixels: Ba in 14, 7 of them with Co (exactly half): kept, although 14 / 50 * 50 is not exactly 14
    assert _owner_map((5, 10), list(range(30)), list(range(23, 37)), lazy).detected_elements() == ["Ba", "Co", "O"]
    assert _owner_map((5, 10), list(range(30)), list(range(24, 38)), lazy).detected_elements() == ["Co", "O"]
    # 130 x 130 pixels, more than one block of 16,384: Ba in 400 pixels of the last block, 150 with Co
    co, ba = list(range(16000, 16550)), list(range(16400, 16800))
    assert _owner_map((130, 130), co, ba, lazy).detected_elements() == ["Co", "O"]
    assert _owner_map((130, 130), co, list(range(16350, 16750)), lazy).detected_elements() == ["Ba", "Co", "O"]


@pytest.mark.parametrize("lazy", [False, True])
def test_elements_the_pixels_kept_apart_keep_both(lazy):
    p, _ = _co_ba_map()
    flat = p.data.reshape(-1, 3)
    flat[:, 1] = 0.0
    flat[10:16, 1] = 0.7  # Ba in 6 of Co's pixels: the pixels' decoder reported both there (two edges)

    def detected():
        q = p.as_lazy() if lazy else p
        if lazy:
            from hyperspy_eels_edgeid.hyperspy.onset_maps import ONSETS_KEY, onset_signal

            onsets = p.metadata.get_item(ONSETS_KEY)
            q.metadata.set_item(ONSETS_KEY, onset_signal(q.data * 0 + onsets.data, p.axes_manager._get_axes_dicts(), "t"))
        return q.detected_elements()

    assert detected() == ["Ba", "Co", "O"]
    flat[10:13, 1] = 0.0
    flat[40:43, 1] = 0.7  # together in 3 of Ba's 6 pixels: still half
    assert detected() == ["Ba", "Co", "O"]
    flat[12, 1] = 0.0
    flat[43, 1] = 0.7  # together in 2 of 6: Co owns the edge
    assert detected() == ["Co", "O"]


def test_an_element_with_two_edges_in_the_map_shares_none():
    p, _ = _co_ba_map()
    onsets = p.metadata.get_item("EdgeID.pixel_onsets").data
    onsets.reshape(-1, 3)[:20, 0] = 1940.0  # Co read at two edges far apart: mean 1160, spread 580 eV
    onsets.reshape(-1, 3)[40:46, 1] = 1160.0  # Ba at that mean
    assert p.detected_elements() == ["Ba", "Co", "O"]


def test_edges_apart_or_without_pixel_onsets_keep_both_owners():
    from hyperspy_eels_edgeid.hyperspy.onset_maps import ONSETS_KEY

    p, onsets = _co_ba_map()
    p.metadata.get_item(ONSETS_KEY).data[..., 1] = 790.0  # 10 eV from Co's: two edges (metadata of 3 eV alone)
    assert p.detected_elements() == ["Ba", "Co", "O"]
    p.metadata.EdgeID.same_edge_ev = 11.0  # the model decoder's same-edge distance decides
    assert p.detected_elements() == ["Co", "O"]
    p.metadata.EdgeID.same_edge_ev, p.metadata.EdgeID.same_edge_rel = 3.0, 0.01  # 3 eV + 1 % of 780 eV
    assert p.detected_elements() == ["Co", "O"]
    # 6 eV apart: one edge for a result of a run that records the maps' least distance, two for one saved before it
    p.metadata.get_item(ONSETS_KEY).data[..., 1] = 786.0
    p.metadata.EdgeID.same_edge_rel = 0.0
    assert p.detected_elements() == ["Ba", "Co", "O"]
    p.metadata.EdgeID.map_same_edge_ev = 8.0
    assert p.detected_elements() == ["Co", "O"]
    q, _ = _co_ba_map()
    with pytest.warns(UserWarning, match="pixel onsets"):
        assert q.inav[:, 4:].detected_elements() == ["Ba", "Co", "O"]  # sliced: no onsets kept, nothing shared


def test_one_owner_per_edge_must_be_a_flag():
    with pytest.raises(ValueError, match="one_owner_per_edge"):
        _co_ba_map()[0].detected_elements(one_owner_per_edge="no")


def test_the_runs_choice_survives_saving(tmp_path):
    import hyperspy.api as hs

    p = _probabilities()
    p.metadata.EdgeID.touching_pixels = True
    p.save(tmp_path / "p.hspy")
    q = hs.load(tmp_path / "p.hspy")
    assert q.metadata.EdgeID.touching_pixels is True and q.detected_elements() == ["O"]


def test_at_least_one_pixel_even_with_zero_fraction():
    p = _probabilities()
    assert p.detected_elements(pixel_fraction=0.0) == ["Fe", "O"]


def test_summary_table():
    table = _probabilities().summary()
    assert isinstance(table, EdgeTable)
    assert [r.element for r in table] == ["O", "Fe"]  # by onset
    assert table.n_valid == 98
    o = table[0]
    assert o.edge == "O_K" and o.onset == 532.0 and o.pixel_fraction == 1.0
    assert o.probability == pytest.approx(0.9)
    text = repr(table)
    assert "Pixel fraction" in text and "100.0%" in text and "98 pixels" in text
    assert "<th>Mean probability</th>" in table._repr_html_()


@pytest.mark.parametrize("lazy", [False, True])
def test_element_maps(lazy):
    from hyperspy.signals import Signal2D

    p = _probabilities(lazy)
    p.metadata.EdgeID.detected = ["Fe", "O"]
    maps = p.get_element_maps()
    assert len(maps) == 2 and all(isinstance(m, Signal2D) for m in maps)
    assert all(m._lazy == lazy for m in maps)
    fe = maps[0]
    assert fe.metadata.General.title == "Edge probability of test: Fe_L3 at 708.0 eV"
    p.metadata.EdgeID.source_title = ""  # a signal without a title
    assert p.get_element_maps(["Fe"])[0].metadata.General.title == "Edge probability: Fe_L3 at 708.0 eV"
    assert fe.metadata.Sample.elements == ["Fe"]
    assert fe.axes_manager.signal_shape == (10, 10)
    assert fe.axes_manager.signal_axes[0].scale == 0.5
    data = np.asarray(fe.data.compute() if lazy else fe.data)
    assert np.nansum(data > 0.5) == 3
    assert [m.metadata.Sample.elements[0] for m in p.get_element_maps("all")] == ["Fe", "O", "C"]
    assert [m.metadata.Sample.elements[0] for m in p.get_element_maps(["C"])] == ["C"]


def test_element_map_errors():
    p = _probabilities()
    with pytest.raises(ValueError, match="not one of this signal's classes"):
        p.get_element_maps(["Xx"])
    with pytest.raises(ValueError, match="single spectrum"):
        p.inav[0, 0].get_element_maps()
    with pytest.raises(ValueError, match="'all' or None"):
        p.get_element_maps("Fe")


def test_plot_element_maps():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p = _probabilities()
    axes = p.plot_element_maps()
    assert len(axes) == 2
    # a matrix element (1 everywhere) is not drawn in the page's white
    assert all(a.images[0].get_cmap().name == "viridis" and a.images[0].get_clim() == (0.0, 1.0) for a in axes)
    plt.close("all")


def test_missing_metadata_is_explained():
    p = EELSEdgeProbabilities(np.zeros((2, 3)))
    with pytest.raises(AttributeError, match="EdgeID.elements"):
        _ = p.elements


def test_lazy_compute_gives_the_eager_class():
    p = _probabilities(lazy=True)
    assert isinstance(p, LazyEELSEdgeProbabilities)
    p.compute()
    assert type(p) is EELSEdgeProbabilities


def test_edge_table_text():
    t = EdgeTable(
        [EdgeRow("O", "O_K", 532.0, 0.98, 0.5), EdgeRow("Fe", "Fe_L3", 708.2, 0.91, 0.5)],
        title="demo",
        not_observable=["C"],
    )
    assert repr(t).splitlines() == [
        "Edges identified in demo",
        "Element  Edge   Onset (eV)  Probability",
        "O        O_K         532.0        0.980",
        "Fe       Fe_L3       708.2        0.910",
        "Not observable in this energy window: 1 element (C).",
    ]
    assert t.elements == ["Fe", "O"] and t.edges == ["O_K", "Fe_L3"]
    assert t.to_list()[0]["edge"] == "O_K"
    with pytest.raises(ValueError, match="no probability signal"):
        t.get_element_maps()


def test_plot_element_maps_of_a_line_scan():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p = _probabilities().inav[:, 0]  # a line scan of 10 pixels
    assert p.axes_manager.navigation_dimension == 1
    ax = p.plot_element_maps(["Fe", "O"])
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["Fe", "O"]  # legend order is reversed
    assert ax.get_ylim() == (-0.05, 1.05)  # a profile at 1 does not lie on the frame
    plt.close("all")


def test_a_sum_of_probabilities_is_not_decided_on():
    p = _probabilities()
    with pytest.raises(ValueError, match="outside 0-1"):
        p.inav[:, :5].sum().summary()  # rows without the NaN pixels
    with pytest.raises(ValueError, match="outside 0-1"):
        p.rebin(scale=(2, 2, 1)).detected_elements()
    assert p.mean().summary().elements == p.mean().detected_elements()  # a mean is still 0-1


def test_an_edge_table_is_read_by_element_symbol():
    t = EdgeTable([EdgeRow("O", "O_K", 532.0, 0.98, 0.5), EdgeRow("Fe", "Fe_L3", 708.2, 0.91, 0.5)], title="demo")
    assert "Fe" in t and "Mn" not in t and t[1] in t
    assert t["Fe"].onset == 708.2 and t[0].element == "O"
    with pytest.raises(KeyError, match="'Mn' is not among the identified elements"):
        t["Mn"]
