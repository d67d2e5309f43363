"""What the scripts of this folder (and ``../artefacts/measure.py``) share: the removal's options and one protocol row."""

from __future__ import annotations

import functools

import numpy as np

from hyperspy_eels_edgeid.recognizer.spikes import remove_spikes
from hyperspy_eels_edgeid.synthesis import synthesize_batch
from hyperspy_eels_edgeid.workflows.metrics import set_metrics
from hyperspy_eels_edgeid.workflows.protocols import predict_batch


def add_removal_options(ap) -> None:
    """``--max-width`` and ``--coarse-height`` (rule_coarse.md, rule_coarse2.md)."""
    ap.add_argument("--max-width", type=float, default=None, help="remove_spikes's max_width_ev (default its own)")
    ap.add_argument("--coarse-height", type=float, default=None, help="remove_spikes's coarse_height (default its own)")


def configured_removal(a):
    """`remove_spikes` with the options given on the command line."""
    options = {k: v for k, v in (("max_width_ev", a.max_width), ("coarse_height", a.coarse_height)) if v is not None}
    return functools.partial(remove_spikes, **options)


def despike(batch, remove=remove_spikes):
    """`remove` on the measured channels of every spectrum of `batch`, in place; the batch."""
    spectra = batch.spectra.copy()
    for i, row in enumerate(spectra):
        energy = batch.energy_axis(i)  # the measured channels, first
        row[: energy.size] = remove(energy, row[None, : energy.size])[0]
    batch.spectra = spectra
    return batch


def protocol_row(rec, config, n: int, seed: int, change, edge_free: bool) -> str:
    """`n` spectra of `config` (seed `seed`: the same in every row), `change(batch)`, predicted and scored.

    Returns the row's text: the share with any element reported (edge-free spectra) or the paper's metrics
    (PSNR < 3 don't care), and the most frequent false elements.
    """
    rng = np.random.default_rng(seed)
    truths, preds, falses = [], [], {}
    for start in range(0, n, 250):
        batch = synthesize_batch(min(250, n - start), config, rng)
        change(batch)
        t, p, _, _ = predict_batch(rec, batch, rec.thresholds, min_psnr=3.0)
        truths += t
        preds += p
    for t, p in zip(truths, preds):
        for e in p - t:
            falses[e] = falses.get(e, 0) + 1
    top = dict(sorted(falses.items(), key=lambda x: -x[1])[:8])
    if edge_free:
        return f"any element reported in {np.mean([len(p) > 0 for p in preds]):.3f}; false {top}"
    m = set_metrics(truths, preds)
    return f"P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} exact {m['exact']:.3f}; most false {top}"
