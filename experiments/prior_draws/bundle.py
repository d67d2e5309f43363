"""Bundle RPD' as stage 21 (rule3.md; run once, from the repository root, only if rule3.md holds).

Usage: python experiments/prior_draws/bundle.py COMMIT

model_weights/edge_recognizer.json = RPD's JSON (its threshold set by calibrate, prior_step 0) without the training
validation, with stage 20's training_stages and a new entry; the safetensors file copied.
"""

import json
import shutil
import sys

run = "experiments/prior_draws/weights/RPD2"
meta = json.load(open(f"{run}/edge_recognizer.json"))
meta.pop("validation", None)
assert meta["decoder"]["prior_step"] == 0.0
stages = json.load(open("model_weights/edge_recognizer.json"))["training_stages"]
stages.append({
    "commit": sys.argv[1],
    "from": "stage 20",
    "note": (
        "the uniform mean of PD3 and PD4, each stage 20 + 15 x 20,000 on-the-fly spectra of stage 20's data with the "
        "elements drawn by the decoder's prior (weights exp(prior log-odds), C, O, N and K three times that; "
        "experiments/prior_draws/train.sh PD3 / PD4, seeds 603 / 604), bfloat16, Adam 1e-4 cosine, one thread each of "
        "the 2-core development CPU, 5 Dec 2026; the decoder's prior off (prior_step 0: the network holds it); "
        "bundled by experiments/prior_draws/rule3.md"
    ),
    "stage": 21,
    "weights": run,
})
meta["training_stages"] = stages
with open("model_weights/edge_recognizer.json", "w") as f:
    json.dump(meta, f, indent=2, sort_keys=True)
    f.write("\n")
shutil.copy(f"{run}/edge_recognizer.safetensors", "model_weights/edge_recognizer.safetensors")
