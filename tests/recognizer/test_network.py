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


def _window_batch(n: int, n_grid: int, lo: int, hi: int, seed: int = 0, windows=None) -> torch.Tensor:
    """Inputs as grid.normalise makes them: data, mask 1 on channels lo..hi-1; zeros, mask 0, the position elsewhere.

    `windows`: one (lo, hi) per spectrum instead."""
    g = torch.Generator().manual_seed(seed)
    x = torch.zeros(n, 4, n_grid)
    x[:, 3] = torch.linspace(-1.0, 1.0, n_grid)
    for i, (a, b) in enumerate(windows or [(lo, hi)] * n):
        x[i, :2, a:b] = torch.randn(2, b - a, generator=g)
        x[i, 2, a:b] = 1.0
    return x


def _near_measured(net, x):
    """(N, T): the measured steps of each spectrum and their neighbours (what the evidence reader reads)."""
    measured = net.step_mask(x)
    near = measured.clone()
    near[:, 1:] |= measured[:, :-1]
    near[:, :-1] |= measured[:, 1:]
    return near


def _compare_with_every_step(net, x):
    with torch.no_grad():
        cropped = net(x)
        net.MIN_CROPPED_BATCH = 10**6  # every step
        full = net(x)
        del net.MIN_CROPPED_BATCH
    near = _near_measured(net, x)
    assert near.any(dim=1).all()
    torch.testing.assert_close(cropped["presence_logits"], full["presence_logits"])
    assert torch.equal(cropped["usable"], full["usable"])
    for key in ("position_logits", "family_logits"):
        torch.testing.assert_close(cropped[key].transpose(1, 2)[near], full[key].transpose(1, 2)[near], msg=key)
    torch.testing.assert_close(cropped["onset_offset"][near], full["onset_offset"][near])


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
    assert bool((stop - start + 1 < net.n_steps).all())
    assert net._steps_to_run(x)[0] == "shared"
    _compare_with_every_step(net, x)


def test_spectra_of_different_windows_each_run_their_own_steps_with_the_outputs_of_running_all():
    net = _random_net(2001)
    windows = [(0, 200), (1800, 2001), (900, 1000), (300, 700), (1020, 1030), (50, 400), (1500, 1900), (600, 620)]
    x = _window_batch(8, 2001, 0, 0, windows=windows)
    assert net._steps_to_run(x)[0] == "own"
    _compare_with_every_step(net, x)


def test_every_step_runs_in_training_for_small_batches_wide_windows_and_inputs_that_differ_outside(monkeypatch):
    from hyperspy_eels_edgeid.recognizer import network

    net = _random_net(2001)
    x = _window_batch(9, 2001, 900, 1300)
    assert net._steps_to_run(x) is not None
    assert net._steps_to_run(x[:2]) is None  # fewer than MIN_CROPPED_BATCH spectra
    assert net._steps_to_run(_window_batch(9, 2001, 20, 1990)) is None  # nearly every step
    other = x.clone()
    other[3, 3, 0] += 1.0  # one spectrum's input differs outside the measured channels
    assert net.measured_steps(other) is None and net._steps_to_run(other) is None

    def refuse(*args):
        raise AssertionError("ran only some steps")

    monkeypatch.setattr(network, "shared_run", refuse)
    assert net.train()(x)["position_logits"].shape[2] == net.n_steps  # training runs every step
    with pytest.raises(AssertionError, match="only some steps"):
        net.eval()(x)


def test_with_frozen_batchnorm_training_runs_the_measured_steps_with_the_gradient_of_all():
    net = _random_net(2001)
    net.head[2].p = net.edge_head[2].p = 0.0  # no dropout: the two passes comparable
    net.freeze_batchnorm = True
    net.train()
    assert not net.normalises_by_batch() and net.lstm.training
    windows = [(900, 1300)] * 4 + [(100, 300), (1600, 1800), (1000, 1010), (400, 800), (1200, 1500)]
    x = _window_batch(9, 2001, 0, 0, windows=windows)
    assert net._steps_to_run(x)[0] == "own"
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


def test_threads_sharing_the_network_get_the_answer_of_one():
    """dask runs blocks in threads: a per-spectrum run must not borrow anything another thread changes (a module
    shared between calls once gave 6 of 400 calls another direction's weights)."""
    import sys
    import threading

    import numpy as np

    from hyperspy_eels_edgeid.recognizer.grid import network_input
    from hyperspy_eels_edgeid.recognizer.loading import load_recognizer

    rec = load_recognizer(device="cpu")
    windows = [np.linspace(lo, lo + 20.0, 200) for lo in np.linspace(60.0, 3900.0, 8)]
    x = torch.from_numpy(np.concatenate([network_input(e, 1e5 * (e / e[0]) ** -3.0, rec.grid)[0] for e in windows]))
    assert rec.net._steps_to_run(x)[0] == "own"
    with torch.inference_mode():
        alone = rec.net(x)["position_logits"]
    differing = []

    def work():
        with torch.inference_mode():
            differing.extend(not torch.equal(rec.net(x)["position_logits"], alone) for _ in range(100))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often
    try:
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(differing) == 400 and not any(differing)
