"""Average the weights of networks fine-tuned from one start (a "model soup"): python make_soup.py OUT DIR [DIR ...]

Floating-point tensors are averaged uniformly; integer buffers (the `allowed` mask, batch counters) are
taken from the first model, whose JSON (decoder, grid, label space, thresholds) the soup keeps, with
``soup_of`` naming the ingredients. All ingredients must share the architecture and label space.
"""

import sys

import torch

from hyperspy_eels_edgeid.recognizer.model_files import load_model, save_model


def main(out, directories):
    nets, metas = zip(*(load_model(d) for d in directories))
    states = [net.state_dict() for net in nets]
    if any(s.keys() != states[0].keys() for s in states) or any(m["elements"] != metas[0]["elements"] for m in metas):
        raise SystemExit("the ingredients differ in architecture or label space")
    soup = {}
    for name, tensor in states[0].items():
        if tensor.is_floating_point():
            soup[name] = torch.stack([s[name] for s in states]).mean(0)
        else:
            soup[name] = tensor.clone()
    nets[0].load_state_dict(soup)
    meta = dict(metas[0])
    meta["soup_of"] = [str(d) for d in directories]
    save_model(out, nets[0], meta)
    print(f"{out}: mean of {len(directories)} networks")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
