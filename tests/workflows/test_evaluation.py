"""The evaluation protocols and ``eels-edgeid evaluate`` (which measures and writes nothing)."""

import json

import numpy as np
import pytest

from hyperspy_eels_edgeid.workflows.protocols import PAPER_ELEMENTS, PAPER_TABLE4


def test_table4_has_the_papers_20_elements():
    assert set(PAPER_TABLE4) == set(PAPER_ELEMENTS) and len(PAPER_ELEMENTS) == 20
    assert all(v[1] is not None for v in PAPER_TABLE4.values())


def test_real_evaluation_skips_gracefully(tmp_path, capsys):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows.real_spectra import evaluate_real
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer

    rec = load_recognizer(save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8), "cpu")
    assert evaluate_real(rec, str(tmp_path / "absent")) is None
    assert "skipping" in capsys.readouterr().out


def test_cli_runs_end_to_end_on_a_tiny_model(tmp_path, capsys):
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows.evaluation import main
    from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer

    d = save_untrained_recognizer(tmp_path / "m", conv_channels=[4, 4, 4, 4], hidden=8, dense=8)
    before = {f.name: f.read_bytes() for f in d.iterdir()}
    out = tmp_path / "r.json"
    rc = main(["--weights", str(d), "--device", "cpu", "--n-synthetic", "20", "--skip", "sensitivity,confusions,edgefree",
               "--real-dir", str(tmp_path / "absent"), "--json", str(out), "--no-progressbar"])  # fmt: skip
    assert rc == 0 and out.is_file()
    assert "synthetic" in capsys.readouterr().out
    json.loads(out.read_text(), parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))  # strict JSON
    assert {f.name: f.read_bytes() for f in d.iterdir()} == before  # evaluate only measures


@pytest.mark.parametrize(
    "argv, message",
    [
        (["evaluate", "--threshold", "7"], "--threshold: give a probability"),
        (["evaluate", "--skip", "sensitivty"], "unknown part(s) sensitivty"),
        (["evaluate", "--n-synthetic", "-5"], "--n-synthetic: give at least 1"),
        (["evaluate", "--calibrate"], "unrecognized arguments: --calibrate"),
        (["calibrate", "--thresholds", "synthetic"], "the following arguments are required: --weights"),
        (["calibrate", "--weights", "x"], "the following arguments are required: --thresholds"),
        (["evaluate", "--json", "/nonexistent_folder/r.json"], "--json: cannot write into /nonexistent_folder"),
        (["calibrate", "--thresholds", "real", "--weights", "BUNDLED"], "bundled model inside the package"),
        (["calibrate", "--thresholds", "real", "--rare-threshold", "0.9", "--weights", "x"],
         "unrecognized arguments: --rare-threshold"),
        (["calibrate", "--thresholds", "real", "--end-zone", "--weights", "x"], "unrecognized arguments: --end-zone"),
        (["calibrate", "--thresholds", "real", "--per-element", "--weights", "x"], "--per-element: only with"),
        (["calibrate", "--thresholds", "synthetic", "--weights", "x", "--calibration-n", "0"], "--calibration-n"),
    ],
)
def test_evaluate_and_calibrate_refuse_meaningless_options(argv, message, capsys):
    """Checked before any model is loaded or written: the bundled JSON is never rewritten by a calibration."""
    from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, default_weights_dir
    from hyperspy_eels_edgeid.workflows import calibrate, evaluation

    main = {"evaluate": evaluation.main, "calibrate": calibrate.main}[argv.pop(0)]

    before = (default_weights_dir() / METADATA_FILE).read_bytes()
    argv = [str(default_weights_dir()) if a == "BUNDLED" else a for a in argv]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
    assert (default_weights_dir() / METADATA_FILE).read_bytes() == before


def test_background_subtracted_real_spectra_are_read_with_a_power_law_back(tmp_path):
    """With include_bg_subtracted, such a spectrum is read as identify_edges reads it (a power law given back)."""
    from hyperspy_eels_edgeid.hyperspy.subtracted_background import restore_background
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.workflows.real_spectra import real_predictions

    energy = np.arange(400.0, 900.0, 0.5)
    edge = 200.0 * (energy > 532.0) * (energy / 532.0) ** -2.0 + np.random.default_rng(0).normal(0, 2.0, energy.size)
    (tmp_path / "spectra").mkdir()
    np.savetxt(tmp_path / "spectra" / "x.csv", np.c_[energy, edge], delimiter=",", header="energy_eV,intensity")
    (tmp_path / "manifest.csv").write_text("id,file,elements_in_range,background_subtracted\nx,spectra/x.csv,O,yes\n")
    rec = load_recognizer(device="cpu")
    assert real_predictions(rec, str(tmp_path), False) == []  # skipped unless asked for
    [read] = real_predictions(rec, str(tmp_path), True)
    expected = rec.predict(energy, restore_background(energy, edge[None]))
    np.testing.assert_allclose(read["probabilities"], expected.probabilities[0] * expected.observable[0], atol=1e-6)
    assert not np.allclose(read["probabilities"], rec.predict(energy, edge[None]).probabilities[0], atol=1e-3)


def test_real_scores_have_per_element_metrics_with_dont_care_left_out():
    from hyperspy_eels_edgeid.workflows.real_spectra import score_real

    elements = ["C", "O", "Fe", "Sn"]
    predictions = [
        {"id": "a", "truth": {"Fe", "O"}, "dont_care": {"C"}, "probabilities": np.array([0.9, 0.9, 0.2, 0.0])},
        # an element of the label that also has secondary edges stays in the truth
        {"id": "b", "truth": {"Sn"}, "dont_care": {"Sn", "O"}, "probabilities": np.array([0.0, 0.9, 0.0, 0.8])},
    ]
    per = score_real(predictions, elements, np.full(4, 0.5))["per_element"]
    assert per["Fe"]["recall"] == 0.0 and per["Fe"]["support"] == 1
    assert per["O"] == {"precision": 1.0, "recall": 1.0, "support": 1, "predicted": 1}
    assert per["Sn"]["recall"] == 1.0 and per["C"]["predicted"] == 0


def test_evaluate_synthetic_scores_what_the_model_reports_on_each_spectrum():
    """The metrics are those of the model's answers, each spectrum predicted alone on its own axis here."""
    pytest.importorskip("torch")
    import numpy as np

    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
    from hyperspy_eels_edgeid.workflows.metrics import set_metrics
    from hyperspy_eels_edgeid.workflows.protocols import MIN_PSNR, evaluate_synthetic

    rec = load_recognizer(device="cpu")
    result = evaluate_synthetic(rec, n=40, seed=11, chunk=40, shift_search=False, show_progressbar=False)
    batch = synthesize_batch(40, SynthesisConfig(), np.random.default_rng(11))  # the same spectra
    index = {e: k for k, e in enumerate(rec.elements)}
    truths, reported = [], []
    for i in range(len(batch)):
        energy = batch.energy_axis(i)
        alone = rec.predict(energy, batch.spectra[i, : energy.size][None])
        visible = alone.evidence["observable"][0]  # what the network can see, before the window-end rule
        truths.append({edge["element"] for edge in batch.labels(i)["edges"] if edge["is_label"]
                       and edge["element"] in index and visible[index[edge["element"]]] and edge["psnr"] >= MIN_PSNR})
        reported.append(set(alone.detected(rec.thresholds)[0]))
    expected = set_metrics(truths, reported)
    assert 0.3 < expected["f1"] < 1.0  # neither nothing nor everything right: the comparison can tell
    for name in ("precision", "recall", "f1", "exact"):
        assert result["metrics"][name] == pytest.approx(expected[name], abs=1e-9), name


def test_sensitivity_protocol_reads_the_settings_it_is_given():
    """The protocol's own settings find a strong O K edge; the same edge under noise ten times the background does
    not stand out, so `config` reaches the spectra (``experiments/table4_diagnosis`` passes its variants this way)."""
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.workflows.protocols import evaluate_sensitivity, sensitivity_config

    rec = load_recognizer(device="cpu")
    kwargs = dict(elements=("O",), jump_ratios=np.array([0.5]), n_noise=4)
    as_protocol = evaluate_sensitivity(rec, **kwargs)["O"]
    drowned = evaluate_sensitivity(rec, config=sensitivity_config().replace(noise_sigma=10.0), **kwargs)["O"]
    assert as_protocol["detection_rate"] == [1.0] and as_protocol["jump_ratio"] == 0.5
    assert drowned["detection_rate"][0] < 0.5 and drowned["jump_ratio"] is None
