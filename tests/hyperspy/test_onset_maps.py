"""Per-block onsets: ``predict_block``/``identify_block`` with ``with_onsets=True``."""

from __future__ import annotations

import numpy as np
import pytest
from ._identify_helpers import spectrum, tiny_weights

from hyperspy_eels_edgeid.recognizer.inference import predict_block, supported_elements


@pytest.fixture(scope="module")
def weights():
    return tiny_weights()


def test_predict_block_with_onsets(weights):
    energy = spectrum().axes_manager[-1].axis
    block = np.stack([spectrum(seed=i).data for i in range(3)]).reshape(3, 1, -1)
    k = len(supported_elements(weights))
    plain = predict_block(block, energy, weights, "cpu", 64)
    both = predict_block(block, energy, weights, "cpu", 64, with_onsets=True)
    assert both.shape == (3, 1, 2 * k) and both.dtype == np.float32
    np.testing.assert_array_equal(both[..., :k], plain)


def test_identify_block_with_onsets(weights):
    from hyperspy_eels_edgeid.hyperspy.blocks import identify_block

    energy = spectrum().axes_manager[-1].axis
    block = np.stack([spectrum(seed=i).data for i in range(3)]).reshape(1, 3, -1)
    block[0, 1] = 0.0  # a constant spectrum: refused, NaN probabilities and onsets
    k = len(supported_elements(weights))
    args = (energy, False, weights, "cpu", 64, "raise", k)
    plain = identify_block(block, *args)
    both = identify_block(block, *args, with_onsets=True)
    assert both.shape == (1, 3, 2 * k)
    np.testing.assert_array_equal(both[..., :k], plain)
    assert np.isnan(both[0, 1]).all() and np.isfinite(both[0, 0, k:]).any()
