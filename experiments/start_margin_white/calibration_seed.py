"""A 10 eV start margin for white-line edges only, on 3,000 default and 3,000 realistic() spectra of the calibration
seeds (the bundled network and decoder at its threshold): the elements it adds and removes, true and false, by the
shape family of their edge.

    python experiments/start_margin_white/calibration_seed.py > experiments/start_margin_white/calibration_seed.txt
"""
import collections
import dataclasses
import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.recognizer.edge_families import FAMILIES
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence

warnings.filterwarnings("ignore")
rec = load_recognizer(device="cpu")
el = list(rec.elements)
thr = float(rec.thresholds.max())
onsets = [np.asarray(o) for o in rec.metadata["onsets"]]
variants = {"now": {}, "white-line edges 10": dict(pre_edge_white_line_ev=10.0)}
for name, cfg, seed in (("default", SynthesisConfig(), 20261202), ("realistic", SynthesisConfig.realistic(), 20261206)):
    ev, truths, weak = synthetic_evidence(rec, 3000, seed, cfg)
    nearest = rec.decoder.nearest_principal(np.where(ev["observable"], ev["onsets"], 0.0))
    family = np.take_along_axis(rec.decoder.principal_families[None], nearest[..., None], 2)[..., 0]
    sets = {}
    for v, o in variants.items():
        dec = ElementDecoder(el, onsets, thr, dataclasses.replace(rec.decoder.settings, **o), step_energy=rec.step_energy)
        rep = dec.decide_evidence(ev).reported(thr)
        sets[v] = [{el[k] for k in np.flatnonzero(r)} - w for r, w in zip(rep, weak)]
        m = set_metrics(truths, sets[v])
        print(f"{name} {v:22s}", " ".join(f"{k} {x:.4f}" for k, x in m.items() if isinstance(x, float)), flush=True)
    changes = collections.Counter()
    for i, (new, old, t) in enumerate(zip(sets["white-line edges 10"], sets["now"], truths)):
        for e in new - old:
            changes[(FAMILIES[family[i, el.index(e)]], "added true" if e in t else "added false")] += 1
        for e in old - new:
            changes[(FAMILIES[family[i, el.index(e)]], "removed true" if e in t else "removed false")] += 1
    print(f"{name} changes:", dict(sorted(changes.items())), flush=True)
