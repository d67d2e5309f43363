"""The tutorial notebook's code runs as written (Sphinx executes it when the docs are built)."""

import json
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.ipynb"


def test_tutorial_code_runs_and_finds_the_true_elements():
    pytest.importorskip("torch")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cells = [c for c in json.loads(TUTORIAL.read_text())["cells"] if c["cell_type"] == "code"]
    namespace: dict = {}
    for cell in cells:
        exec(compile("".join(cell["source"]), str(TUTORIAL), "exec"), namespace)  # noqa: S102
    plt.close("all")
    # part 1: the single spectrum's elements are found exactly; part 2: the true elements are detected
    assert sorted(namespace["s"].metadata.Sample.elements) == namespace["truth"]
    assert set(namespace["truth_maps"]) <= set(namespace["p"].detected_elements())
    assert "m" in namespace  # part 3 built and quantified a model
