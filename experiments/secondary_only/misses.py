"""Which true elements the bundled models lose beside an element seen only by its secondary edges (a diagnostic,
after `README.md`'s decision; nothing is chosen on it).

`rows.py`'s spectra with `secondary_only_probability` 1 (1,000 of `realistic()`, seed 61100), read the same way.
For every labelled element missed (PSNR >= 3) it records whether an unlabelled element of the spectrum has an edge
within 10 eV of the missed element's principal onset (a shared edge), whether the missed onset lies within 50 eV of
the window's start, and the missed edge's PSNR; then the same counts for the spectra drawn without the option (p = 0).

    python experiments/secondary_only/misses.py > experiments/secondary_only/misses.txt
"""

import collections
import warnings

import numpy as np

from hyperspy_eels_edgeid.hyperspy.training_conditions import single_spectrum_ensemble
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.filterwarnings("ignore")
rec = load_recognizer(single_spectrum_ensemble(), device="cpu")
for p in (1.0, 0.0):
    rng = np.random.default_rng(61100)
    config = SynthesisConfig.realistic().replace(secondary_only_probability=p)
    kinds, psnr, n_missed, n_true = collections.Counter(), [], 0, 0
    for _ in range(4):
        batch = synthesize_batch(250, config, rng)
        t, q, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0, shift_search=True)
        for i in range(250):
            edges = batch.edges[batch.edges["spectrum"] == i]
            start = float(batch.energy_axis(i)[0])
            extra = set(edges["element"][~edges["is_label"]]) - set(edges["element"][edges["is_label"]])
            n_true += len(t[i])
            for element in set(t[i]) - set(q[i]):
                n_missed += 1
                own = edges[(edges["element"] == element) & edges["is_label"]]
                onset, strength = float(own["onset"][0]), float(own["psnr"][0])
                psnr.append(strength)
                shared = any(abs(float(e["onset"]) - onset) <= 10 for e in edges if e["element"] in extra)
                kinds["shares an edge with the unlabelled element" if shared else "no shared edge"] += 1
                kinds["PSNR < 10" if strength < 10 else "PSNR >= 10"] += 1
                kinds["within 50 eV of the window start" if onset - start < 50 else "farther from the start"] += 1
    print(f"secondary_only_probability {p}: {n_missed} of {n_true} true elements missed; "
          + "; ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
          + f"; median PSNR of the missed {np.median(psnr):.1f}", flush=True)
