"""identify_edges on single spectra, line scans and spectrum images (tiny untrained model)."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
from ._identify_helpers import CHANNELS, spectrum, spectrum_image, tiny_weights

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.hyperspy.identify import InvalidPixelsWarning
from hyperspy_eels_edgeid.hyperspy.signals import EELSEdgeProbabilities, LazyEELSEdgeProbabilities
from hyperspy_eels_edgeid.hyperspy.table import EdgeTable


@pytest.fixture(scope="module")
def weights():
    return tiny_weights()


# --------------------------------------------------------------------------- single spectrum
def _threshold_for(weights, n=4):
    """A threshold at which the untrained model reports `n` elements of ``spectrum()``."""
    p = spectrum().identify_edges(weights=weights, add_elements=False, shift_search=False).probabilities.data
    return float(np.sort(p)[-n])


def test_single_spectrum_returns_table_and_adds_sorted_elements(weights):
    s = spectrum()
    threshold = _threshold_for(weights)
    # no shift search: with untrained weights the shift it keeps depends on the threshold
    table = s.identify_edges(weights=weights, threshold=threshold, shift_search=False)
    assert isinstance(table, EdgeTable)
    assert len(table) == 4
    assert table.elements == sorted(table.elements)
    assert s.metadata.Sample.elements == table.elements
    onsets = [row.onset for row in table]
    assert onsets == sorted(onsets)
    for row in table:
        assert row.edge.startswith(row.element + "_")
        assert row.probability >= threshold
        assert 400.0 <= row.onset <= 911.5
    text = repr(table)
    assert "Element" in text and "Onset (eV)" in text and table[0].element in text
    html = table._repr_html_()
    assert html.startswith("<table>") and f"<td style='text-align:left'>{table[0].element}</td>" in html


def test_single_spectrum_probabilities_signal(weights):
    table = spectrum().identify_edges(weights=weights)
    p = table.probabilities
    assert isinstance(p, EELSEdgeProbabilities)
    assert p.axes_manager.navigation_dimension == 0
    k = len(edgeid.supported_elements())
    assert p.data.shape == (k,)
    md = p.metadata.EdgeID
    assert md.elements == edgeid.supported_elements()
    observable = np.array(md.observable)
    assert not observable[md.elements.index("C")]  # C K (284 eV) lies below the 400 eV window
    assert observable[md.elements.index("O")]
    assert np.all(p.data[~observable] == 0)
    assert md.detected == table.elements
    assert "C" in table.not_observable


def test_function_and_method_agree(weights):
    a = spectrum().identify_edges(weights=weights, add_elements=False)
    b = edgeid.identify_edges(spectrum(), weights=weights, add_elements=False)
    np.testing.assert_array_equal(a.probabilities.data, b.probabilities.data)


def test_threshold_one_detects_nothing(weights):
    s = spectrum()
    table = s.identify_edges(weights=weights, threshold=1.0)
    assert len(table) == 0 and table.elements == []
    assert "No edge identified" in repr(table)
    assert s.metadata.get_item("Sample.elements") == []  # "replace": the answer of this run, nothing


def test_add_elements_false_leaves_metadata(weights):
    s = spectrum()
    before = copy.deepcopy(s.metadata.as_dictionary())
    s.identify_edges(weights=weights, add_elements=False)
    assert s.metadata.as_dictionary() == before


def test_input_is_not_modified(weights):
    s = spectrum_image()
    data = s.data.copy()
    axes = [ax.get_axis_dictionary() for ax in s.axes_manager._axes]
    metadata = copy.deepcopy(s.metadata.as_dictionary())
    s.identify_edges(weights=weights)
    np.testing.assert_array_equal(s.data, data)
    assert [ax.get_axis_dictionary() for ax in s.axes_manager._axes] == axes
    after = s.metadata.as_dictionary()
    after.pop("Sample", None)
    assert after == metadata


# --------------------------------------------------------------------------- spectrum images
def test_spectrum_image_result(weights):
    s = spectrum_image(shape=(6, 5))
    first = s.identify_edges(weights=weights, add_elements=False).data
    threshold = float(np.sort(np.median(first, axis=(0, 1)))[-3])  # about 3 elements in >= half the pixels
    p = s.identify_edges(weights=weights, pixel_fraction=0.5, threshold=threshold)
    assert isinstance(p, EELSEdgeProbabilities) and not p._lazy
    k = len(edgeid.supported_elements())
    assert p.data.shape == (5, 6, k) and p.data.dtype == np.float32
    for a, b in zip(p.axes_manager.navigation_axes, s.axes_manager.navigation_axes):
        assert (a.name, a.scale, a.offset, a.units, a.size) == (b.name, b.scale, b.offset, b.units, b.size)
    assert p.axes_manager.signal_axes[0].name == "Element"
    detected = p.metadata.EdgeID.detected
    assert len(detected) >= 2
    fractions = p.pixel_fractions()
    assert detected == sorted(el for el, f in fractions.items() if f >= 0.5)
    assert s.metadata.Sample.elements == detected
    maps = p.get_element_maps()
    assert [m.metadata.Sample.elements[0] for m in maps] == detected
    from hyperspy.signals import Signal2D

    assert all(isinstance(m, Signal2D) and m.data.shape == (5, 6) for m in maps)
    assert maps[0].metadata.General.title.startswith("Edge probability of FeO map: ")


def test_line_scan_maps_are_signal1d(weights):
    s = spectrum_image(shape=(7, 1)).inav[:, 0]
    assert s.axes_manager.navigation_dimension == 1
    p = s.identify_edges(weights=weights)
    from hyperspy.signals import Signal1D, Signal2D

    maps = p.get_element_maps("all")
    assert maps and all(isinstance(m, Signal1D) and not isinstance(m, Signal2D) for m in maps)
    assert maps[0].data.shape == (7,)


def test_lazy_input_is_processed_in_chunks(weights, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import blocks

    seen = []
    original = blocks.identify_block

    def spy(block, *args, **kwargs):
        seen.append(block.shape)
        return original(block, *args, **kwargs)

    monkeypatch.setattr(blocks, "identify_block", spy)
    s = spectrum_image(shape=(6, 5)).as_lazy()
    s.data = s.data.rechunk((2, 3, 256))  # chunked along the energy axis too
    p = s.identify_edges(weights=weights)
    blocks = [shape for shape in seen if np.prod(shape[:-1]) > 0]
    assert blocks, "the block function was not called"
    assert all(shape[-1] == CHANNELS for shape in blocks)  # whole energy axis per block
    assert max(np.prod(shape[:-1]) for shape in blocks) < 30  # never the whole image at once
    assert not p._lazy


def test_eager_lazy_and_lazy_output_agree(weights):
    s = spectrum_image()
    # Co, Cu and Ni not candidates: the white-line ratio check, which a lazy result does not make, is out of play
    run = dict(weights=weights, exclude=["Co", "Cu", "Ni"])
    eager = s.identify_edges(**run, add_elements=False).data
    # a threshold at which the untrained model detects about three elements (none at its own)
    threshold = float(np.sort(np.median(eager, axis=(0, 1)))[-3])
    lazy = s.as_lazy().identify_edges(**run, add_elements=False).data
    out = s.as_lazy().identify_edges(**run, lazy_output=True, threshold=threshold)
    assert isinstance(out, LazyEELSEdgeProbabilities)
    assert out.metadata.get_item("EdgeID.detected") is None  # nothing computed yet
    np.testing.assert_allclose(lazy, eager, rtol=0, atol=1e-6)
    np.testing.assert_allclose(out.data.compute(), eager, rtol=0, atol=1e-6)
    out.compute()  # the eager class now, with the detected elements recorded as for an eager result
    assert not out._lazy
    detected = s.identify_edges(**run, add_elements=False, threshold=threshold).metadata.EdgeID.detected
    assert len(detected) >= 2
    assert out.metadata.EdgeID.detected == detected and "see summary()" not in repr(out)
    part = s.as_lazy().identify_edges(**run, lazy_output=True).isig[0:5]
    part.compute()  # a slice of the element axis computes as before, with nothing recorded
    assert part.data.shape[-1] == 5 and part.metadata.get_item("EdgeID.detected") is None
    chunked = s.identify_edges(**run, add_elements=False, navigation_chunks=(2, 2)).data
    np.testing.assert_allclose(chunked, eager, rtol=0, atol=1e-6)


def test_lazy_output_with_add_elements(weights):
    s = spectrum_image().as_lazy()
    threshold = float(np.nanmax(spectrum_image().identify_edges(weights=weights, add_elements=False).data))
    out = s.identify_edges(
        weights=weights, lazy_output=True, add_elements=True, pixel_fraction=0.0, threshold=threshold
    )
    assert out._lazy
    assert out.metadata.EdgeID.detected
    assert s.metadata.Sample.elements == out.metadata.EdgeID.detected


def test_single_spectrum_of_image_matches_spectrum_image(weights):
    s = spectrum_image(shape=(3, 2))
    p = s.identify_edges(weights=weights, add_elements=False, sum_neighbours=False)  # each pixel read alone
    one = s.inav[1, 1].identify_edges(weights=weights, add_elements=False).probabilities.data
    np.testing.assert_allclose(p.data[1, 1], one, rtol=0, atol=1e-6)


def test_pixel_fraction_rule(weights):
    s = spectrum_image()
    first = s.identify_edges(weights=weights, add_elements=False).data
    # a threshold at which the untrained model shows its likeliest element in about half the pixels (none at its own)
    threshold = float(np.median(first, axis=(0, 1)).max())
    p = s.identify_edges(weights=weights, pixel_fraction=0.0, add_elements=False, threshold=threshold)
    fractions = p.pixel_fractions()
    anywhere = sorted(el for el, f in fractions.items() if f > 0)
    everywhere = sorted(el for el, f in fractions.items() if f == 1.0)
    assert p.metadata.EdgeID.detected == anywhere and len(anywhere) > len(everywhere)  # the rule has a choice
    assert p.detected_elements(pixel_fraction=1.0) == everywhere
    assert set(p.detected_elements(pixel_fraction=0.5)) == {el for el, f in fractions.items() if f >= 0.5}


def test_touching_pixels_decide_what_is_written(weights, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import pixel_rule

    s = spectrum_image()
    p = s.identify_edges(weights=weights, threshold=0.01)
    assert p.metadata.EdgeID.touching_pixels is False and s.metadata.Sample.elements  # some elements written
    # no two pixels touch anywhere: with touching_pixels nothing is written, without it the same as before
    monkeypatch.setattr(pixel_rule, "pixels_touch", lambda shows: np.zeros(shows.shape[-1], bool))
    q = s.identify_edges(weights=weights, threshold=0.01, touching_pixels=True)
    assert q.metadata.EdgeID.touching_pixels is True and s.metadata.Sample.elements == [] == q.detected_elements()
    assert s.identify_edges(weights=weights, threshold=0.01).detected_elements() == p.detected_elements()


def test_one_owner_per_edge_decides_what_is_written(weights, monkeypatch):
    from hyperspy_eels_edgeid.hyperspy import pixel_rule

    s = spectrum_image()
    p = s.identify_edges(weights=weights, threshold=0.01)
    assert p.metadata.EdgeID.one_owner_per_edge is True and p.metadata.EdgeID.same_edge_ev == 3.0
    assert p.metadata.EdgeID.map_same_edge_ev == 8.0
    q = s.identify_edges(weights=weights, threshold=0.01, one_owner_per_edge=False)
    assert q.metadata.EdgeID.one_owner_per_edge is False
    many = s.metadata.Sample.elements
    # the rule can only drop elements (whether it drops any with these random weights is not asked: forced below)
    assert set(p.detected_elements()) <= set(many) == set(q.detected_elements())
    # every element's edge at one onset: the rule keeps the owner of the most pixels, and that is what is written
    monkeypatch.setattr(
        pixel_rule, "one_owner_per_edge", lambda d, c, *rest, **keywords: (d & (c == c[d].max()), np.full(c.shape, -1))
    )
    s.identify_edges(weights=weights, threshold=0.01)
    assert 1 <= len(s.metadata.Sample.elements) < len(many)


def test_an_element_in_one_pixel_needs_pixel_fraction_zero(weights):
    p = spectrum_image().identify_edges(weights=weights, add_elements=False)  # 30 pixels
    k = p.elements.index("Fe")
    p.data[..., k] = 0.0
    p.data[0, 0, k] = 1.0  # one pixel: 3 %, above the default 2 %, yet not reported
    assert "Fe" not in p.detected_elements(threshold=0.5)
    assert "Fe" in p.detected_elements(threshold=0.5, pixel_fraction=0)
    p.data[0, 1, k] = 1.0  # two pixels
    assert "Fe" in p.detected_elements(threshold=0.5)
    assert "Fe" not in p.detected_elements(threshold=0.5, pixel_fraction=0.1)


def test_progressbar_follows_preferences(weights, capsys):
    import hyperspy.api as hs

    s = spectrum_image(shape=(2, 2))
    hs.preferences.General.show_progressbar = True
    s.identify_edges(weights=weights, add_elements=False)
    assert "Identifying edges" in capsys.readouterr().err
    s.identify_edges(weights=weights, add_elements=False, show_progressbar=False)
    assert "Identifying edges" not in capsys.readouterr().err
    hs.preferences.General.show_progressbar = False
    s.identify_edges(weights=weights, add_elements=False)
    assert "Identifying edges" not in capsys.readouterr().err
    s.identify_edges(weights=weights, add_elements=False, show_progressbar=True)
    assert "Identifying edges" in capsys.readouterr().err


def test_invalid_pixels_get_nan_and_a_warning(weights):
    s = spectrum_image(shape=(3, 2))
    s.data[0, 1] = 0.0
    s.data[1, 2] = np.nan
    with pytest.warns(InvalidPixelsWarning, match="2 of 6 spectra"):
        p = s.identify_edges(weights=weights, nonfinite="mask", sum_neighbours=False)
    assert np.isnan(p.data[0, 1]).all() and np.isnan(p.data[1, 2]).all()
    assert np.isfinite(p.data[0, 0]).all()
    assert p.metadata.EdgeID.n_invalid == 2
    assert p.summary().n_valid == 4 and "(4 pixels, 2 skipped)" in repr(p.summary())
    lazy = s.as_lazy().identify_edges(weights=weights, nonfinite="mask", sum_neighbours=False, lazy_output=True,
                                      add_elements=False)  # fmt: skip
    assert "(4 pixels, 2 skipped)" in repr(lazy.summary())  # counted on the result, not taken from the run
    assert "(2 pixels, 1 skipped)" in repr(p.inav[:, :1].summary())  # a slice's own
    from hyperspy_eels_edgeid.hyperspy.table import EdgeTable

    assert "(1 pixel, 99 skipped)" in repr(EdgeTable([], title="t", n_valid=1, n_invalid=99))  # one pixel left: said
    assert repr(EdgeTable([], title="t", n_valid=1)).splitlines()[0] == "Edges identified in t"  # a single spectrum


@pytest.mark.parametrize("extension", ["hspy", "zspy"])
def test_result_round_trip(weights, tmp_path, extension):
    import hyperspy.api as hs

    if extension == "zspy":
        pytest.importorskip("zarr")  # rosettasciio 0.15 writes zspy with zarr 2
    path = tmp_path / f"result.{extension}"
    p = spectrum_image().identify_edges(weights=weights)
    p.save(path)
    q = hs.load(path)
    assert isinstance(q, EELSEdgeProbabilities)
    np.testing.assert_array_equal(q.data, p.data)
    np.testing.assert_equal(q.metadata.EdgeID.as_dictionary(), p.metadata.EdgeID.as_dictionary())
    assert q.detected_elements() == p.detected_elements()
    lazy = hs.load(path, lazy=True)
    assert isinstance(lazy, LazyEELSEdgeProbabilities)
    assert [m.metadata.General.title for m in lazy.get_element_maps()] == [
        m.metadata.General.title for m in p.get_element_maps()
    ]


def test_cuda_request_falls_back_to_cpu(weights):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    from hyperspy_eels_edgeid.hyperspy.identify import DeviceFallbackWarning

    with pytest.warns(DeviceFallbackWarning, match="CUDA is not available"):
        table = spectrum().identify_edges(weights=weights, device="cuda", add_elements=False)
    cpu = spectrum().identify_edges(weights=weights, device="cpu", add_elements=False)
    np.testing.assert_array_equal(table.probabilities.data, cpu.probabilities.data)


def test_table_plot_uses_exspy_edge_labels(weights):
    import matplotlib

    matplotlib.use("Agg")
    s = spectrum()
    table = s.identify_edges(weights=weights, threshold=_threshold_for(weights, 2))
    assert len(table) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table.plot(s)
    names = s._edge_markers["names"]
    assert set(table.edges) <= set(names)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_table_plot_of_a_kev_axis_places_labels_in_ev(weights):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = spectrum()
    ev_range = (s.axes_manager[-1].low_value, s.axes_manager[-1].high_value)
    s.axes_manager[-1].convert_to_units("keV")
    table = s.identify_edges(weights=weights, threshold=_threshold_for(weights, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table.plot(s)
    ax = plt.gcf().axes[0]
    assert ax.get_xlim() == pytest.approx(ev_range)  # plotted in eV, where exspy puts its labels
    assert any(type(c).__name__ == "TextCollection" for c in ax.collections)
    assert s.axes_manager[-1].units == "keV"  # the user's signal is left as it was
    plt.close("all")


def test_summary_of_a_result_sliced_along_the_elements_is_a_clear_error(weights):
    table = spectrum().identify_edges(weights=weights, add_elements=False, threshold=_threshold_for(weights, 2))
    assert "  Onset (eV)" in repr(table)  # the recognizer's estimates
    assert "Tabulated onset (eV)" in repr(table.probabilities.summary(threshold=_threshold_for(weights, 2)))
    with pytest.raises(ValueError, match="sliced"):
        table.probabilities.isig[0:10].summary()


def test_cuda_matches_cpu(weights):
    """On a machine with a GPU: the CUDA path gives the CPU's probabilities (skipped without CUDA)."""
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    s = spectrum_image()
    cpu = s.identify_edges(weights=weights, device="cpu", add_elements=False).data
    gpu = s.identify_edges(weights=weights, device="cuda", add_elements=False).data
    np.testing.assert_allclose(gpu, cpu, rtol=0, atol=1e-4)


def test_batch_for_memory():
    from hyperspy_eels_edgeid.hyperspy.identify import batch_for_memory

    assert batch_for_memory(80e9, 1e6, 4) == 8192  # 0.6 * 80 GB / 1 MB / 4 = 12000 -> 8192
    assert batch_for_memory(1e9, 1e6, 4) == 256  # floor
    assert batch_for_memory(200e9, 1e3, 1) == 65536  # ceiling


def test_gpu_scheduling_branch_runs(weights, monkeypatch):
    """The CUDA branch (bounded threads, batch sizing) on the CPU gives the same probabilities."""
    import hyperspy_eels_edgeid.hyperspy.blocks as blocks

    from hyperspy_eels_edgeid.hyperspy import image_reading

    s = spectrum_image()
    reference = s.identify_edges(weights=weights, device="cpu", add_elements=False).data
    seen = {}
    compute, chunks, sizing = blocks.compute, blocks.navigation_chunks, blocks.cuda_batch_size

    def spy_compute(array, show, num_workers=None):
        seen["num_workers"] = num_workers
        return compute(array, show, num_workers)

    def spy_chunks(*args):
        seen["kind"] = args[4]
        return chunks(*args)

    def spy_sizing(*args):
        seen["sized"] = True
        return sizing(*args)

    monkeypatch.setattr(blocks, "device_kind", lambda device: "cuda")
    monkeypatch.setattr(image_reading, "compute", spy_compute)
    monkeypatch.setattr(blocks, "navigation_chunks", spy_chunks)
    monkeypatch.setattr(blocks, "cuda_batch_size", spy_sizing)
    again = s.identify_edges(weights=weights, device="cpu", add_elements=False).data
    np.testing.assert_allclose(again, reference, rtol=0, atol=1e-6)
    assert seen == {"num_workers": blocks.CUDA_WORKERS, "kind": "cuda", "sized": True}  # the CUDA branch ran
