"""Pilot: stage 20 and the thick-specimen reader as a prediction ensemble on every spectrum (evidence averaged).

Each model's evidence on the same synthetic spectra (`protocols.synthetic_evidence`, one network pass, no shift
search); the ensemble averages the presence logits, family shares, companion support and onsets (an element is
observable where both say so) and decides with the bundled decoder. Per-spectrum paper metrics, PSNR < 3 don't care.
Exploration seeds (7301-7304), none used by the card or an earlier choice; nothing on the dev spectra.

    python experiments/reader_ensemble/pilot.py [N] > experiments/reader_ensemble/out/pilot.txt
"""

import sys
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import coarse_weights_dir, thick_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

AVERAGED = ("logits", "family_share", "companion_support", "onsets")
warnings.filterwarnings("ignore")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
realistic = SynthesisConfig.realistic()
rows = [
    ("default", 7301, SynthesisConfig()),
    ("realistic t/λ 0-1", 7302, realistic),
    ("realistic t/λ 1-2", 7303, realistic.replace(thickness=(1.0, 2.0))),
    ("edge-free default", 7304, SynthesisConfig(n_elements_probabilities=(1.0,), extra_element_probability={})),
]
main, thick = load_recognizer(None, device="cpu"), load_recognizer(str(thick_weights_dir()), device="cpu")
coarse = load_recognizer(str(coarse_weights_dir()), device="cpu")


def average(members, weights=None):
    weights = np.full(len(members), 1 / len(members)) if weights is None else np.asarray(weights)
    a = members[0]
    out = {k: (sum(w * m[k] for w, m in zip(weights, members)) if k in AVERAGED else a[k]) for k in a}
    out["observable"] = np.all([m["observable"] for m in members], axis=0)
    return out


for name, seed, config in rows:
    ev_main, truths, weak = synthetic_evidence(main, n, seed, config=config)
    ev_thick, _, _ = synthetic_evidence(thick, n, seed, config=config)
    ev_coarse, _, _ = synthetic_evidence(coarse, n, seed, config=config)
    variants = (
        ("stage 20", ev_main), ("thick reader", ev_thick), ("coarse reader", ev_coarse),
        ("ensemble", average([ev_main, ev_thick])), ("ensemble 2:1", average([ev_main, ev_thick], [2 / 3, 1 / 3])),
        ("ensemble of three", average([ev_main, ev_thick, ev_coarse])),
    )
    for label, ev in variants:
        for thr in (0.35,):
            t = np.full(len(main.elements), thr, dtype=np.float32)
            pred = [set(x) for x in main.decide(ev, thresholds=t).detected(t)]
            if name.startswith("edge-free"):
                print(f"{name} | {label} @{thr} | an element in {sum(bool(p - w) for p, w in zip(pred, weak))} of {n}")
                continue
            m = set_metrics(truths, pred, weak)
            print(f"{name} | {label} @{thr} | " + " ".join(f"{k} {v:.4f}" for k, v in m.items() if isinstance(v, float)),
                  flush=True)
