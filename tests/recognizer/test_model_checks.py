"""Malformed model JSON gives WeightsError naming file and field; the recognizer cache follows the files' content."""

import json
import shutil

import numpy as np
import pytest

pytest.importorskip("torch")

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer  # noqa: E402
from hyperspy_eels_edgeid.recognizer.model_files import (  # noqa: E402
    METADATA_FILE,
    WeightsError,
    load_model,
    read_metadata,
    save_untrained_recognizer,
    set_thresholds,
)

SMALL = dict(conv_channels=[4, 4, 4, 4], hidden=8, dense=8)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return save_untrained_recognizer(tmp_path_factory.mktemp("model"), seed=1, **SMALL)


def _set(path, value):
    def edit(meta):
        target = meta
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value(target[path[-1]]) if callable(value) else value
        return meta

    return edit


def _drop(key):
    def edit(meta):
        del meta[key]
        return meta

    return edit


def _first(value):
    """Set the first entry of a per-element list."""
    return lambda old: [value] + list(old[1:])


# (case id, edit of the parsed JSON, field the message must name)
CASES = [
    ("top-level list", lambda meta: [meta], "top level"),
    ("top-level string", lambda meta: "model", "top level"),
    ("thresholds as strings", _set(["thresholds"], lambda old: [str(t) for t in old]), "thresholds"),
    ("thresholds a string", _set(["thresholds"], "0.5"), "thresholds"),
    ("thresholds a number", _set(["thresholds"], 0.5), "thresholds"),
    ("threshold NaN", _set(["thresholds"], _first(float("nan"))), "thresholds"),
    ("threshold inf", _set(["thresholds"], _first(float("inf"))), "thresholds"),
    ("threshold above 1", _set(["thresholds"], _first(1.5)), "thresholds"),
    ("threshold below 0", _set(["thresholds"], _first(-0.1)), "thresholds"),
    ("threshold boolean", _set(["thresholds"], _first(True)), "thresholds"),
    ("threshold null", _set(["thresholds"], _first(None)), "thresholds"),
    ("thresholds too short", _set(["thresholds"], lambda old: old[:-1]), "thresholds"),
    ("onsets too long", _set(["onsets"], lambda old: old + [[100.0]]), "onsets"),
    ("onsets a dict", _set(["onsets"], {}), "onsets"),
    ("onset a string", _set(["onsets"], _first(["55"])), "onsets"),
    ("onset NaN", _set(["onsets"], _first([float("nan")])), "onsets"),
    ("onsets entry a number", _set(["onsets"], _first(55.0)), "onsets"),
    ("elements a string", _set(["elements"], "Fe"), "elements"),
    ("element a number", _set(["elements"], _first(3)), "elements"),
    ("element twice", _set(["elements"], lambda old: [old[1]] + list(old[1:])), "elements"),
    ("elements empty", _set(["elements"], []), "elements"),
    ("grid a string", _set(["grid_segments"], "50-4000"), "grid_segments"),
    ("grid segment too short", _set(["grid_segments"], [[50.0, 1000.0]]), "grid_segments"),
    ("grid step zero", _set(["grid_segments"], [[50.0, 1000.0, 0.0]]), "grid_segments"),
    ("grid step a string", _set(["grid_segments"], [[50.0, 1000.0, "0.25"]]), "grid_segments"),
    ("grid not contiguous", _set(["grid_segments"], [[50.0, 1000.0, 0.25], [900.0, 4000.0, 1.5]]), "grid_segments"),
    ("network a list", _set(["network"], [16, 32]), "network"),
    ("network hidden a string", _set(["network", "hidden"], "8"), "network.hidden"),
    ("network hidden float", _set(["network", "hidden"], 8.5), "network.hidden"),
    ("network conv_channels a number", _set(["network", "conv_channels"], 4), "network.conv_channels"),
    ("network dropout 1", _set(["network", "dropout"], 1.0), "network.dropout"),
    ("network unknown argument", _set(["network", "depth"], 3), "network.depth"),
    ("sha256 a number", _set(["weights_sha256"], 12), "weights_sha256"),
    ("sha256 short", _set(["weights_sha256"], "abc"), "weights_sha256"),
    ("size a string", _set(["weights_size"], "100"), "weights_size"),
    ("size negative", _set(["weights_size"], -1), "weights_size"),
    ("weights file a path", _set(["weights_file"], "../elsewhere.safetensors"), "weights_file"),
    ("weights file a number", _set(["weights_file"], 3), "weights_file"),
    ("decoder a list", _set(["decoder"], [1.0]), "decoder"),
    ("decoder prior NaN", _set(["decoder", "prior_step"], float("nan")), "decoder"),
    ("decoder prior a string", _set(["decoder", "prior_step"], "1"), "decoder"),
    ("decoder unknown setting", _set(["decoder", "prior"], 1.0), "decoder"),
    ("image decoder a list", _set(["image_decoder"], [1.0]), "image_decoder"),
    ("image decoder negative steps", _set(["image_decoder"], {"post_edge_steps": -1.0}), "image_decoder"),
    ("format version a string", _set(["format_version"], "1"), "version"),
] + [(f"missing {key}", _drop(key), key) for key in ("elements", "onsets", "grid_segments", "network", "thresholds")]


@pytest.mark.parametrize("case, edit, field", CASES, ids=[c[0] for c in CASES])
def test_malformed_json_names_file_and_field(model_dir, tmp_path, case, edit, field):
    d = tmp_path / "copy"
    shutil.copytree(model_dir, d)
    meta = json.loads((d / METADATA_FILE).read_text())
    meta.setdefault("decoder", {})
    (d / METADATA_FILE).write_text(json.dumps(edit(meta)))  # json writes NaN/Infinity, as a hand edit could
    for load in (read_metadata, load_model, lambda p: load_recognizer(p, device="cpu")):
        with pytest.raises(WeightsError) as info:
            load(d)
        message = str(info.value)
        assert str(d / METADATA_FILE) in message, message
        assert field in message, message


def test_untouched_json_passes(model_dir):
    meta = read_metadata(model_dir)
    assert len(meta["thresholds"]) == len(meta["elements"])


def _outputs(directory):
    rec = load_recognizer(directory, device="cpu")
    energy = np.linspace(300.0, 900.0, 600)
    spectra = 1e5 * (energy / 300.0) ** -3.0 * np.ones((1, 1))
    return rec, rec.predict(energy, spectra).probabilities


def test_retraining_into_the_same_folder_reloads(tmp_path):
    d = save_untrained_recognizer(tmp_path / "model", seed=1, **SMALL)
    first, p_first = _outputs(d)
    assert load_recognizer(d, device="cpu") is first  # unchanged files: cached
    save_untrained_recognizer(d, seed=2, **SMALL)  # "retrained" in place, same process
    second, p_second = _outputs(d)
    assert second is not first
    assert not np.allclose(p_first, p_second)
    assert load_recognizer(d, device="cpu") is second


def test_recalibrated_thresholds_are_reloaded(tmp_path):
    d = save_untrained_recognizer(tmp_path / "model", seed=1, **SMALL)
    before = load_recognizer(d, device="cpu")
    set_thresholds(d, 0.123, note="test")
    after = load_recognizer(d, device="cpu")
    assert after is not before
    np.testing.assert_allclose(after.thresholds, 0.123, rtol=1e-6)
    assert not np.allclose(before.thresholds, 0.123)


def test_weights_replaced_behind_the_json_are_checked_again(tmp_path):
    """Same JSON, other weights file: the cache must not hide the checksum mismatch."""
    d = save_untrained_recognizer(tmp_path / "model", seed=1, **SMALL)
    load_recognizer(d, device="cpu")
    other = save_untrained_recognizer(tmp_path / "other", seed=2, **SMALL)
    shutil.copy(other / "edge_recognizer.safetensors", d / "edge_recognizer.safetensors")
    with pytest.raises(WeightsError, match="sha256"):
        load_recognizer(d, device="cpu")
