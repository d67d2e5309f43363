"""The CNN-BiLSTM module."""

import pytest

torch = pytest.importorskip("torch")

from hyperspy_eels_edgeid.recognizer.network import EdgeNet, n_steps  # noqa: E402


def test_shapes_and_paper_building_blocks():
    net = EdgeNet(n_classes=5, n_grid=1000)
    x = torch.zeros(3, 4, 1000)
    x[:, 2] = 1.0
    out = net.eval()(x)
    assert out["position_logits"].shape == (3, 5, n_steps(1000))
    assert out["presence_logits"].shape == (3, 5)
    convs = [m for m in net.modules() if isinstance(m, torch.nn.Conv1d)]
    assert convs and all(c.kernel_size == (11,) for c in convs)
    assert sum(isinstance(m, torch.nn.BatchNorm1d) for m in net.modules()) == len(convs)
    assert net.lstm.hidden_size == 100 and net.lstm.bidirectional
    assert any(isinstance(m, torch.nn.Dropout) and m.p == 0.2 for m in net.modules())


def test_unmeasured_or_disallowed_steps_give_not_observed():
    allowed = torch.zeros(2, n_steps(256), dtype=torch.bool)
    allowed[0, :2] = True  # class 0 can only start in the first steps
    allowed[1, -2:] = True  # class 1 only in the last (unmeasured) ones
    net = EdgeNet(n_classes=2, n_grid=256, conv_channels=(4, 4, 4, 4), hidden=4, dense=4, allowed=allowed).eval()
    x = torch.randn(1, 4, 256)
    x[:, 2] = 0.0
    x[:, 2, :128] = 1.0  # only the first half measured
    out = net(x)
    assert out["presence_logits"][0, 1] == -30.0
    assert out["presence_logits"][0, 0] > -30.0


def test_bad_allowed_shape():
    with pytest.raises(ValueError, match="allowed"):
        EdgeNet(n_classes=2, n_grid=256, allowed=torch.ones(3, 3, dtype=torch.bool))
