"""The bundled network under CPU bfloat16 autocast: speed and what it changes in the answers.

Where the CPU has AVX512-BF16 (the development machine's AMD EPYC does), `torch.autocast("cpu",
torch.bfloat16)` runs the convolutions, the BiLSTM and the heads in bfloat16. Measured here: the
network alone (batch 64, two threads, best of three x 1,024 spectra), and the synthetic benchmark's
metrics on the same 3,000 default spectra (seed 20261202, the bundled threshold) in float32 and under
autocast, with how many reported element sets differ. A diagnostic: the package does not use it.

Usage: python experiments/bf16/measure.py [--n 3000]
"""

import argparse
import time

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


class Autocast(torch.nn.Module):
    """The network, run under CPU bfloat16 autocast, outputs back in float32."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = self.net(x)
        return {k: (v.float() if v.is_floating_point() else v) for k, v in out.items()}

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self.net, name)


def speed(net, x) -> float:
    best = 0.0
    with torch.inference_mode():
        net(x)
        for _ in range(3):
            t = time.perf_counter()
            for _ in range(16):
                net(x)
            best = max(best, 1024 / (time.perf_counter() - t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    a = ap.parse_args()
    torch.set_num_threads(2)
    rec = load_recognizer(None, device="cpu")
    fp32 = rec.net
    x = torch.randn(64, 4, fp32.n_grid)
    x[:, fp32.mask_channel] = 1.0
    print(f"network alone, float32: {speed(fp32, x):.0f} spectra/s; bfloat16 autocast: {speed(Autocast(fp32), x):.0f}")
    answers = {}
    for name, net in (("float32", fp32), ("bfloat16", Autocast(fp32))):
        rec.net = net
        rng = np.random.default_rng(20261202)
        truth, pred = [], []
        for start in range(0, a.n, 250):
            batch = synthesize_batch(min(250, a.n - start), SynthesisConfig(), rng)
            t, p, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
            truth += t
            pred += p
        m = set_metrics(truth, pred)
        answers[name] = pred
        print(f"{name}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} exact {m['exact']:.3f}")
    differ = sum(p != q for p, q in zip(answers["float32"], answers["bfloat16"]))
    print(f"reported sets that differ: {differ} of {a.n}")


if __name__ == "__main__":
    main()
