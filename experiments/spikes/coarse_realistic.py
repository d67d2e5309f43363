"""The spike removal's effect on `SynthesisConfig.realistic()` spectra (no spikes; channels of 0.05-4 eV).

The realistic() F1 of the card's protocol (3,000 spectra, seed 20261206, bundled model, its threshold) with
the spectra as they are, through `remove_spikes` on fine channels only (`coarse_height=None`), and with the
coarse-channel rule (`coarse_height=0.5`, the default since rule_coarse2.md). A check, after that rule.

Usage: python experiments/spikes/coarse_realistic.py
"""

import functools
import warnings

import hyperspy_eels_edgeid.workflows.protocols as protocols
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
from hyperspy_eels_edgeid.synthesis import SynthesisConfig
from hyperspy_eels_edgeid.workflows.metrics import set_metrics

warnings.filterwarnings("ignore")
ORIGINAL = protocols.synthesize_batch


def despiked(*args, coarse_height, **kwargs):
    batch = ORIGINAL(*args, **kwargs)
    spectra = batch.spectra.copy()
    for i, row in enumerate(spectra):
        energy = batch.energy_axis(i)
        row[: energy.size] = remove_spikes(energy, row[None, : energy.size], coarse_height=coarse_height)[0]
    batch.spectra = spectra
    return batch


rec = load_recognizer(None, device="cpu")
for name, patch in (("no removal", ORIGINAL), ("removal, fine channels only", functools.partial(despiked, coarse_height=None)),
                    ("removal, coarse rule 0.5", functools.partial(despiked, coarse_height=0.5))):
    protocols.synthesize_batch = patch
    ev, truths, weak = protocols.synthetic_evidence(rec, 3000, 20261206, config=SynthesisConfig.realistic())
    pred = [set(x) for x in rec.decide(ev).detected(rec.thresholds)]
    m = set_metrics(truths, pred, weak)
    print(f"{name}: realistic() F1 {m['f1']:.4f} precision {m['precision']:.4f} exact {m['exact']:.4f}", flush=True)
