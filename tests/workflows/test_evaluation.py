"""The paper's metrics and the evaluation entry points."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.workflows.evaluation import PAPER_ELEMENTS, PAPER_TABLE4, per_element_metrics, prf, set_metrics


def test_prf_definitions():
    assert prf(2, 2, 2) == (1.0, 1.0, 1.0)
    assert prf(1, 2, 1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert prf(0, 0, 1) == (0.0, 0.0, 0.0)  # nothing predicted, something missed
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing reported


def test_exact_and_recognition_accuracy():
    truth = [{"Fe", "O"}, {"C"}, {"N", "Ti"}, {"Ca"}]
    pred = [{"Fe", "O"}, {"C", "O"}, {"N"}, set()]
    m = set_metrics(truth, pred)
    assert m["exact"] == 0.25  # only the first is exactly right
    assert m["recognition"] == 0.5  # first and second hold every true element
    f1 = [1.0, 2 / 3, 2 / 3, 0.0]
    assert m["f1"] == pytest.approx(np.mean(f1))


def test_dont_care_neither_rewards_nor_punishes():
    m = set_metrics([{"Fe"}], [{"Fe", "C"}], dont_care=[{"C"}])
    assert m["exact"] == 1.0 and m["precision"] == 1.0


def test_per_element():
    r = per_element_metrics([{"C"}, {"C", "O"}, {"O"}], [{"C"}, {"C"}, {"O", "N"}], ["C", "O", "N"])
    assert r["C"]["precision"] == 1.0 and r["C"]["recall"] == 1.0
    assert r["O"]["recall"] == 0.5 and r["N"]["precision"] == 0.0


def test_table4_has_the_papers_20_elements():
    assert set(PAPER_TABLE4) == set(PAPER_ELEMENTS) and len(PAPER_ELEMENTS) == 20
    assert all(v[1] is not None for v in PAPER_TABLE4.values())


def test_real_evaluation_skips_gracefully(tmp_path, capsys):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows.evaluation import evaluate_real
    from hyperspy_eels_edgeid.recognizer.inference import load_recognizer, save_untrained_recognizer

    rec = load_recognizer(save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8), "cpu")
    assert evaluate_real(rec, str(tmp_path / "absent")) is None
    assert "skipping" in capsys.readouterr().out


def test_cli_runs_end_to_end_on_a_tiny_model(tmp_path, capsys):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows.evaluation import main
    from hyperspy_eels_edgeid.recognizer.inference import save_untrained_recognizer

    d = save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    out = tmp_path / "r.json"
    rc = main(["--weights", str(d), "--device", "cpu", "--n-synthetic", "20", "--skip", "sensitivity,confusions,edgefree",
               "--real-dir", str(tmp_path / "absent"), "--json", str(out), "--no-progressbar"])  # fmt: skip
    assert rc == 0 and out.is_file()
    assert "synthetic" in capsys.readouterr().out


def _tiny_real_dir(path):
    """Two labelled spectra in the benchmark's layout (synthetic stand-ins, not real data)."""
    import numpy as np

    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    (path / "spectra").mkdir(parents=True)
    lines = ["id,file,elements_in_range,possible_extra_elements,background_subtracted"]
    for i, elements in enumerate((["O"], ["Fe", "O"])):
        s = synthetic_eels(elements=elements, energy_axis=(400.0, 0.5, 1024), random_state=i)
        energy = s.axes_manager.signal_axes[0].axis
        np.savetxt(path / "spectra" / f"s{i}.csv", np.c_[energy, s.data], delimiter=",", header="energy_eV,intensity")
        lines.append(f"s{i},spectra/s{i}.csv,{';'.join(elements)},,no")
    (path / "manifest.csv").write_text("\n".join(lines) + "\n")
    return path


def test_calibrate_real_writes_the_best_threshold(tmp_path, capsys):
    pytest.importorskip("torch")
    import numpy as np

    from hyperspy_eels_edgeid.workflows.evaluation import RARE_IN_SPECIMENS, calibrate_threshold_real, main, thresholds_with_rare
    from hyperspy_eels_edgeid.recognizer.inference import load_recognizer, save_untrained_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    d = save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    real = _tiny_real_dir(tmp_path / "real")
    rec = load_recognizer(d, "cpu")
    best, scores = calibrate_threshold_real(rec, str(real))
    assert best == max(scores, key=lambda c: (round(scores[c], 6), c))
    assert scores[best] == max(scores.values())
    rare_best, _ = calibrate_threshold_real(rec, str(real), rare_threshold=0.95)
    rare = thresholds_with_rare(rec.elements, rare_best, 0.95)
    is_rare = np.isin(rec.elements, RARE_IN_SPECIMENS)
    assert is_rare.any() and np.all(rare[is_rare] == np.float32(0.95))
    assert np.all(rare[~is_rare] == np.float32(rare_best))
    assert calibrate_threshold_real(load_recognizer(d, "cpu"), str(tmp_path / "absent")) == (None, {})
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "manifest.csv").write_text((real / "manifest.csv").read_text().splitlines()[0] + "\n")
    assert calibrate_threshold_real(load_recognizer(d, "cpu"), str(empty)) == (None, {})
    rc = main(["--weights", str(d), "--device", "cpu", "--calibrate-real", "--real-dir", str(real),
               "--skip", "synthetic,sensitivity,confusions,edgefree,real", "--no-progressbar"])  # fmt: skip
    meta = read_metadata(d)
    assert rc == 0 and np.allclose(meta["thresholds"], best)
    assert "real" in meta["threshold_calibration"] and "calibration on real spectra" in capsys.readouterr().out


def test_end_zone_scores_pick_the_offset_that_removes_end_zone_false_alarms():
    from hyperspy_eels_edgeid.workflows.evaluation import end_zone_scores

    elements, thresholds = ["Fe", "O", "Ti"], np.full(3, 0.5)
    # spectrum 0: O a false alarm near the window's end (0.7: gone from an offset of about 0.85);
    # spectrum 1: Ti a true edge near the end (0.9: kept up to an offset of about 2.2)
    p = np.array([[0.95, 0.7, 0.0], [0.0, 0.0, 0.9]])
    near = np.array([[False, True, False], [False, False, True]])
    truths = [{"Fe"}, {"Ti"}]
    scores = end_zone_scores(p, near, truths, elements, thresholds, [0.0, 1.0, 3.0])
    assert scores == pytest.approx({0.0: (2 / 3 + 1) / 2, 1.0: 1.0, 3.0: 0.5})
    # where the correction does not apply, no offset changes anything
    flat = end_zone_scores(p, np.zeros_like(near), truths, elements, thresholds, [0.0, 1.0, 3.0])
    assert len(set(flat.values())) == 1


def test_calibrate_end_zone_writes_the_best_offset(tmp_path, capsys, monkeypatch):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows import evaluation
    from hyperspy_eels_edgeid.workflows.evaluation import calibrate_end_zone, main
    from hyperspy_eels_edgeid.recognizer.inference import _load_cached, load_recognizer, save_untrained_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata, set_end_zone_offset

    d = save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    rec = load_recognizer(d, "cpu")
    rec.end_zone_logit_offset = 0.25
    best, scores = calibrate_end_zone(rec, n=20, seed=3, offsets=[0.0, 1.0, 30.0])
    assert rec.end_zone_logit_offset == 0.25  # the recognizer is left as it was
    assert set(scores) == {0.0, 1.0, 30.0} and scores[best] == max(scores.values())
    with pytest.raises(ValueError, match="n:"):
        calibrate_end_zone(rec, n=0)

    def broken(*args, **kwargs):
        raise RuntimeError("network failed")

    monkeypatch.setattr(evaluation, "_predict_batch", broken)
    with pytest.raises(RuntimeError):
        calibrate_end_zone(rec, n=5)
    assert rec.end_zone_logit_offset == 0.25  # restored on error too
    monkeypatch.undo()
    rc = main(["--weights", str(d), "--device", "cpu", "--calibrate-end-zone", "--calibration-n", "20",
               "--skip", "synthetic,sensitivity,confusions,edgefree,real", "--no-progressbar"])  # fmt: skip
    meta = read_metadata(d)
    assert rc == 0 and "seed 77" in meta["end_zone_calibration"]
    assert "end-zone logit offset set" in capsys.readouterr().out
    _load_cached.cache_clear()
    assert load_recognizer(d, "cpu").end_zone_logit_offset == meta["end_zone_logit_offset"]
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="offset"):
            set_end_zone_offset(d, bad, "x")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--calibrate"], "give --weights DIR"),
        (["--calibrate-end-zone", "--weights", "BUNDLED"], "bundled model inside the package"),
        (["--rare-threshold", "0.9"], "--rare-threshold: only with"),
        (["--calibrate", "--per-element", "--rare-threshold", "0.9", "--weights", "x"], "--rare-threshold: only with"),
        (["--threshold", "7"], "--threshold: give a probability"),
        (["--skip", "sensitivty"], "unknown part(s) sensitivty"),
        (["--n-synthetic", "-5"], "--n-synthetic: give at least 1"),
        (["--calibrate-end-zone", "--weights", "x", "--calibration-n", "0"], "--calibration-n"),
    ],
)
def test_evaluate_refuses_meaningless_options(argv, message, capsys):
    """Checked before any model is loaded or written: the bundled JSON is never rewritten by a calibration."""
    from hyperspy_eels_edgeid.workflows.evaluation import main
    from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, default_weights_dir

    before = (default_weights_dir() / METADATA_FILE).read_bytes()
    argv = [str(default_weights_dir()) if a == "BUNDLED" else a for a in argv]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert (default_weights_dir() / METADATA_FILE).read_bytes() == before


def test_real_scores_have_per_element_metrics_with_dont_care_left_out():
    from hyperspy_eels_edgeid.workflows.evaluation import _score_real

    elements = ["C", "O", "Fe", "Sn"]
    predictions = [
        {"id": "a", "truth": {"Fe", "O"}, "dont_care": {"C"}, "probabilities": np.array([0.9, 0.9, 0.2, 0.0])},
        # an element of the label that also has secondary edges stays in the truth
        {"id": "b", "truth": {"Sn"}, "dont_care": {"Sn", "O"}, "probabilities": np.array([0.0, 0.9, 0.0, 0.8])},
    ]
    per = _score_real(predictions, elements, np.full(4, 0.5))["per_element"]
    assert per["Fe"]["recall"] == 0.0 and per["Fe"]["support"] == 1
    assert per["O"] == {"precision": 1.0, "recall": 1.0, "support": 1, "predicted": 1}
    assert per["Sn"]["recall"] == 1.0 and per["C"]["predicted"] == 0
