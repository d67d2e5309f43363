"""Bundle H as stage 20 (rule.md's rules 5-6; run once, from the repository root).

Usage: python experiments/broad_white_lines/bundle.py COMMIT

model_weights/edge_recognizer.json = H's JSON (its threshold set by calibrate) without the training validation,
with stage 19's training_stages and a new entry; the safetensors file copied.
"""

import json
import shutil
import sys

run = "experiments/broad_white_lines/weights/H"
meta = json.load(open(f"{run}/edge_recognizer.json"))
meta.pop("validation", None)
stages = json.load(open("model_weights/edge_recognizer.json"))["training_stages"]
stages.append({
    "commit": sys.argv[1],
    "from": "stage 19",
    "note": (
        "stage 19 + 15 x 20,000 on-the-fly spectra of stage 19's data with broad white lines (FWHM 2.5-10 eV) on a "
        "tenth of the white-line elements (broad_white_line_probability 0.1 in both synthesis strings; "
        "experiments/broad_white_lines/train.sh H, seed 504), bfloat16, Adam 1e-4 cosine, one thread of the "
        "2-core development CPU, 4 Dec 2026 21:42-22:10 UTC (about 197 spectra/s); trained at aa87daf "
        "(package code of 7f42060); bundled by rule.md's rules 5-6 at 62524de"
    ),
    "stage": 20,
    "weights": "experiments/broad_white_lines/weights/H",
})
meta["training_stages"] = stages
with open("model_weights/edge_recognizer.json", "w") as f:
    json.dump(meta, f, indent=2, sort_keys=True)
    f.write("\n")
shutil.copy(f"{run}/edge_recognizer.safetensors", "model_weights/edge_recognizer.safetensors")
