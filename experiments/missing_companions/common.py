"""What the missing-companion diagnostics share: the bundled model's reading of fresh synthetic batches."""

import warnings

import numpy as np

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.resampling import resample_batch
from hyperspy_eels_edgeid.synthesis import synthesize_batch
from hyperspy_eels_edgeid.workflows.protocols import predict_batch

warnings.simplefilter("ignore")
rec = load_recognizer(device="cpu")


def batches(config, n=3000, seed=20261202):
    """Per batch of 250: the batch, its values and mask on the grid, its truths and reported sets (PSNR < 3 don't
    care, the model's thresholds) and the prediction with ``edge_support`` in its evidence."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, 250):
        b = synthesize_batch(min(250, n - start), config, rng)
        values, mask = resample_batch(b, rec.grid)
        t, p, _, pred = predict_batch(rec, b, rec.thresholds, (values, mask), min_psnr=3.0, edge_support=True)
        yield b, values, mask, t, p, pred
