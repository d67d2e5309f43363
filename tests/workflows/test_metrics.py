"""The paper's metrics (definitions and conventions for empty sets)."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.workflows.metrics import per_element_metrics, prf, set_metrics


def test_prf_definitions():
    assert prf(2, 2, 2) == (1.0, 1.0, 1.0)
    assert prf(1, 2, 1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert prf(0, 0, 1) == (0.0, 0.0, 0.0)  # nothing predicted, something missed
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing reported


def test_exact_and_recognition_accuracy():
    truth = [{"Fe", "O"}, {"C"}, {"N", "Ti"}, {"Ca"}]
    pred = [{"Fe", "O"}, {"C", "O"}, {"N"}, set()]
    m = set_metrics(truth, pred)
    assert m["exact"] == 0.25  # only the first is exactly right
    assert m["recognition"] == 0.5  # first and second hold every true element
    f1 = [1.0, 2 / 3, 2 / 3, 0.0]
    assert m["f1"] == pytest.approx(np.mean(f1))


def test_dont_care_neither_rewards_nor_punishes():
    m = set_metrics([{"Fe"}], [{"Fe", "C"}], dont_care=[{"C"}])
    assert m["exact"] == 1.0 and m["precision"] == 1.0


def test_per_element():
    r = per_element_metrics([{"C"}, {"C", "O"}, {"O"}], [{"C"}, {"C"}, {"O", "N"}], ["C", "O", "N"])
    assert r["C"]["precision"] == 1.0 and r["C"]["recall"] == 1.0
    assert r["O"]["recall"] == 0.5 and r["N"]["precision"] == 0.0
