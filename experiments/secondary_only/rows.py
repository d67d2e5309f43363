"""Spectra of `SynthesisConfig.realistic()` with and without an element seen only by its secondary edges (diagnostic).

1,000 spectra each (seed 61100), read as `identify_edges` reads a single spectrum (the single-spectrum ensemble,
shift search on, the bundled thresholds; labelled elements with PSNR < 3 don't care): once as drawn, once with
`secondary_only_probability` 1 (every spectrum that can takes one unlabelled element whose principal edge lies up to
300 eV below the window and whose only edges in it are secondary ones). An unlabelled element of a spectrum (below
the window, or seen only by secondary edges) is don't care, as `../shared/real_spectra_dev/score.py` counts the real
spectra's; every other element reported and not labelled is false.

    python experiments/secondary_only/rows.py > experiments/secondary_only/rows.txt
"""

import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
for p in (0.0, 1.0):
    rng = np.random.default_rng(61100)
    config = SynthesisConfig.realistic().replace(secondary_only_probability=p)
    truth, pred, unlabelled = [], [], []
    for _ in range(4):
        batch = synthesize_batch(250, config, rng)
        t, q, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        for i in range(250):
            edges = batch.edges[batch.edges["spectrum"] == i]
            extra = set(edges["element"][~edges["is_label"]]) - set(edges["element"][edges["is_label"]])
            unlabelled.append(extra)
            truth.append(t[i])
            pred.append(set(q[i]) - extra)
    false = collections.Counter(e for t, q in zip(truth, pred) for e in q - set(t))
    m = set_metrics(truth, pred)
    print(f"secondary_only_probability {p}: F1 {m['f1']:.4f} precision {m['precision']:.4f} recall {m['recall']:.4f} "
          f"false elements {sum(false.values())} (most: {false.most_common(8)}); spectra with an unlabelled element "
          f"{sum(bool(u) for u in unlabelled)}", flush=True)
