"""Decoder variants of the window-end rule's end margin on 3,000 default and 3,000 realistic() spectra of the calibration seeds (stage 20 at its threshold).

Counts the elements each variant adds and removes against the bundled decoder, true and false.
"""
import numpy as np, warnings, dataclasses
warnings.filterwarnings("ignore")
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.decoder import ElementDecoder
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.protocols import synthetic_evidence
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
rec = load_recognizer(device="cpu")
el = list(rec.elements); thr = float(rec.thresholds.max()); base = rec.decoder.settings
onsets = [np.asarray(o) for o in rec.metadata["onsets"]]
variants = {"now": {}, "post 20, delayed 30": dict(post_edge_ev=20.0, post_edge_delayed_ev=30.0),
            "post 20": dict(post_edge_ev=20.0)}
for name, cfg, seed in (("default", SynthesisConfig(), 20261202), ("realistic", SynthesisConfig.realistic(), 20261206)):
    ev, truths, weak = synthetic_evidence(rec, 3000, seed, cfg)
    sets = {}
    for v, o in variants.items():
        dec = ElementDecoder(el, onsets, thr, dataclasses.replace(base, **o), step_energy=rec.step_energy)
        rep = dec.decide_evidence(ev).reported(thr)
        sets[v] = [{el[k] for k in np.flatnonzero(r)} - w for r, w in zip(rep, weak)]
        m = set_metrics(truths, sets[v])
        added = [(p - q) for p, q in zip(sets[v], sets["now"])]
        removed = [(q - p) for p, q in zip(sets[v], sets["now"])]
        ta = sum(len(a & t) for a, t in zip(added, truths)); fa = sum(len(a - t) for a, t in zip(added, truths))
        tr = sum(len(a & t) for a, t in zip(removed, truths)); fr = sum(len(a - t) for a, t in zip(removed, truths))
        print(f"{name} {v:40s} P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} exact {m['exact']:.4f} added true {ta} false {fa}; removed true {tr} false {fr}", flush=True)
