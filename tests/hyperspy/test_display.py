"""Display of the results: element axis by atomic number, names in print/HTML/plots, .hspy round trip, demo plots."""

from __future__ import annotations

import numpy as np
import pytest

import hyperspy_eels_edgeid as edgeid
from hyperspy_eels_edgeid.edges import atomic_number
from hyperspy_eels_edgeid.hyperspy.run_metadata import class_axis


@pytest.fixture(scope="module")
def image_result():
    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(4, 3), random_state=0)
    return s.identify_edges(add_elements=False)


@pytest.fixture(scope="module")
def line_result():
    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=(6,), random_state=0)
    return s.identify_edges(add_elements=False)


def test_element_axis_runs_over_atomic_numbers(image_result):
    p = image_result
    ax = p.axes_manager.signal_axes[0]
    assert ax.name == "Element" and ax.units == "Z"
    np.testing.assert_array_equal(ax.axis, [atomic_number(e) for e in p.elements])
    fe = p.elements.index("Fe")
    np.testing.assert_array_equal(p.isig[26.0].data, p.data[..., fe])  # a float index is the atomic number


def test_class_axis_of_non_consecutive_elements_is_non_uniform():
    ax = class_axis(["C", "O", "Fe"])
    np.testing.assert_array_equal(ax["axis"], [6, 8, 26])
    assert class_axis(5)["offset"] == 0.0 and class_axis(5)["size"] == 5


def test_print_and_html_name_the_detected_elements(image_result):
    p = image_result
    detected = p.metadata.EdgeID.detected
    assert detected  # the synthetic Fe/O image has detections to show
    text = repr(p)
    assert text.startswith("<EELSEdgeProbabilities") and text.endswith(">")
    assert "detected: " + ", ".join(detected) in text
    assert f"elements: {p.elements[0]}-{p.elements[-1]} ({len(p.elements)})" in text
    assert str(p) == text
    page = p._repr_html_()
    for element in detected:
        assert f"<td style='text-align:left'>{element}</td>" in page
    lazy = p.as_lazy()
    lazy_page = lazy._repr_html_()
    assert "detected: " + ", ".join(detected) in lazy_page and "Mean probability" not in lazy_page  # not computed


def test_nothing_detected_prints_none(image_result):
    p = image_result.deepcopy()
    p.metadata.EdgeID.detected = []
    assert repr(p).endswith("detected: none>")
    del p.metadata.EdgeID.detected
    assert "detected: not recorded here" in repr(p)
    assert "detected: not computed (see summary())" in repr(p.as_lazy())


def test_a_slice_of_the_element_axis_does_not_name_the_runs_elements_as_its_own(image_result):
    sliced = image_result.isig[20.0:30.0]  # atomic numbers 20-29: ten of the run's elements
    assert repr(sliced).endswith(", 10 of the run's 93 elements (a slice of the element axis)>")
    assert "detected" not in repr(sliced) and "Li-Am" not in repr(sliced)


def test_element_names_round_trip_through_hspy(image_result, tmp_path):
    import hyperspy.api as hs

    path = tmp_path / "probabilities.hspy"
    image_result.save(path)
    q = hs.load(path)
    assert type(q) is type(image_result)
    assert q.elements == image_result.elements
    assert q.metadata.EdgeID.detected == image_result.metadata.EdgeID.detected
    ax, original = q.axes_manager.signal_axes[0], image_result.axes_manager.signal_axes[0]
    assert (ax.name, ax.units) == ("Element", "Z")
    np.testing.assert_array_equal(ax.axis, original.axis)
    assert repr(q) == repr(image_result)


def test_plot_writes_the_detected_symbols(image_result):
    import matplotlib.pyplot as plt

    p = image_result.deepcopy()
    p.plot()
    try:
        texts = [m for m in p._plot.signal_plot.ax_markers if type(m).__name__ == "Texts"]
        assert texts, "no element labels on the plot"
        shown = [str(t) for t in np.ravel(texts[0].kwargs["texts"])]
        assert shown == list(p.metadata.EdgeID.detected)
        positions = np.asarray(texts[0].kwargs["offsets"])[:, 0]
        np.testing.assert_array_equal(positions, [atomic_number(e) for e in shown])
        assert p._plot.signal_plot.ax.get_ylabel() == "Probability"
    finally:
        p._plot.close()
        plt.close("all")


def test_labels_of_neighbouring_elements_are_staggered():
    from hyperspy_eels_edgeid.hyperspy.signals import _staggered

    heights = [y for _, y in _staggered([26.0, 28.0, 8.0, 27.0, 60.0])]  # Fe, Ni, O, Co, Nd
    assert heights[0] == heights[2] == heights[4] < heights[1] < heights[3]  # Fe, O, Nd on the first row


def test_maps_are_labelled_probability(image_result, line_result):
    import matplotlib.pyplot as plt

    for result in (image_result, line_result):
        maps = result.get_element_maps()
        assert maps and all(m.metadata.Signal.quantity == "Probability" for m in maps)
    ax = line_result.plot_element_maps()
    assert all(a.get_ylabel() == "Probability" for a in np.ravel(ax))  # plot_spectra writes "Intensity"
    plt.close("all")
    line_map = line_result.get_element_maps()[0]
    line_map.plot()
    assert line_map._plot.signal_plot.ax.get_ylabel() == "Probability"
    line_map._plot.close()
    plt.close("all")


@pytest.mark.parametrize("shape", [(6,), (4, 3)], ids=["line scan", "spectrum image"])
def test_demo_plots_line_scans_and_images(tmp_path, capsys, shape):
    from hyperspy_eels_edgeid.workflows.demo import main

    s = edgeid.data.synthetic_eels(["Fe", "O"], navigation_shape=shape, random_state=0)
    path = tmp_path / "scan.hspy"
    s.save(path)
    png = tmp_path / "x.png"
    assert main(["--file", str(path), "--device", "cpu", "--plot", str(png)]) == 0
    assert "figure saved" in capsys.readouterr().out
    assert png.is_file() and png.stat().st_size > 1000


def test_demo_judges_a_file_among_the_elements_given(tmp_path, capsys):
    from hyperspy_eels_edgeid.workflows.demo import main

    s = edgeid.data.synthetic_eels(["Tc", "O"], energy_axis=(150.0, 0.5, 2048), random_state=3)
    path = tmp_path / "tco.hspy"
    s.save(path)
    assert main(["--file", str(path), "--device", "cpu"]) == 0
    assert "'Tc'" not in capsys.readouterr().out.split("metadata.Sample.elements =")[1]
    assert main(["--file", str(path), "--device", "cpu", "--elements", "Tc", "O", "--exclude", "C"]) == 0
    out = capsys.readouterr().out
    assert "metadata.Sample.elements = ['O', 'Tc']" in out
    assert "only O, Tc asked for" in out and "C excluded" in out
