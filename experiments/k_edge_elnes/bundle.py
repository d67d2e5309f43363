"""Bundle candidate N (rule2.md) as stage 17: its weights and JSON, with the bundled model's training history.

Usage (only if rule2.md's decision says so)::

    python experiments/k_edge_elnes/bundle.py runs/ke_N
"""

import json
import pathlib
import shutil
import sys

candidate = pathlib.Path(sys.argv[1])
target = pathlib.Path("model_weights")
meta = json.loads((candidate / "edge_recognizer.json").read_text())
history = json.loads((target / "edge_recognizer.json").read_text())["training_stages"]
assert history[-1]["stage"] == 16, "the bundled model is not stage 16"
meta["training_stages"] = history + [
    {
        "stage": 17,
        "commit": "f1fe18f",
        "averaged": [f"experiments/k_edge_elnes/weights/{m}" for m in ("K1", "K1b", "K1c")],
        "weights": [1.0, 1.0, 1.0],
        "note": (
            "uniform mean of the tensors of three fine-tunes of stage 16 on D's data (stage 15's strings, "
            "strong_edge_probability 0.1) with elnes_k_edge_probability 0.5 (experiments/k_edge_elnes/): "
            "K1 12 x 20,000 spectra (seed 301), K1b and K1c 8 x 20,000 (seeds 302, 303); one thread each; "
            "train_config, epochs and spectra_seen are those of K1 (the first model averaged)"
        ),
    }
]
(target / "edge_recognizer.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
shutil.copyfile(candidate / "edge_recognizer.safetensors", target / "edge_recognizer.safetensors")
print("bundled", candidate, "as stage 17")
