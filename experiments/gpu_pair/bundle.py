"""Bundle RG as stage 19 (run once, from the repository root): python experiments/gpu_pair/bundle.py COMMIT

model_weights/edge_recognizer.json = RG's JSON (its threshold set by calibrate) without the training
validation, with stage 18's training_stages and a new entry; the safetensors file copied.
"""

import json
import shutil
import sys

run = "runs/gp_RG"
meta = json.load(open(f"{run}/edge_recognizer.json"))
meta.pop("validation", None)
stages = json.load(open("model_weights/edge_recognizer.json"))["training_stages"]
stages.append({
    "averaged": ["experiments/gpu_pair/weights/G1", "experiments/gpu_pair/weights/G2"],
    "commit": sys.argv[1],
    "note": (
        "uniform mean of the tensors of two fine-tunes of stage 18 (experiments/gpu_pair/rule.md): G1 and G2 = "
        "stage 18's data and commands (experiments/k_edge_elnes/train.sh, arm Q), stage 18 + 25 x 20,000 "
        "on-the-fly spectra each (seeds 401, 402), side by side on one NVIDIA H200 with 7 data workers each, "
        "4 Dec 2026 11:09-11:12 UTC (about 150 s each); train_config, epochs and spectra_seen are those of G1"
    ),
    "stage": 19,
    "weights": [1.0, 1.0],
})
meta["training_stages"] = stages
with open("model_weights/edge_recognizer.json", "w") as f:
    json.dump(meta, f, indent=2, sort_keys=True)
    f.write("\n")
shutil.copy(f"{run}/edge_recognizer.safetensors", "model_weights/edge_recognizer.safetensors")
