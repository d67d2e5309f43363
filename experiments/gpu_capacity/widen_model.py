"""Write a model directory whose BiLSTM is wider but computes what the source model computes (Net2Net).

Usage: python experiments/gpu_capacity/widen_model.py SOURCE OUT HIDDEN   (e.g. model_weights runs/wide160 160)

The source's tensors are widened with `workflows.widening.widen_lstm_state` (noise 1e-3 on the copies'
input weights, random_state 0); the JSON is the source's with the new width. Prints the largest
difference of the presence logits of the two networks on random input, which should be small.
"""

import copy
import sys

import torch

from hyperspy_eels_edgeid.recognizer.model_files import build_network, load_model, save_model
from hyperspy_eels_edgeid.workflows.widening import widen_lstm_state


def main() -> None:
    source, out, hidden = sys.argv[1], sys.argv[2], int(sys.argv[3])
    net, meta = load_model(source, device="cpu")
    wide_meta = copy.deepcopy(meta)
    wide_meta["network"]["hidden"] = hidden
    wide = build_network(wide_meta)
    wide.load_state_dict(widen_lstm_state(net.state_dict(), hidden, noise=1e-3, random_state=0))
    net.eval()
    wide.eval()
    x = torch.randn(4, 4, net.n_grid)
    x[:, net.mask_channel] = 1.0  # every channel measured
    with torch.no_grad():
        diff = (net(x)["presence_logits"] - wide(x)["presence_logits"]).abs().max().item()
    print(f"widened {source} to hidden {hidden}: largest presence-logit difference on random input {diff:.2e}")
    save_model(out, wide, wide_meta)


if __name__ == "__main__":
    main()
