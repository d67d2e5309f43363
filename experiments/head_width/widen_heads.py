"""Write a model directory whose two heads have a wider dense layer but compute what the source computes (Net2Net).

Usage: python experiments/head_width/widen_heads.py SOURCE OUT DENSE   (e.g. model_weights runs/head192 192)

Each head is Linear(200, d) -> LeakyReLU -> Dropout -> Linear(d, C). The new units copy randomly chosen old
ones (their input weights with noise 1e-3, random_state 0, so that they can part); every copied unit's
outgoing weights are divided among its copies. LeakyReLU acts unit by unit, so the heads' outputs are
unchanged but for the noise. Prints the largest difference of the presence logits on random input.
"""

import copy
import sys

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.model_files import build_network, load_model, save_model


def widen_head(state: dict, prefix: str, dense: int, rng: np.random.Generator, noise: float = 1e-3) -> None:
    """Widen ``{prefix}.0`` (d -> dense outputs) and ``{prefix}.3`` (dense inputs) of a state dict in place."""
    w1, b1, w2 = state[f"{prefix}.0.weight"], state[f"{prefix}.0.bias"], state[f"{prefix}.3.weight"]
    old = w1.shape[0]
    source = np.concatenate([np.arange(old), rng.integers(0, old, dense - old)])
    counts = np.bincount(source, minlength=old)
    index = torch.as_tensor(source)
    new_w1 = w1[index].clone()
    new_w1[old:] += noise * torch.as_tensor(rng.standard_normal(new_w1[old:].shape), dtype=w1.dtype)
    state[f"{prefix}.0.weight"] = new_w1
    state[f"{prefix}.0.bias"] = b1[index].clone()
    state[f"{prefix}.3.weight"] = w2[:, index] / torch.as_tensor(counts[source], dtype=w2.dtype)[None, :]


def main() -> None:
    source, out, dense = sys.argv[1], sys.argv[2], int(sys.argv[3])
    net, meta = load_model(source, device="cpu")
    wide_meta = copy.deepcopy(meta)
    wide_meta["network"]["dense"] = dense
    wide = build_network(wide_meta)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    rng = np.random.default_rng(0)
    for prefix in ("head", "edge_head"):
        widen_head(state, prefix, dense, rng)
    wide.load_state_dict(state)
    net.eval()
    wide.eval()
    x = torch.randn(4, 4, net.n_grid)
    x[:, net.mask_channel] = 1.0  # every channel measured
    with torch.no_grad():
        a, b = net(x), wide(x)
    diff = (a["presence_logits"] - b["presence_logits"]).abs().max().item()
    diff_edge = max((a[k] - b[k]).abs().max().item() for k in a if k != "presence_logits" and torch.is_tensor(a[k]) and a[k].is_floating_point())
    print(f"widened the heads of {source} to {dense}: largest presence-logit difference on random input {diff:.2e}, "
          f"other outputs {diff_edge:.2e}")
    save_model(out, wide, wide_meta)


if __name__ == "__main__":
    main()
