"""Calibration: thresholds and the end-zone offset chosen and written into a model copy's JSON."""

import numpy as np
import pytest


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

    from hyperspy_eels_edgeid.workflows.calibrate import calibrate_threshold_real, main, thresholds_with_rare
    from hyperspy_eels_edgeid.workflows.protocols import RARE_IN_SPECIMENS
    from hyperspy_eels_edgeid.recognizer.inference import load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer
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
    rc = main(["--weights", str(d), "--device", "cpu", "--thresholds", "real", "--real-dir", str(real)])
    meta = read_metadata(d)
    assert rc == 0 and np.allclose(meta["thresholds"], best)
    assert "real" in meta["threshold_calibration"] and "calibration on real spectra" in capsys.readouterr().out


def test_end_zone_scores_pick_the_offset_that_removes_end_zone_false_alarms():
    from hyperspy_eels_edgeid.workflows.calibrate import end_zone_scores

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
    from hyperspy_eels_edgeid.recognizer.inference import clear_recognizer_cache, load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata, save_untrained_recognizer, set_end_zone_offset
    from hyperspy_eels_edgeid.workflows import calibrate
    from hyperspy_eels_edgeid.workflows.calibrate import calibrate_end_zone, main

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

    monkeypatch.setattr(calibrate, "predict_batch", broken)
    with pytest.raises(RuntimeError):
        calibrate_end_zone(rec, n=5)
    assert rec.end_zone_logit_offset == 0.25  # restored on error too
    monkeypatch.undo()
    rc = main(["--weights", str(d), "--device", "cpu", "--end-zone", "--calibration-n", "20"])
    meta = read_metadata(d)
    assert rc == 0 and "seed 77" in meta["end_zone_calibration"]
    assert "end-zone logit offset set" in capsys.readouterr().out
    clear_recognizer_cache()
    assert load_recognizer(d, "cpu").end_zone_logit_offset == meta["end_zone_logit_offset"]
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="offset"):
            set_end_zone_offset(d, bad, "x")
