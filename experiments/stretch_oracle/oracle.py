"""How much would reading each spectrum on its true axis (shift and stretch undone) gain? (diagnostic, an oracle)

Synthetic spectra record their edges at E = E_true (1 + expansion) + shift (default configuration: shift up to
15 eV, expansion up to 1.5 %). The bundled model reads each spectrum (a) on the recorded axis, (b) with the shift
search `identify_edges` runs, (c) on the axis with the true shift only undone, (d) on the true axis (shift and
expansion undone). The truth is always that of the recorded axis (`workflows.protocols.predict_batch`); PSNR < 3
don't care; the model's thresholds. If (d) beats (b) clearly, a search over stretches as well as shifts has room.
Decides nothing.

Usage: python experiments/stretch_oracle/oracle.py default|realistic N SEED
"""

import dataclasses
import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.simplefilter("ignore")
name, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rec = load_recognizer(device="cpu")
cfg = SynthesisConfig() if name == "default" else SynthesisConfig.realistic()
rng = np.random.default_rng(seed)
rows = {k: ([], []) for k in ("recorded", "search", "oracle shift", "oracle shift+stretch")}
for start in range(0, n, 250):
    b = synthesize_batch(min(250, n - start), cfg, rng)
    t, p, _, _ = predict_batch(rec, b, rec.thresholds, min_psnr=3.0)
    rows["recorded"][0].extend(t), rows["recorded"][1].extend(p)
    _, p, _, _ = predict_batch(rec, b, rec.thresholds, min_psnr=3.0, shift_search=True)
    rows["search"][0].extend(t), rows["search"][1].extend(p)
    shift, expansion = b.parameters["shift"], b.parameters["expansion"]
    for label, stretch in (("oracle shift", 0.0 * expansion), ("oracle shift+stretch", expansion)):
        moved = dataclasses.replace(b, parameters=dict(b.parameters))
        moved.parameters["offset"] = (b.parameters["offset"] - shift) / (1 + stretch)
        moved.parameters["dispersion"] = b.parameters["dispersion"] / (1 + stretch)
        _, p2, _, _ = predict_batch(rec, moved, rec.thresholds, min_psnr=3.0)
        rows[label][0].extend(t), rows[label][1].extend(p2)  # the recorded axis's truth
for label, (t, p) in rows.items():
    m = set_metrics(t, p)
    print(f"{name} n={n} seed={seed} {label:22s} F1 {m['f1']:.4f} exact {m['exact']:.4f} P {m['precision']:.4f} "
          f"R {m['recall']:.4f}", flush=True)
