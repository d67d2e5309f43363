"""Bundle RL as stage 20 if rule_long.md holds (run once, from the repository root): python experiments/spike_training/bundle.py COMMIT

model_weights/edge_recognizer.json = RL's JSON (its threshold set by calibrate) without the training
validation, with stage 19's training_stages and a new entry; the safetensors file copied.
"""

import json
import shutil
import sys

run = "runs/spike_RL"
meta = json.load(open(f"{run}/edge_recognizer.json"))
meta.pop("validation", None)
stages = json.load(open("model_weights/edge_recognizer.json"))["training_stages"]
stages.append({
    "averaged": ["experiments/spike_training/weights/L1", "experiments/spike_training/weights/L2"],
    "commit": sys.argv[1],
    "note": (
        "uniform mean of the tensors of two fine-tunes of stage 19 (experiments/spike_training/rule_long.md): L1 and L2 "
        "= stage 18's data and commands with detector spikes in 30 % of the spectra (train.sh), stage 19 + 25 x "
        "20,000 on-the-fly spectra each in bfloat16 (seeds 701, 702), one thread each side by side on the 2-core "
        "development machine, 4 Dec 2026 15:00-15:47 UTC; train_config, epochs and spectra_seen are those of L1"
    ),
    "stage": 20,
    "weights": [1.0, 1.0],
})
meta["training_stages"] = stages
with open("model_weights/edge_recognizer.json", "w") as f:
    json.dump(meta, f, indent=2, sort_keys=True)
    f.write("\n")
shutil.copy(f"{run}/edge_recognizer.safetensors", "model_weights/edge_recognizer.safetensors")
