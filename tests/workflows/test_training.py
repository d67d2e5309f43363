"""Training: a tiny network on a tiny synthetic database must learn (loss falls), resume, reproduce."""

import json
import os
import pathlib

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from hyperspy_eels_edgeid.synthesis import SynthesisConfig  # noqa: E402
from hyperspy_eels_edgeid.workflows.losses import position_weights  # noqa: E402
from hyperspy_eels_edgeid.workflows.training import TrainConfig, train  # noqa: E402
from hyperspy_eels_edgeid.workflows.training_data import make_targets, sample_batch  # noqa: E402

TINY = dict(conv_channels=(8, 8, 8, 8), hidden=16, dense=16, batch_size=16, num_threads=2, show_progressbar=False)
# narrow windows at fixed dispersion keep the tiny task cheap
EASY = {"window_start": [400.0, 450.0], "dispersion": [0.5, 0.5], "n_channels": [1024, 1024], "shot_noise": False}


def _log(run):
    return [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]


def test_targets_mark_labelled_onsets():
    from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
    from hyperspy_eels_edgeid.recognizer.labels import label_space

    grid = model_grid(GRID_SEGMENTS)
    space = label_space(grid)
    batch = sample_batch(8, SynthesisConfig(), np.random.default_rng(3), 0.0, {})
    from hyperspy_eels_edgeid.recognizer.network import n_steps

    t = make_targets(batch, grid, space, 32, n_steps(grid.size))
    elements = list(space)
    step_energy = grid[::32][: n_steps(grid.size)]
    n_labels = 0
    for i in range(8):
        # present: exactly the labelled elements of the label space; a 1 at the step nearest each labelled onset
        labelled = [e for e in batch.labels(i)["edges"] if e["is_label"] and e["element"] in space]
        on_grid = {elements[k] for k in np.flatnonzero(t["presence"][i])}
        assert on_grid == {e["element"] for e in labelled}
        for e in labelled:
            assert t["position"][i, elements.index(e["element"]), np.abs(step_energy - e["onset"]).argmin()] == 1
        marked = {(elements[k], s) for k, s in zip(*np.nonzero(t["position"][i]))}
        assert marked == {(e["element"], np.abs(step_energy - e["onset"]).argmin()) for e in labelled}
        n_labels += len(labelled)
    assert n_labels >= 8


def test_weak_labels_are_dont_care_for_the_element_head():
    from hyperspy_eels_edgeid.recognizer.grid import GRID_SEGMENTS, model_grid
    from hyperspy_eels_edgeid.recognizer.labels import label_space
    from hyperspy_eels_edgeid.recognizer.network import n_steps

    grid = model_grid(GRID_SEGMENTS)
    space = label_space(grid)
    batch = sample_batch(64, SynthesisConfig.realistic(), np.random.default_rng(5), 0.0, {})
    plain = make_targets(batch, grid, space, 32, n_steps(grid.size))
    masked = make_targets(batch, grid, space, 32, n_steps(grid.size), weak_label_psnr=3.0)
    index = {e: k for k, e in enumerate(space)}
    labels = batch.edges[batch.edges["is_label"]]
    weak = {(int(i), index[str(e)]) for i, e, q in zip(labels["spectrum"], labels["element"], labels["psnr"])
            if q < 3.0 and str(e) in index}  # fmt: skip
    assert weak, "the batch should hold labels too weak to be seen"
    for i, k in weak:
        assert plain["presence"][i, k] == 1 and masked["presence"][i, k] == 1
        assert masked["presence_weight"][i, k] == 0
    changed = {(int(i), int(k)) for i, k in zip(*np.nonzero(plain["presence_weight"] != masked["presence_weight"]))}
    assert changed and changed <= weak  # nothing else changes
    np.testing.assert_array_equal(plain["x"], masked["x"])


def test_position_weights_spare_the_steps_next_to_each_onset():
    rng = np.random.default_rng(4)
    position = np.zeros((5, 3, 20), dtype=np.float32)
    position[np.arange(5), rng.integers(0, 3, 5), rng.integers(0, 20, 5)] = 1
    position[0, 0, [0, 19]] = 1  # at both ends
    expected = np.ones_like(position)
    for i, k, t in zip(*np.nonzero(position)):
        expected[i, k, max(t - 1, 0) : t + 2] = 0
    expected[position > 0] = 1
    np.testing.assert_array_equal(position_weights(torch.from_numpy(position)).numpy(), expected)


def test_keep_hardest_keeps_the_spectra_the_element_head_gets_most_wrong():
    from hyperspy_eels_edgeid.recognizer.network import EdgeNet
    from hyperspy_eels_edgeid.workflows.losses import spectrum_losses
    from hyperspy_eels_edgeid.workflows.validation import keep_hardest

    torch.manual_seed(0)
    net = EdgeNet(3, 256, conv_channels=(4, 4), hidden=6, dense=5).train()
    batch = {"x": torch.randn(6, 4, 256), "presence": torch.zeros(6, 3), "presence_weight": torch.ones(6, 3),
             "position": torch.zeros(6, 3, net.n_steps, dtype=torch.uint8)}  # fmt: skip
    batch["presence"][[1, 4]] = 1.0  # elements the untrained network does not report: the largest losses
    batch["position"][[1, 4], :, 2] = 1
    state = {k: v.clone() for k, v in net.state_dict().items()}
    kept = keep_hardest(net, batch, 2, "cpu")
    assert net.training  # back in training mode, batch-norm statistics untouched
    assert all(torch.equal(state[k], v) for k, v in net.state_dict().items())
    net.eval()
    with torch.no_grad():
        parts = spectrum_losses(net(batch["x"]), batch)
    ranked = (parts["presence"] + parts["position"]).argsort(descending=True)[:2]
    assert sorted(ranked.tolist()) == [1, 4]
    torch.testing.assert_close(kept["x"], batch["x"][ranked])
    assert set(kept) == set(batch) and all(len(v) == 2 for v in kept.values())
    assert keep_hardest(net, batch, 6, "cpu") is batch


def test_hard_example_run_draws_more_spectra_than_it_trains_on(tmp_path):
    cfg = TrainConfig(out=str(tmp_path / "hard"), on_the_fly=True, samples_per_epoch=64, n_validation=16, epochs=1,
                      synthesis=EASY, hard_example_fraction=0.5, **TINY)  # fmt: skip
    train(cfg)
    assert _log(tmp_path / "hard")[0]["seen"] == 32  # 64 drawn in batches of 32, the 16 hardest of each trained


def test_epoch_models_are_kept_and_loadable(tmp_path):
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    run = tmp_path / "run"
    cfg = TrainConfig(out=str(run), on_the_fly=True, samples_per_epoch=32, n_validation=16, epochs=2, synthesis=EASY,
                      keep_epoch_models=True, **TINY)  # fmt: skip
    train(cfg)
    assert sorted(p.name for p in run.glob("epoch_*")) == ["epoch_001", "epoch_002"]
    assert [read_metadata(run / f"epoch_00{n}")["epochs"] for n in (1, 2)] == [1, 2]
    final = (run / "edge_recognizer.safetensors").read_bytes()
    assert (run / "epoch_002" / "edge_recognizer.safetensors").read_bytes() == final
    assert (run / "epoch_001" / "edge_recognizer.safetensors").read_bytes() != final


def _tiny_database(path, n=96):
    database = pytest.importorskip("hyperspy_eels_edgeid.synthesis.database")
    cfg = SynthesisConfig().replace(window_start=(400.0, 450.0), dispersion=0.5, n_channels=1024, shot_noise=False)
    database.synthesize_database(path, n, config=cfg, seed=1, chunk_size=32, n_workers=0, show_progressbar=False)
    return path


def test_tiny_run_loss_falls_and_resumes(tmp_path):
    path = _tiny_database(tmp_path / "tiny.h5")
    run = tmp_path / "run"
    cfg = TrainConfig(out=str(run), database=str(path), epochs=5, learning_rate=1e-2, **TINY)
    train(cfg)
    log = _log(run)
    assert [r["epoch"] for r in log] == [1, 2, 3, 4, 5]
    assert log[-1]["train_loss"] < 0.85 * log[0]["train_loss"]
    assert np.isfinite(log[-1]["val"]["loss"])
    # resume: asking for more epochs continues from the checkpoint
    train(TrainConfig(**{**cfg.__dict__, "epochs": 6}))
    assert [r["epoch"] for r in _log(run)] == [1, 2, 3, 4, 5, 6]
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    assert load_recognizer(run, device="cpu").elements


def test_reproducible(tmp_path):
    losses = []
    for name in ("a", "b"):
        cfg = TrainConfig(out=str(tmp_path / name), on_the_fly=True, samples_per_epoch=32, n_validation=16,
                          epochs=1, synthesis=EASY, **TINY)  # fmt: skip
        train(cfg)
        losses.append(_log(tmp_path / name)[0]["train_loss"])
    assert losses[0] == losses[1]


def test_bfloat16_run_trains_like_float32_and_resumes_in_float32(tmp_path):
    """Mixed precision (``precision="bfloat16"``): other arithmetic, nearly the same losses; weights stay float32."""
    logs = {}
    for precision in ("float32", "bfloat16"):
        cfg = TrainConfig(out=str(tmp_path / precision), on_the_fly=True, samples_per_epoch=32, n_validation=16,
                          epochs=1, synthesis=EASY, precision=precision, **TINY)  # fmt: skip
        train(cfg)
        logs[precision] = _log(tmp_path / precision)[0]
    a, b = logs["float32"]["train_loss"], logs["bfloat16"]["train_loss"]
    assert a != b and abs(a - b) < 0.05 * a
    from safetensors.torch import load_file

    saved = load_file(str(tmp_path / "bfloat16" / "edge_recognizer.safetensors"))
    assert all(t.dtype != torch.bfloat16 for t in saved.values())
    train(TrainConfig(**{**cfg.__dict__, "epochs": 2, "precision": "float32"}))  # the arithmetic may change on resume
    assert [r["epoch"] for r in _log(tmp_path / "bfloat16")] == [1, 2]


def test_a_run_resumed_in_a_second_process_continues_the_same_run(tmp_path):
    """Two epochs in one go, and one epoch then a second in a new Python process (the command line): the same run."""
    import subprocess
    import sys

    from safetensors.torch import load_file

    settings = dict(on_the_fly=True, samples_per_epoch=32, n_validation=16, synthesis=EASY, **TINY)
    train(TrainConfig(out=str(tmp_path / "whole"), epochs=2, **settings))
    train(TrainConfig(out=str(tmp_path / "split"), epochs=1, **settings))
    command = [sys.executable, "-m", "hyperspy_eels_edgeid.workflows.cli", "train", "--on-the-fly",
               "--out", str(tmp_path / "split"), "--epochs", "2", "--samples-per-epoch", "32", "--n-validation", "16",
               "--synthesis", json.dumps(EASY), "--conv-channels", "8,8,8,8", "--hidden", "16", "--dense", "16",
               "--batch-size", "16", "--num-threads", "2", "--no-progressbar"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "resuming from the end of epoch 1" in done.stderr
    whole, split = _log(tmp_path / "whole"), _log(tmp_path / "split")
    assert [r["epoch"] for r in split] == [1, 2]
    for a, b in zip(whole, split):
        assert a["train_loss"] == b["train_loss"] and a["val"] == b["val"]
    ours, theirs = (load_file(str(tmp_path / name / "edge_recognizer.safetensors")) for name in ("whole", "split"))
    assert ours.keys() == theirs.keys()
    for name in ours:
        torch.testing.assert_close(ours[name], theirs[name], rtol=0, atol=0)


def test_data_workers_give_the_same_run(tmp_path):
    """On-the-fly batches made by worker processes are those made in the training process."""
    logs = []
    for workers in (0, 2):
        run = tmp_path / f"w{workers}"
        cfg = TrainConfig(out=str(run), on_the_fly=True, samples_per_epoch=48, n_validation=16, epochs=1,
                          synthesis=EASY, synthesis_alternate={"background_exponent_mean": 3.0},
                          data_workers=workers, **TINY)  # fmt: skip
        train(cfg)
        logs.append(_log(run)[0])
    assert logs[0]["train_loss"] == logs[1]["train_loss"]
    assert logs[0]["val"] == logs[1]["val"]


def test_initialise_from_copies_shared_elements_across_grids(tmp_path):
    """Warm start: the old model's rows go to the same elements of a new label space and grid."""
    torch = pytest.importorskip("torch")
    from hyperspy_eels_edgeid.recognizer.grid import model_grid
    from hyperspy_eels_edgeid.recognizer.labels import label_space
    from hyperspy_eels_edgeid.recognizer.model_files import build_network, load_model, model_metadata, save_untrained_recognizer
    from hyperspy_eels_edgeid.workflows.checkpoints import initialise_from

    small = dict(conv_channels=(4, 4), hidden=4, dense=6)
    old_dir = save_untrained_recognizer(tmp_path / "old", seed=1, **small)
    old, old_meta = load_model(old_dir)
    # a new model on a shorter grid with a different (smaller) label space
    segments = ((400.0, 900.0, 0.5),)
    space = label_space(model_grid(segments))
    meta = model_metadata(dict(in_channels=4, conv_channels=[4, 4], hidden=4, dense=6, dropout=0.2), segments=segments)
    assert meta["elements"] == list(space) and len(meta["thresholds"]) == len(space)
    torch.manual_seed(5)
    new = build_network(meta)
    allowed_before = new.allowed.clone()
    # one element the old model does not know keeps its initialisation
    elements = list(space)
    elements[0] = "Xx"
    fresh_row = new.head[-1].weight[0].clone()
    assert initialise_from(new, old_dir, elements) == len(new.state_dict()) - 1  # all but `allowed`
    assert torch.equal(new.lstm.weight_hh_l0, old.lstm.weight_hh_l0)
    assert torch.equal(new.features[1].running_var, old.features[1].running_var)
    for name in ("weight", "bias"):
        new_p, old_p = getattr(new.head[-1], name), getattr(old.head[-1], name)
        for k, element in enumerate(elements[1:], start=1):
            assert torch.equal(new_p[k], old_p[old_meta["elements"].index(element)])
    assert torch.equal(new.head[-1].weight[0], fresh_row)
    assert torch.equal(new.allowed, allowed_before)
    # another architecture (here a narrower BiLSTM) is refused, not half copied
    meta["network"]["hidden"] = 3
    with pytest.raises(ValueError, match="another architecture"):
        initialise_from(build_network(meta), old_dir, list(space))


def test_initialise_from_a_narrower_bilstm_starts_as_the_trained_network(tmp_path):
    """A wider BiLSTM is warm-started function-preservingly (Net2Net): it computes what the trained one did."""
    torch = pytest.importorskip("torch")
    from hyperspy_eels_edgeid.recognizer.model_files import build_network, load_model, save_untrained_recognizer
    from hyperspy_eels_edgeid.workflows.checkpoints import initialise_from

    old_dir = save_untrained_recognizer(tmp_path / "old", seed=1, conv_channels=(4, 4), hidden=4, dense=6,
                                        edge_families=9)  # fmt: skip
    old, meta = load_model(old_dir)
    meta["network"]["hidden"] = 7
    torch.manual_seed(3)
    new = build_network(meta)
    initialise_from(new, old_dir, meta["elements"])
    assert new.lstm.hidden_size == 7 and new.head[0].in_features == 14
    x = torch.randn(3, 4, new.n_grid)
    old.eval(), new.eval()
    with torch.no_grad():
        a, b = old(x), new(x)
    for key in ("presence_logits", "family_logits", "onset_offset"):
        torch.testing.assert_close(a[key], b[key], atol=0.02, rtol=0.0)
    assert not torch.equal(new.lstm.weight_ih_l0[4:7], new.lstm.weight_ih_l0[:3])  # the copies can learn apart


def _tiny_on_the_fly(run, **changes):
    settings = dict(on_the_fly=True, samples_per_epoch=32, n_validation=16, epochs=1, synthesis=EASY, **TINY)
    return TrainConfig(out=str(run), **{**settings, **changes})


def test_a_run_on_another_grid_writes_a_model_on_that_grid(tmp_path):
    """``grid_segments`` sets the new model's grid: its JSON, its steps, its label space; resuming on
    another grid is refused; the command line's ``--grid-segments`` gives the same setting."""
    from hyperspy_eels_edgeid.recognizer.grid import model_grid, parse_grid_segments
    from hyperspy_eels_edgeid.recognizer.labels import label_space
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.recognizer.network import n_steps

    segments = ((300.0, 700.0, 0.5), (700.0, 1000.0, 1.0))
    run = tmp_path / "grid"
    train(_tiny_on_the_fly(run, grid_segments=segments))
    meta = json.loads((run / "edge_recognizer.json").read_text())
    assert meta["grid_segments"] == [list(s) for s in segments]
    grid = model_grid(segments)
    rec = load_recognizer(run, device="cpu")
    np.testing.assert_array_equal(rec.grid, grid)
    assert rec.step_energy.size == n_steps(grid.size) and list(rec.elements) == list(label_space(grid))
    with pytest.raises(ValueError, match="grid_segments"):
        train(_tiny_on_the_fly(run, epochs=2))
    assert parse_grid_segments("300:700:0.5,700:1000:1") == segments
    for bad in ("300:700", "300:700:0", "a:b:c"):
        with pytest.raises(ValueError, match="start:stop:step"):
            parse_grid_segments(bad)
    with pytest.raises(ValueError, match="contiguous"):
        TrainConfig(grid_segments=((300.0, 700.0, 0.5), (600.0, 1000.0, 1.0)))  # overlapping
    for bad in (((300.0, 700.0, 0.5), (800.0, 1000.0, 1.0)), ((700.0, 300.0, 1.0),)):  # a gap; stop below start
        with pytest.raises(ValueError, match="contiguous"):
            TrainConfig(grid_segments=bad)
    with pytest.raises(ValueError, match="no element's principal edge"):  # refused before the run directory exists
        train(_tiny_on_the_fly(tmp_path / "empty_grid", grid_segments=((50.0, 60.0, 1.0),)))
    assert not (tmp_path / "empty_grid").exists()


def test_resume_refuses_other_settings(tmp_path):
    """Resuming with another seed would redraw the data (and a database's validation split): refused, nothing written."""
    run = tmp_path / "run"
    train(_tiny_on_the_fly(run))
    before = {p.name: p.read_bytes() for p in run.iterdir()}
    with pytest.raises(ValueError, match="seed: 0 in the run, 1 now"):
        train(_tiny_on_the_fly(run, seed=1, epochs=2))
    with pytest.raises(ValueError, match="hidden"):
        train(_tiny_on_the_fly(run, hidden=8, epochs=2))
    with pytest.raises(ValueError, match=r"synthesis\.n_channels: \[1024, 1024\] in the run, \[900, 900\] now"):
        train(_tiny_on_the_fly(run, synthesis={**EASY, "n_channels": [900, 900]}, epochs=2))
    assert {p.name: p.read_bytes() for p in run.iterdir()} == before
    # what may change: the number of epochs, threads, workers, device
    train(_tiny_on_the_fly(run, epochs=2, num_threads=1))
    assert [r["epoch"] for r in _log(run)] == [1, 2]


def test_rerun_writes_a_model_lost_after_the_last_checkpoint(tmp_path):
    """Interrupted between the last checkpoint and the model (here: model files deleted, a stale log line
    left): the same command writes the model and keeps one log line per epoch."""
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
    from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, WEIGHTS_FILE, read_metadata

    run = tmp_path / "run"
    train(_tiny_on_the_fly(run))
    expected = (run / WEIGHTS_FILE).read_bytes()
    (run / WEIGHTS_FILE).unlink()
    (run / METADATA_FILE).unlink()
    with open(run / "log.jsonl", "a") as log:
        log.write(json.dumps({"epoch": 2}) + "\n")
    train(_tiny_on_the_fly(run))
    assert (run / WEIGHTS_FILE).read_bytes() == expected
    assert read_metadata(run)["epochs"] == 1 and read_metadata(run)["validation"]["n"] == 16
    assert load_recognizer(run, device="cpu").elements
    assert [r["epoch"] for r in _log(run)] == [1]
    # interrupted after epoch 1's log line and model but before its checkpoint, or mid-line: trimmed
    for name in ("checkpoint.json", "checkpoint.safetensors"):
        (run / name).unlink()
    with open(run / "log.jsonl", "a") as log:
        log.write('{"epoch": 2, "lr": 0.0')
    train(_tiny_on_the_fly(run))
    assert [r["epoch"] for r in _log(run)] == [1]


def test_checkpoint_without_settings_resumes_and_records_them(tmp_path, capsys):
    """Checkpoints written before the settings check still resume; their settings are checked from then on."""
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    run = tmp_path / "run"
    train(_tiny_on_the_fly(run))
    state = json.loads((run / "checkpoint.json").read_text())
    del state["config"], state["validation"]
    (run / "checkpoint.json").write_text(json.dumps(state))
    (run / "edge_recognizer.json").unlink()
    train(_tiny_on_the_fly(run))  # the lost model is rewritten with the logged validation metrics
    assert read_metadata(run)["validation"] == _log(run)[0]["val"]
    assert "predates the check" in capsys.readouterr().err
    # recorded by that call, which trained no epoch: another seed is refused from now on
    assert json.loads((run / "checkpoint.json").read_text())["config"]["seed"] == 0
    with pytest.raises(ValueError, match="seed"):
        train(_tiny_on_the_fly(run, seed=2))
    train(_tiny_on_the_fly(run, epochs=2))
    assert json.loads((run / "checkpoint.json").read_text())["config"]["seed"] == 0
    with pytest.raises(ValueError, match="seed"):
        train(_tiny_on_the_fly(run, epochs=3, seed=2))


def test_resume_with_the_database_path_written_otherwise(tmp_path, monkeypatch):
    path = _tiny_database(tmp_path / "tiny.h5", n=32)
    settings = dict(epochs=1, **TINY)
    train(TrainConfig(out=str(tmp_path / "run"), database=str(path), **settings))
    monkeypatch.chdir(tmp_path)
    train(TrainConfig(out="run", database="tiny.h5", **{**settings, "epochs": 2}))
    assert [r["epoch"] for r in _log(tmp_path / "run")] == [1, 2]
    with pytest.raises(ValueError, match=r"synthesis_alternate|validation_fraction: 0.2 in the run, 0.5 now"):
        train(TrainConfig(out="run", database="tiny.h5", validation_fraction=0.5, **{**settings, "epochs": 3}))
    # a split that leaves no spectrum for validation is refused before anything is written
    with pytest.raises(ValueError, match="leaves 0 for validation"):
        train(TrainConfig(out="run_small_split", database="tiny.h5", validation_fraction=0.01, **settings))
    assert not pathlib.Path("run_small_split").exists()


@pytest.mark.parametrize(
    "change",
    [{"validation_fraction": 1.0}, {"validation_fraction": 0.0}, {"batch_size": 0}, {"epochs": 0},
     {"learning_rate": -1.0}, {"lr_schedule": "step"}, {"data_workers": -1}, {"threshold": 7.0},
     {"precision": "float16"}, {"hard_example_fraction": 0.0}, {"hard_example_fraction": 1.5}, {"num_threads": 0},
     {"max_minutes": -1.0}, {"conv_channels": (8, 0, 8, 8)}, {"hidden": 0}, {"dense": 0}, {"dropout": 1.0},
     {"edge_loss_weight": -1.0}, {"position_loss_weight": -0.5}, {"weak_label_psnr": -1.0}],
)  # fmt: skip
def test_config_out_of_range_is_refused(change):
    name = next(iter(change))
    with pytest.raises(ValueError, match=f"{name}="):
        TrainConfig(on_the_fly=True, **change)


def test_synthesis_settings_with_a_database_are_refused():
    with pytest.raises(ValueError, match="on_the_fly"):
        TrainConfig(database="db.h5", synthesis={"window_start": [400, 450]})


def test_cli_refuses_on_the_fly_options_with_a_database(capsys):
    from hyperspy_eels_edgeid.workflows.training import main

    with pytest.raises(SystemExit) as exit_:
        main(["--database", "db.h5", "--samples-per-epoch", "5"])
    assert exit_.value.code == 2 and "--samples-per-epoch: only for --on-the-fly" in capsys.readouterr().err


def test_cli_element_weights_reach_the_config(monkeypatch, capsys):
    from hyperspy_eels_edgeid.workflows import training

    seen = []
    monkeypatch.setattr(training, "train", seen.append)
    assert training.main(["--on-the-fly", "--element-weights", '{"N": 3, "O": 2}']) == 0
    assert training.main(["--on-the-fly"]) == 0
    assert seen[0].element_weights == {"N": 3, "O": 2}
    assert seen[1].element_weights == TrainConfig().element_weights
    with pytest.raises(SystemExit) as exit_:
        training.main(["--database", "db.h5", "--element-weights", '{"N": 3}'])
    assert exit_.value.code == 2 and "--element-weights: only for --on-the-fly" in capsys.readouterr().err
    for bad, message in (("[3]", "expected a JSON object"), ('{"Xx": 3}', "Xx"), ('{"N": 0}', "must be positive"),
                         ('{"N": "three"}', "--element-weights"), ("{N: 3}", "not JSON")):  # fmt: skip
        with pytest.raises(SystemExit) as exit_:
            training.main(["--on-the-fly", "--element-weights", bad])
        assert exit_.value.code == 2 and message in capsys.readouterr().err, bad
    assert len(seen) == 2  # none of the refused ones trained


def test_cuda_without_cuda_is_a_clear_error(tmp_path):
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here")
    from hyperspy_eels_edgeid.workflows.cli import main

    assert main(["train", "--on-the-fly", "--device", "cuda", "--out", str(tmp_path / "r")]) == 2
    assert not (tmp_path / "r").exists()


def test_edge_head_learns_and_warm_starts_from_a_model_without_one(tmp_path):
    """An edge head added to a trained model: the rest is copied, the head's family loss falls, inference uses it."""
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    plain = tmp_path / "plain"
    train(_tiny_on_the_fly(plain, epochs=1))
    run = tmp_path / "edge"
    train(_tiny_on_the_fly(run, epochs=4, edge_head=True, learning_rate=1e-2, samples_per_epoch=64,
                           init_from=str(plain)))  # fmt: skip
    log = _log(run)
    assert log[-1]["train_family_loss"] < 0.8 * log[0]["train_family_loss"]
    assert "train_offset_loss" in log[0]
    rec = load_recognizer(run, device="cpu")
    plain_rec = load_recognizer(plain, device="cpu")
    assert rec.net.edge_families and not plain_rec.net.edge_families
    e = np.linspace(400.0, 900.0, 1000)
    pred = rec.predict(e, 1e6 * (e / 400.0) ** -3.0)
    share = pred.evidence["family_share"]
    assert share.shape == (1, len(rec.elements)) and ((share >= 0) & (share <= 1)).all()
    assert "family_share" not in plain_rec.predict(e, 1e6 * (e / 400.0) ** -3.0).evidence


def test_warm_start_keeps_the_decoder_settings(tmp_path):
    """A run started from a model writes that model's decoder settings, not the defaults (training does not change them)."""
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    plain = tmp_path / "plain"
    train(_tiny_on_the_fly(plain, epochs=1))
    meta_file = plain / "edge_recognizer.json"
    meta = json.loads(meta_file.read_text())
    assert meta["decoder"]["shared_edge_steps"] == 1.0  # the default
    meta["decoder"]["shared_edge_steps"] = 2.0
    meta["image_decoder"] = {"post_edge_steps": 2.0}  # the maps' settings travel with it
    meta_file.write_text(json.dumps(meta))
    run = tmp_path / "warm"
    train(_tiny_on_the_fly(run, init_from=str(plain)))
    assert read_metadata(run)["decoder"] == meta["decoder"]
    assert read_metadata(run)["image_decoder"] == meta["image_decoder"]
    # resumed without --init-from, with the starting model gone: the run keeps its decoder settings
    import shutil

    shutil.rmtree(plain)
    train(_tiny_on_the_fly(run, epochs=2))
    assert json.loads((run / "checkpoint.json").read_text())["epoch"] == 2
    assert read_metadata(run)["decoder"] == meta["decoder"]
    assert read_metadata(run)["image_decoder"] == meta["image_decoder"]


def test_a_run_with_frozen_batchnorm_keeps_the_start_statistics_and_needs_a_start(tmp_path):
    from safetensors.torch import load_file

    settings = dict(on_the_fly=True, samples_per_epoch=64, n_validation=16, synthesis=EASY, **TINY)
    with pytest.raises(ValueError, match="freeze_batchnorm"):
        TrainConfig(out=str(tmp_path / "x"), epochs=1, freeze_batchnorm=True, **settings)
    train(TrainConfig(out=str(tmp_path / "start"), epochs=1, **settings))
    for frozen in (False, True):
        out = tmp_path / f"frozen_{frozen}"
        train(TrainConfig(out=str(out), epochs=1, init_from=str(tmp_path / "start"), freeze_batchnorm=frozen,
                          learning_rate=1e-2, **settings))  # fmt: skip
        start, now = (load_file(str(d / "edge_recognizer.safetensors")) for d in (tmp_path / "start", out))
        statistics = [name for name in start if name.endswith(("running_mean", "running_var"))]
        assert statistics
        kept = all(torch.equal(start[name], now[name]) for name in statistics)
        assert kept == frozen  # frozen: the start's statistics; otherwise the batches' moved them
        assert not torch.equal(start["lstm.weight_hh_l0"], now["lstm.weight_hh_l0"])  # the weights trained either way


def test_a_run_directory_another_running_process_holds_is_refused(tmp_path):
    import subprocess
    import sys

    from hyperspy_eels_edgeid.workflows.checkpoints import claim_run_directory

    run = tmp_path / "run"
    run.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (run / "run.lock").write_text(str(other.pid))
        with pytest.raises(ValueError, match=f"in use by another training run \\(process {other.pid}\\)"):
            train(_tiny_on_the_fly(run))
        assert not (run / "log.jsonl").exists()
    finally:
        other.kill()
        other.wait()
    claim_run_directory(run)  # the mark of a process that no longer runs is taken over
    assert (run / "run.lock").read_text() == str(os.getpid())
    train(_tiny_on_the_fly(tmp_path / "done"))  # a run that ended leaves no mark: another process may resume it
    assert (tmp_path / "done" / "checkpoint.json").exists() and not (tmp_path / "done" / "run.lock").exists()
