"""scripts/average_weights.py: the mean of like models' tensors; unlike models refused."""

import importlib.util
import pathlib

import pytest

torch = pytest.importorskip("torch")

from hyperspy_eels_edgeid.recognizer.model_files import load_model, save_untrained_recognizer  # noqa: E402

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "average_weights.py"
spec = importlib.util.spec_from_file_location("average_weights", SCRIPT)
average_weights = importlib.util.module_from_spec(spec)
spec.loader.exec_module(average_weights)

TINY = dict(conv_channels=[4, 4, 4, 4], hidden=8, dense=8)


def test_mean_of_two_models_and_weighted_mean(tmp_path):
    a = save_untrained_recognizer(tmp_path / "a", seed=0, **TINY)
    b = save_untrained_recognizer(tmp_path / "b", seed=1, **TINY)
    net_a, _ = load_model(a)
    net_b, _ = load_model(b)
    assert average_weights.main([str(a), str(b), "--out", str(tmp_path / "m")]) == 0
    net_m, meta = load_model(tmp_path / "m")  # checksum written and checked
    key = next(k for k, v in net_a.state_dict().items() if v.is_floating_point() and v.numel() > 10)
    sa, sb, sm = net_a.state_dict()[key], net_b.state_dict()[key], net_m.state_dict()[key]
    assert not torch.allclose(sa, sb)
    torch.testing.assert_close(sm, (sa + sb) / 2)
    assert meta["training_stages"][-1]["averaged"] == [str(a), str(b)]
    net_w, _ = average_weights.average_models([a, b], [3.0, 1.0])
    torch.testing.assert_close(net_w.state_dict()[key], 0.75 * sa + 0.25 * sb)


def test_models_of_another_architecture_are_refused(tmp_path):
    a = save_untrained_recognizer(tmp_path / "a", seed=0, **TINY)
    c = save_untrained_recognizer(tmp_path / "c", seed=0, conv_channels=[4, 4, 4, 4], hidden=6, dense=8)
    with pytest.raises(ValueError, match="network"):
        average_weights.average_models([a, c])
