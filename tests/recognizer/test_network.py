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


def _window_batch(n: int, n_grid: int, lo: int, hi: int, seed: int = 0) -> torch.Tensor:
    """Inputs as grid.normalise makes them: data, mask 1 on channels lo..hi-1; zeros, mask 0, the position elsewhere."""
    g = torch.Generator().manual_seed(seed)
    x = torch.zeros(n, 4, n_grid)
    x[:, 3] = torch.linspace(-1.0, 1.0, n_grid)
    x[:, :2, lo:hi] = torch.randn(n, 2, hi - lo, generator=g)
    x[:, 2, lo:hi] = 1.0
    return x


def _random_net(n_grid: int) -> EdgeNet:
    torch.manual_seed(0)
    net = EdgeNet(n_classes=6, n_grid=n_grid, conv_channels=(8, 8, 8, 8), hidden=8, dense=8, edge_families=4)
    for module in net.modules():  # statistics that make the unmeasured channels' features non-trivial
        if isinstance(module, torch.nn.BatchNorm1d):
            module.running_mean.normal_()
            module.running_var.uniform_(0.5, 2.0)
    return net.eval()


@pytest.mark.parametrize("lo, hi", [(0, 300), (900, 1300), (1700, 2001), (1020, 1030)])
def test_running_only_the_measured_steps_gives_the_outputs_of_running_all(lo, hi):
    net = _random_net(2001)
    x = _window_batch(9, 2001, lo, hi)
    start, stop = net.measured_steps(x)
    assert stop - start + 1 < net.n_steps
    with torch.no_grad():
        cropped = net(x)
        net.MIN_CROPPED_BATCH = 10**6  # every step
        full = net(x)
    measured = net.step_mask(x)[0]
    near = measured.clone()  # the evidence reader also reads the neighbours of a measured step
    near[1:] |= measured[:-1]
    near[:-1] |= measured[1:]
    assert near.any()
    torch.testing.assert_close(cropped["presence_logits"], full["presence_logits"])
    assert torch.equal(cropped["usable"], full["usable"])
    torch.testing.assert_close(cropped["position_logits"][..., near], full["position_logits"][..., near])
    torch.testing.assert_close(cropped["family_logits"][..., near], full["family_logits"][..., near])
    torch.testing.assert_close(cropped["onset_offset"][..., near], full["onset_offset"][..., near])


def test_every_step_runs_in_training_for_small_batches_wide_windows_and_inputs_that_differ_outside():
    net = _random_net(2001)
    x = _window_batch(9, 2001, 900, 1300)
    assert net.measured_steps(x) is not None
    assert net.measured_steps(x[:2]) is None  # fewer than MIN_CROPPED_BATCH spectra
    assert net.measured_steps(_window_batch(9, 2001, 20, 1990)) is None  # nearly every step
    other = x.clone()
    other[3, 3, 0] += 1.0  # one spectrum's input differs outside the measured channels
    assert net.measured_steps(other) is None

    def refuse(*args):
        raise AssertionError("ran only some steps")

    net._sequence_over = refuse
    assert net.train()(x)["position_logits"].shape[2] == net.n_steps  # training runs every step
    with pytest.raises(AssertionError, match="only some steps"):
        net.eval()(x)


def test_with_frozen_batchnorm_training_runs_the_measured_steps_with_the_gradient_of_all():
    net = _random_net(2001)
    net.head[2].p = net.edge_head[2].p = 0.0  # no dropout: the two passes comparable
    net.freeze_batchnorm = True
    net.train()
    assert not net.normalises_by_batch() and net.lstm.training
    x = _window_batch(9, 2001, 900, 1300)
    assert net.measured_steps(x) is not None
    gradients = {}
    for way, minimum in (("measured", 8), ("every", 10**6)):
        net.MIN_CROPPED_BATCH = minimum
        net.zero_grad()
        out = net(x)
        usable = out["usable"]
        measured = net.step_mask(x)
        loss = out["position_logits"][usable].square().sum() + out["presence_logits"].sum()
        loss = loss + out["family_logits"].transpose(1, 2)[measured].square().sum()
        loss = loss + out["onset_offset"][measured].sum()
        loss.backward()
        gradients[way] = {name: p.grad.clone() for name, p in net.named_parameters() if p.grad is not None}
    assert gradients["measured"].keys() == gradients["every"].keys() == dict(net.named_parameters()).keys()
    for name, gradient in gradients["every"].items():
        torch.testing.assert_close(gradients["measured"][name], gradient, msg=name)
    net.freeze_batchnorm = False
    assert net.train().normalises_by_batch()
