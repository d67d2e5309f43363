"""Which reported elements would the window-end rule drop if it judged the recorded window too? (diagnostic)

`identify_edges` decides on the axis moved by the shift search (`recognizer/shift_search.py`), and the window-end
rule judges the moved window. Judging only the part of it that the recorded window also covers (start
max(S', S' - c), end min(E', E' - c) for a shift c and a moved window S'-E') would drop the reported elements whose
tabulated onset lies within the rule's margins of that narrower window. For synthetic spectra read as `identify_edges`
reads one (*E3*, the search, the bundled threshold; `protocols.predict_batch(..., shift_search=True)`), this counts
them, true (in the spectrum's truth) and false (not in it, not "don't care" below PSNR 3), by the side of the window.
Nothing is decided again: an element so dropped might leave its edge to another (not counted).

    OMP_NUM_THREADS=1 python -W ignore experiments/window_on_recorded_axis/diagnose.py --n 2000 --seed 64900 \
        [--realistic]
"""

import argparse
from collections import Counter

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=2000)
parser.add_argument("--seed", type=int, default=64900)
parser.add_argument("--realistic", action="store_true")
parser.add_argument("--chunk", type=int, default=250)
args = parser.parse_args()
root = default_weights_dir()
rec = load_recognizer([root, root / "branching", root / "thick"], device="cpu")
config = SynthesisConfig.realistic() if args.realistic else SynthesisConfig()
counts, shifted, reported = Counter(), 0, Counter()
for start in range(0, args.n, args.chunk):
    batch = synthesize_batch(min(args.chunk, args.n - start), config, rng=[args.seed, start])
    truth, predicted, _, pred = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
    shift = pred.evidence["searched_shift"]
    shifted += int((shift != 0).sum())
    moved = np.nan_to_num(pred.onsets) + shift[:, None]
    tabulated = moved - rec.decoder.residuals(moved)
    pre, post = rec.decoder._margins(rec.decoder.nearest_principal(moved))
    ws, we = pred.evidence["window_start"], pred.evidence["window_end"]
    lo, hi = np.maximum(ws, ws - shift), np.minimum(we, we - shift)
    labels = batch.edges[batch.edges["is_label"]]
    for i in range(len(batch)):
        rows = labels[labels["spectrum"] == i]
        weak = {str(e) for e, p in zip(rows["element"], rows["psnr"]) if p < 3.0} - truth[i]
        for e in predicted[i] - weak:
            k = rec.elements.index(e)
            kind = "true" if e in truth[i] else "false"
            reported[kind] += 1
            if tabulated[i, k] - lo[i] < pre[i, k]:
                counts[kind, "start"] += 1
            elif hi[i] - tabulated[i, k] < post[i, k]:
                counts[kind, "end"] += 1
    print(f"{start + len(batch)} spectra", flush=True)
kind = "realistic()" if args.realistic else "default"
print(f"\n{kind}, {args.n} spectra, seed {args.seed}: axis moved by the search in {shifted}; reported true "
      f"{reported['true']}, false {reported['false']}")
for side in ("start", "end"):
    print(f"dropped at the {side}: true {counts['true', side]}, false {counts['false', side]}")
