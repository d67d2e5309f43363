"""Element maps of a synthetic spectrum image with known composition match the truth (bundled model).

Needs trained weights: skipped while the bundled weights are untrained placeholders.
"""

from __future__ import annotations

import numpy as np
import pytest

#: Per-element floor of the intersection over union of "probability >= threshold" with the true map.
IOU_FLOOR = 0.6


def _trained() -> bool:
    from hyperspy_eels_edgeid.recognizer.model_files import read_metadata

    return bool(read_metadata(None).get("trained", False))


@pytest.mark.slow
@pytest.mark.skipif(not _trained(), reason="the bundled weights are untrained placeholders")
@pytest.mark.parametrize("elements, seed", [(["O", "Fe", "Ni"], 1), (["C", "Ti", "O"], 2)])
def test_element_maps_match_the_truth(elements, seed):
    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels

    si = synthetic_eels(elements, navigation_shape=(16, 16), random_state=seed)
    truth = dict(zip(si.metadata.Truth.element_map_elements, si.metadata.Truth.element_maps))
    del si.metadata.Sample.elements
    si.elements = set()
    p = si.identify_edges(device="cpu")
    assert set(truth) <= set(p.metadata.EdgeID.detected)
    maps = {m.metadata.Sample.elements[0]: m for m in p.get_element_maps()}
    thresholds = dict(zip(p.metadata.EdgeID.elements, p.metadata.EdgeID.thresholds))
    for element, true_map in truth.items():
        found = np.asarray(maps[element].data) >= thresholds[element]
        iou = (found & true_map).sum() / max((found | true_map).sum(), 1)
        assert iou >= IOU_FLOOR, f"{element}: IoU {iou:.2f} < {IOU_FLOOR}"
