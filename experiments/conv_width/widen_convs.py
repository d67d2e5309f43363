"""Write a model directory whose convolutions are wider but compute what the source computes (Net2Net).

Usage: python experiments/conv_width/widen_convs.py SOURCE OUT W1,W2,W3,W4   (e.g. model_weights runs/conv15 24,48,72,96)

Each Conv1d -> BatchNorm1d -> ReLU block gets new output channels that copy randomly chosen old ones (kernel,
BatchNorm scale, shift and running statistics; noise 1e-3 times the kernel's spread on the copies' kernels,
random_state 0, so that they can part); the next convolution's (or the BiLSTM's) weights on a copied channel are
divided among its copies. Copies of a channel have the same batch statistics, so the network computes what the
source computes in training and in evaluation mode, but for the noise. Prints the largest difference of the
presence logits on random input.
"""

import copy
import sys

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.model_files import build_network, load_model, save_model


def widen_convs(state: dict, widths, rng: np.random.Generator, noise: float = 1e-3) -> dict:
    """A state dict of EdgeNet with its conv blocks widened to `widths` (features.{0,3,6,9} and their BatchNorms)."""
    state = {k: v.clone() for k, v in state.items()}
    convs = sorted({int(k.split(".")[1]) for k in state if k.startswith("features.") and k.endswith(".weight")
                    and state[k].dim() == 3})  # fmt: skip
    for layer, (conv, width) in enumerate(zip(convs, widths)):
        kernel = state[f"features.{conv}.weight"]
        old = kernel.shape[0]
        source = np.concatenate([np.arange(old), rng.integers(0, old, width - old)])
        counts = torch.as_tensor(np.bincount(source, minlength=old)[source], dtype=kernel.dtype)
        index = torch.as_tensor(source)
        new = kernel[index].clone()
        new[old:] += noise * float(kernel.std()) * torch.as_tensor(rng.standard_normal(new[old:].shape), dtype=kernel.dtype)
        state[f"features.{conv}.weight"] = new
        bn = conv + 1
        for name in ("weight", "bias", "running_mean", "running_var"):
            state[f"features.{bn}.{name}"] = state[f"features.{bn}.{name}"][index].clone()
        if layer + 1 < len(convs):  # the next convolution reads these channels
            nxt = f"features.{convs[layer + 1]}.weight"
            state[nxt] = state[nxt][:, index, :] / counts[None, :, None]
        else:  # the BiLSTM reads them, both directions
            for name in ("lstm.weight_ih_l0", "lstm.weight_ih_l0_reverse"):
                state[name] = state[name][:, index] / counts[None, :]
    return state


def main() -> None:
    source, out, widths = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3].split(",")]
    net, meta = load_model(source, device="cpu")
    wide_meta = copy.deepcopy(meta)
    wide_meta["network"]["conv_channels"] = widths
    wide = build_network(wide_meta)
    wide.load_state_dict(widen_convs(net.state_dict(), widths, np.random.default_rng(0)))
    x = torch.randn(4, 4, net.n_grid)
    x[:, net.mask_channel] = 1.0  # every channel measured
    for mode in ("eval", "train"):  # train mode: batch statistics, on copies (it moves the running ones), no dropout
        a, b = (copy.deepcopy(net), copy.deepcopy(wide)) if mode == "train" else (net, wide)
        for m in (a, b):
            m.train(mode == "train")
            for module in m.modules():
                if isinstance(module, torch.nn.Dropout):
                    module.eval()
        with torch.no_grad():
            diff = (a(x)["presence_logits"] - b(x)["presence_logits"]).abs().max().item()
        print(f"widened the convolutions of {source} to {widths}: largest presence-logit difference on random input "
              f"({mode} mode) {diff:.2e}")
    save_model(out, wide.eval(), wide_meta)


if __name__ == "__main__":
    main()
