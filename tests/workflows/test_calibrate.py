"""Calibration: thresholds chosen (through the element decoder) and written into a model copy's JSON."""

import numpy as np
import pytest


def _tiny_real_dir(path, weak_cr=False):
    """Two labelled spectra in the benchmark's layout (synthetic stand-ins, not real data); a third with a weak Cr."""
    import numpy as np

    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    (path / "spectra").mkdir(parents=True)
    lines = ["id,file,elements_in_range,possible_extra_elements,background_subtracted"]
    for i, elements in enumerate((["O"], ["Fe", "O"], ["Cr", "O"])[: 3 if weak_cr else 2]):
        weak = {"Cr": 0.1} if elements[0] == "Cr" else None  # the bundled model sees this Cr at about 0.75
        s = synthetic_eels(elements=elements, energy_axis=(400.0, 0.5, 1024), random_state=i % 2, jump_ratios=weak)
        energy = s.axes_manager.signal_axes[0].axis
        np.savetxt(path / "spectra" / f"s{i}.csv", np.c_[energy, s.data], delimiter=",", header="energy_eV,intensity")
        lines.append(f"s{i},spectra/s{i}.csv,{';'.join(elements)},,no")
    (path / "manifest.csv").write_text("\n".join(lines) + "\n")
    return path


def test_calibrate_real_writes_the_best_threshold_and_reports_cross_validation(tmp_path, capsys):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata, save_untrained_recognizer
    from hyperspy_eels_edgeid.workflows.calibrate import calibrate_threshold_real, main

    d = save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    real = _tiny_real_dir(tmp_path / "real")
    rec = load_recognizer(d, "cpu")
    best, report = calibrate_threshold_real(rec, str(real))
    scores = report["scores"]
    assert best == max(scores, key=lambda c: (round(scores[c], 6), c))
    assert report["in_sample"]["f1"] == pytest.approx(scores[best])
    cv = report["leave_one_material_out"]
    assert set(cv["thresholds"]) == {"s0", "s1"}  # no material column: each spectrum is its own material
    assert calibrate_threshold_real(load_recognizer(d, "cpu"), str(tmp_path / "absent")) == (None, {})
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "manifest.csv").write_text((real / "manifest.csv").read_text().splitlines()[0] + "\n")
    assert calibrate_threshold_real(load_recognizer(d, "cpu"), str(empty)) == (None, {})
    rc = main(["--weights", str(d), "--device", "cpu", "--thresholds", "real", "--real-dir", str(real)])
    meta = read_metadata(d)
    assert rc == 0 and np.allclose(meta["thresholds"], best)
    assert "leave-one-material-out" in meta["threshold_calibration"]
    out = capsys.readouterr().out
    assert "calibration on real spectra" in out and "leave-one-material-out" in out
    rc = main(["--weights", str(d), "--device", "cpu", "--thresholds", "both", "--real-dir", str(real),
               "--calibration-n", "20", "--calibration-seed", "3"])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0 and "synthetic F1 per global threshold (seed 3)" in out
    assert "20 synthetic spectra (seed 3)" in read_metadata(d)["threshold_calibration"]


def test_calibrate_real_chooses_the_threshold_of_the_best_f1(tmp_path):
    """With the bundled model the F1 varies over the candidates; the choice is its maximum, computed here anew."""
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.workflows.calibrate import calibrate_threshold_real
    from hyperspy_eels_edgeid.workflows.metrics import set_metrics

    rec = load_recognizer(device="cpu")
    real = _tiny_real_dir(tmp_path / "real", weak_cr=True)
    best, report = calibrate_threshold_real(rec, str(real))
    truths = [{"O"}, {"Fe", "O"}, {"Cr", "O"}]
    spectra = [np.loadtxt(real / "spectra" / f"s{i}.csv", delimiter=",", skiprows=1) for i in range(3)]
    f1 = {}
    for c in report["scores"]:
        reported = [set(rec.predict(x[:, 0], x[:, 1][None], thresholds=c).detected(c)[0]) for x in spectra]
        f1[c] = set_metrics(truths, reported, [set()] * 3)["f1"]
        assert report["scores"][c] == pytest.approx(f1[c])
    assert len({round(v, 6) for v in f1.values()}) > 1  # the choice matters
    assert best == max(f1, key=lambda c: (round(f1[c], 6), c))  # the best F1; of equal ones the higher threshold


def test_leave_one_material_out_holds_each_material_out():
    from hyperspy_eels_edgeid.workflows.calibrate import leave_one_material_out

    truths = [{"O"}, {"O"}, {"Fe"}, {"Fe"}]
    dont_care = [set()] * 4
    # material A is best at 0.3, material B at 0.6: held out, each gets the other's choice
    reported = {
        0.3: [{"O"}, {"O"}, {"Fe", "C"}, {"Fe", "C"}],
        0.6: [set(), set(), {"Fe"}, {"Fe"}],
    }
    cv = leave_one_material_out(truths, dont_care, ["A", "A", "B", "B"], reported)
    assert cv["thresholds"] == {"A": 0.6, "B": 0.3}
    assert cv["metrics"]["f1"] == pytest.approx((0 + 0 + 2 / 3 + 2 / 3) / 4)
    # with synthetic F1 in the choice (the mean of both), a synthetic preference for 0.3 decides for A's held-out
    # choice (B's spectra: 0.6 F1 1, 0.3 F1 2/3; means 0.5 * (1 + 0.1) = 0.55 < 0.5 * (2/3 + 0.9) = 0.78)
    cv = leave_one_material_out(truths, dont_care, ["A", "A", "B", "B"], reported, synthetic={0.3: 0.9, 0.6: 0.1})
    assert cv["thresholds"] == {"A": 0.3, "B": 0.3}
    # two synthetic curves (spectra and images) join the mean with equal weights: (1 + 0.1 + 0.9) / 3 = 0.67 at 0.6
    # beats (2/3 + 0.9 + 0) / 3 = 0.52 at 0.3 for A's held-out choice, made on B's spectra
    curves = [{0.3: 0.9, 0.6: 0.1}, {0.3: 0.0, 0.6: 0.9}]
    cv = leave_one_material_out(truths, dont_care, ["A", "A", "B", "B"], reported, synthetic=curves)
    assert cv["thresholds"] == {"A": 0.6, "B": 0.3}


def test_map_scores_follow_the_pixel_rule_of_identify_edges(tmp_path, capsys):
    """The images' element-set F1 per threshold is that of identify_edges' pixel rule at that threshold."""
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir, read_metadata
    from hyperspy_eels_edgeid.recognizer.priors import PRIOR_TIERS
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig
    from hyperspy_eels_edgeid.workflows.calibrate import main, map_scores
    from hyperspy_eels_edgeid.workflows.metrics import set_metrics

    rec = load_recognizer(device="cpu")
    scores = map_scores(rec, n=3, seed=20000, grid=(0.3, 0.7))
    config = SynthesisConfig(candidate_elements=PRIOR_TIERS["common"])
    for t in (0.3, 0.7):
        truths, written = [], []
        for seed in (20000, 20001, 20002):
            s = synthetic_eels(navigation_shape=(8, 8), random_state=seed, config=config)
            # each pixel alone, decided by the pixel rule alone (a lazy result): no neighbour sums, no checks of
            # summed spectra, which map_scores leaves out
            result = s.identify_edges(threshold=t, despike=False, show_progressbar=False, shift_search=False,
                                      sum_neighbours=False, lazy_output=True, add_elements=False)  # fmt: skip
            result.compute(show_progressbar=False)
            truths.append(set(s.metadata.Truth.elements) - set(result.summary().not_observable))
            written.append(set(result.detected_elements()))
        assert scores[t] == pytest.approx(set_metrics(truths, written)["f1"])
    # the CLI puts the images into the mean and says so in the JSON's note
    import shutil

    d = tmp_path / "m"
    shutil.copytree(default_weights_dir(), d)
    real = _tiny_real_dir(tmp_path / "real")
    rc = main(["--weights", str(d), "--device", "cpu", "--thresholds", "real", "--real-dir", str(real),
               "--maps", "2", "--maps-seed", "20000"])  # fmt: skip
    assert rc == 0 and "element-set F1 of 2 synthetic 8 x 8 maps" in capsys.readouterr().out
    assert "2 synthetic 8 x 8 spectrum images (seeds from 20000)" in read_metadata(d)["threshold_calibration"]
    with pytest.raises(SystemExit):
        main(["--weights", str(d), "--thresholds", "synthetic", "--maps", "2"])


def test_calibrate_synthetic_decides_again_for_each_threshold(tmp_path):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.workflows.calibrate import calibrate_threshold

    rec = load_recognizer(device="cpu")  # trained: F1 differs between the candidates
    asked = []
    decide = rec.decide
    rec.decide = lambda evidence, **kw: asked.append(kw.get("thresholds")) or decide(evidence, **kw)
    try:
        best, scores = calibrate_threshold(rec, n=20, seed=3, grid=[0.2, 0.5, 0.8])
    finally:
        del rec.decide
    assert set(scores) == {0.2, 0.5, 0.8} and len(set(scores.values())) > 1 and scores[best] == max(scores.values())
    # the evidence is gathered once (at 2.0: nothing reported), then one decision per candidate
    assert [float(t) for t in asked if t is not None and float(t) != 2.0] == [0.2, 0.5, 0.8]


def test_calibrate_refuses_the_bundled_model_and_missing_choices(capsys):
    from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
    from hyperspy_eels_edgeid.workflows.calibrate import main

    with pytest.raises(SystemExit):
        main(["--weights", str(default_weights_dir()), "--thresholds", "real"])
    with pytest.raises(SystemExit):
        main(["--weights", "somewhere"])
