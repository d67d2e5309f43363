"""`defer_to_unjudged_ev` 5 against the bundled decoder on 3,000 default and 3,000 realistic() spectra of the
calibration seeds, and on N K alone 12 eV after a window's start (`../start_margin_white/n_at_start.py`'s spectra):
the elements it adds and removes, true and false.

    python experiments/defer_margins/calibration_seed.py > experiments/defer_margins/calibration_seed.txt
"""
import dataclasses
import warnings
from collections import Counter

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch, synthetic_evidence

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
el = list(rec.elements)
thr = float(rec.thresholds.max())
defer = ElementDecoder(el, [np.asarray(o) for o in rec.metadata["onsets"]], thr,
                       dataclasses.replace(rec.decoder.settings, defer_to_unjudged_ev=5.0), step_energy=rec.step_energy)
decoders = {"bundled": rec.decoder, "defer 5 eV": defer}
for name, cfg, seed in (("default", SynthesisConfig(), 20261202), ("realistic", SynthesisConfig.realistic(), 20261206)):
    ev, truths, weak = synthetic_evidence(rec, 3000, seed, cfg)
    sets = {}
    for v, dec in decoders.items():
        rep = dec.decide_evidence(ev).reported(thr)
        sets[v] = [{el[k] for k in np.flatnonzero(r)} - w for r, w in zip(rep, weak)]
        m = set_metrics(truths, sets[v])
        print(f"{name} {v:10s}", " ".join(f"{k} {x:.4f}" for k, x in m.items() if isinstance(x, float)), flush=True)
    changes = Counter()
    for new, old, t in zip(sets["defer 5 eV"], sets["bundled"], truths):
        for e in new - old:
            changes[f"added {'true' if e in t else 'false'} {e}"] += 1
        for e in old - new:
            changes[f"removed {'true' if e in t else 'false'} {e}"] += 1
    print(f"{name} changes:", dict(sorted(changes.items())), flush=True)
for lead in (12.0, 20.0):
    batch = synthesize_batch(200, SynthesisConfig(shift=0.0, expansion=0.0), np.random.default_rng(3), elements=["N"],
                             energy_axis=(401.0 - lead, 0.25, 1200))
    _, _, _, raw = predict_batch(rec, batch, np.float32(2.0))
    for v, dec in decoders.items():
        rep = dec.decide_evidence(raw.evidence).reported(thr)
        print(f"N K {lead:g} eV after the start, {v}: reported",
              dict(Counter(el[k] for r in rep for k in np.flatnonzero(r))), "of 200")
