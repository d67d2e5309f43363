"""The bundled model's onsets on a fixed synthetic set (issue 14: <= 1 eV below 1000 eV, <= 0.3 % above)."""

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch


def test_bundled_onsets_are_within_the_targets():
    rec = load_recognizer(device="cpu")
    index = {e: k for k, e in enumerate(rec.elements)}
    batch = synthesize_batch(300, SynthesisConfig(), np.random.default_rng(20261202))
    pred = rec.predict_resampled(*resample_batch(batch, rec.grid))
    labels = batch.edges[batch.edges["is_label"] & (batch.edges["psnr"] >= 3.0)]
    low, high = [], []
    for row in labels:
        k = index.get(str(row["element"]))
        if k is None or not pred.evidence["observable"][row["spectrum"], k]:
            continue
        error = abs(float(pred.evidence["onsets"][row["spectrum"], k]) - float(row["onset"]))
        (low if row["onset"] < 1000.0 else high).append(error / (1.0 if row["onset"] < 1000.0 else row["onset"]))
    assert len(low) > 100 and len(high) > 100
    assert np.median(low) <= 1.0  # eV
    assert np.median(high) <= 0.003  # relative
