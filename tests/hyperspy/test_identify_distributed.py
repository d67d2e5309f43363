"""The same identify_edges code runs unchanged on a dask.distributed cluster (worker processes)."""

from __future__ import annotations

import numpy as np
import pytest
from ._identify_helpers import spectrum_image, tiny_weights

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_distributed_equals_local(client):
    weights = tiny_weights()
    s = spectrum_image(shape=(6, 5))
    lazy = s.as_lazy()
    lazy.data = lazy.data.rechunk((2, 3, -1))  # several blocks, spread over both workers
    with distributed.Client(client.cluster, set_as_default=True):
        remote = lazy.identify_edges(weights=weights, add_elements=False)
        remote_lazy = lazy.identify_edges(weights=weights, lazy_output=True)
        remote_lazy.compute()
        remote_known = lazy.identify_edges(weights=weights, elements=["Fe", "O"], exclude="C", add_elements=False)
    local = s.identify_edges(weights=weights, add_elements=False, navigation_chunks=(3, 2))
    local_known = s.identify_edges(weights=weights, elements=["Fe", "O"], exclude="C", add_elements=False)
    np.testing.assert_allclose(remote.data, local.data, rtol=0, atol=1e-6)
    # at a threshold where the untrained model detects elements, the pooled and local checks sum the lazy map's
    # spectra in the workers and decide as they do locally
    threshold = float(np.sort(np.median(local.data, axis=(0, 1)))[-3])
    with distributed.Client(client.cluster, set_as_default=True):
        remote_checked = lazy.identify_edges(weights=weights, add_elements=False, threshold=threshold)
    local_checked = s.identify_edges(weights=weights, add_elements=False, threshold=threshold)
    assert local_checked.metadata.EdgeID.detected  # something was checked
    for key in ("detected", "pooled_veto"):
        assert remote_checked.metadata.EdgeID.get_item(key) == local_checked.metadata.EdgeID.get_item(key)
    np.testing.assert_allclose(remote_lazy.data, local.data, rtol=0, atol=1e-6)
    # candidates and exclusions decide in the workers as they do locally: only Fe and O can be reported
    np.testing.assert_allclose(remote_known.data, local_known.data, rtol=0, atol=1e-6)
    names = list(remote_known.metadata.EdgeID.elements)
    others = [k for k, e in enumerate(names) if e not in ("Fe", "O")]
    assert np.all(np.nan_to_num(remote_known.data[..., others]) == 0)
    # the blocks ran in the worker processes
    imported = client.run(lambda: "hyperspy_eels_edgeid.recognizer.inference" in __import__("sys").modules)
    assert any(imported.values())
