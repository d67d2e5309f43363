"""rule.md's rows A-C for one network, read with the bundled decoder settings and 0.35 for every element.

    python experiments/secondary_only/score.py NAME WEIGHTS_DIR > experiments/secondary_only/out/NAME.txt

The network's JSON is copied to runs/so_eval/NAME with the bundled JSON's "decoder", "image_decoder" and 0.35 as
every threshold (the weights are linked, untouched).
"""

import collections
import json
import pathlib
import sys
import warnings

import numpy as np
import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
name, source = sys.argv[1], pathlib.Path(sys.argv[2])
bundled = json.loads((default_weights_dir() / "edge_recognizer.json").read_text())
meta = json.loads((source / "edge_recognizer.json").read_text())
meta.update(decoder=bundled["decoder"], image_decoder=bundled["image_decoder"], thresholds=[0.35] * len(meta["elements"]))
target = pathlib.Path("runs/so_eval") / name
target.mkdir(parents=True, exist_ok=True)
(target / "edge_recognizer.json").write_text(json.dumps(meta))
link = target / "edge_recognizer.safetensors"
if not link.exists():
    link.symlink_to((source / "edge_recognizer.safetensors").resolve())
rec = load_recognizer(str(target), device="cpu")
REALISTIC = SynthesisConfig.realistic()
ROWS = (
    ("A realistic, secondary-only 1", 1000, 61200, REALISTIC.replace(secondary_only_probability=1.0)),
    ("B default", 3000, 61201, SynthesisConfig()),
    ("C realistic", 2000, 61202, REALISTIC),
)
for row, n, seed, config in ROWS:
    rng = np.random.default_rng(seed)
    truth, pred = [], []
    for _ in range(n // 250):
        batch = synthesize_batch(250, config, rng)
        t, q, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        for i in range(250):
            edges = batch.edges[batch.edges["spectrum"] == i]
            extra = set(edges["element"][~edges["is_label"]]) - set(edges["element"][edges["is_label"]])
            truth.append(t[i])
            pred.append(set(q[i]) - extra)  # an unlabelled element of the spectrum: don't care
    false = collections.Counter(e for t, q in zip(truth, pred) for e in q - set(t))
    m = set_metrics(truth, pred)
    print(f"{name} | {row} | F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} exact "
          f"{m['exact']:.4f} | false {sum(false.values())} {false.most_common(6)}", flush=True)
