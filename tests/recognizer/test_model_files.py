"""Model files: safetensors + JSON, integrity checks."""

import json
import shutil

import pytest

pytest.importorskip("torch")

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

from hyperspy_eels_edgeid.recognizer.model_files import save_untrained_recognizer  # noqa: E402
from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, WEIGHTS_FILE, WeightsError, load_model  # noqa: E402

SMALL = dict(conv_channels=[4, 4, 4, 4], hidden=8, dense=8)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return save_untrained_recognizer(tmp_path_factory.mktemp("model"), seed=1, **SMALL)


def _copy(model_dir, tmp_path):
    d = tmp_path / "copy"
    shutil.copytree(model_dir, d)
    return d


def test_roundtrip_no_pickle(model_dir):
    net, meta = load_model(model_dir)
    assert (model_dir / WEIGHTS_FILE).read_bytes()[:8] != b"\x80\x04\x95"  # not a pickle
    assert len(meta["elements"]) == len(meta["thresholds"]) == net.n_classes


def test_missing_weights(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    (d / WEIGHTS_FILE).unlink()
    with pytest.raises(WeightsError, match="missing"):
        load_model(d)


def test_missing_json(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    (d / METADATA_FILE).unlink()
    with pytest.raises(WeightsError, match="missing"):
        load_recognizer(d, device="cpu")


def test_truncated_weights(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    data = (d / WEIGHTS_FILE).read_bytes()
    (d / WEIGHTS_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsError, match="truncated"):
        load_model(d)


def test_corrupt_weights_same_size(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    data = bytearray((d / WEIGHTS_FILE).read_bytes())
    data[-10] ^= 0xFF
    (d / WEIGHTS_FILE).write_bytes(bytes(data))
    with pytest.raises(WeightsError, match="sha256"):
        load_model(d)


def test_mismatched_architecture(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    meta = json.loads((d / METADATA_FILE).read_text())
    meta["network"]["hidden"] = 16
    (d / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(WeightsError, match="architecture"):
        load_model(d)


def test_other_depth_is_reported_as_architecture(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    meta = json.loads((d / METADATA_FILE).read_text())
    meta["network"]["conv_channels"] = [4, 4, 4]
    (d / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(WeightsError, match="architecture"):
        load_model(d)


def test_corrupt_json(model_dir, tmp_path):
    d = _copy(model_dir, tmp_path)
    (d / METADATA_FILE).write_text("{not json")
    with pytest.raises(WeightsError, match="JSON"):
        load_model(d)


def _swap_in_json(d, first: str, second: str, onsets_too: bool) -> None:
    meta = json.loads((d / METADATA_FILE).read_text())
    i, j = meta["elements"].index(first), meta["elements"].index(second)
    meta["elements"][i], meta["elements"][j] = second, first
    if onsets_too:
        meta["onsets"][i], meta["onsets"][j] = meta["onsets"][j], meta["onsets"][i]
    (d / METADATA_FILE).write_text(json.dumps(meta))


def test_relabelled_json_is_refused(model_dir, tmp_path):
    """Swapping two elements with their onsets would relabel every detection: the weights' allowed table disagrees."""
    d = _copy(model_dir, tmp_path)
    _swap_in_json(d, "Fe", "O", onsets_too=True)
    with pytest.raises(WeightsError, match="label space"):
        load_model(d)


def test_element_names_edited_in_json_are_refused(model_dir, tmp_path):
    """Swapping only the names leaves the allowed table consistent; exspy's onsets for the names do not match."""
    d = _copy(model_dir, tmp_path)
    _swap_in_json(d, "Fe", "O", onsets_too=False)
    with pytest.raises(WeightsError, match="exspy's database"):
        load_model(d)
    meta = json.loads((d / METADATA_FILE).read_text())
    meta["elements"][meta["elements"].index("Fe")] = "Xx"  # not an element at all
    (d / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(WeightsError, match="'Xx', which exspy's element database does not know"):
        load_model(d)


def test_near_window_ends_matches_its_definition():
    """An element is near the ends when any of its onsets lies within 20 eV + 1.5 % of the start or end."""
    import numpy as np

    from hyperspy_eels_edgeid.recognizer.labels import near_window_ends

    rng = np.random.default_rng(0)
    onsets = [list(rng.uniform(50, 4000, rng.integers(0, 4))) for _ in range(60)]  # some elements have none
    start = rng.uniform(50, 3000, 300)
    end = start + rng.uniform(20, 2000, 300)
    expected = np.zeros((300, 60), dtype=bool)
    for k, element_onsets in enumerate(onsets):
        for onset in element_onsets:
            tol = 20.0 + 0.015 * onset
            expected[:, k] |= (np.abs(start - onset) <= tol) | (np.abs(end - onset) <= tol)
    assert expected.any() and not expected.all()
    np.testing.assert_array_equal(near_window_ends(start, end, onsets), expected)
