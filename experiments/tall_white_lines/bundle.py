"""Bundle T as stage 21 (rule.md's bundling rule; run once, from the repository root).

Usage: python experiments/tall_white_lines/bundle.py COMMIT

model_weights/edge_recognizer.json = T's JSON without the training validation, with the bundled decoder, image
decoder, threshold (0.35 for every element, not chosen again) and threshold note, stage 20's training_stages and a
new entry; the safetensors file copied.
"""

import json
import shutil
import sys

run = "experiments/tall_white_lines/weights/T"
meta = json.load(open(f"{run}/edge_recognizer.json"))
meta.pop("validation", None)
bundled = json.load(open("model_weights/edge_recognizer.json"))
for key in ("decoder", "image_decoder", "thresholds"):
    meta[key] = bundled[key]
meta["threshold_calibration"] = (
    "stage 20's threshold, 0.35 for every element, kept and not chosen again (experiments/tall_white_lines/rule.md "
    "measured every arm at it); stage 20's calibration: " + bundled["threshold_calibration"])
stages = bundled["training_stages"]
stages.append({
    "commit": sys.argv[1],
    "from": "stage 20",
    "note": (
        "stage 20 + 15 x 20,000 on-the-fly spectra of stage 20's data with tall K-Cu white lines (8-30 times the "
        "continuum maximum) on a fifth of the K-Cu L3/L2 pairs (tall_white_line_probability 0.2 in both synthesis "
        "strings; experiments/tall_white_lines/train.sh T, seed 701), bfloat16, Adam 1e-4 cosine, one thread of the "
        "2-core development CPU, 6 Dec 2026 16:27-16:47 UTC (about 255 spectra/s beside the control run); trained "
        "at a46c011; bundled by rule.md's bundling rule"
    ),
    "stage": 21,
    "weights": run,
})
meta["training_stages"] = stages
with open("model_weights/edge_recognizer.json", "w") as f:
    json.dump(meta, f, indent=2, sort_keys=True)
    f.write("\n")
shutil.copy(f"{run}/edge_recognizer.safetensors", "model_weights/edge_recognizer.safetensors")
