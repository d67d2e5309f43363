"""Shared test settings: no GUI, no progress bars, quiet upstream warnings."""

import os
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore", message=".*Numba is not installed.*")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_progressbar():
    import hyperspy.api as hs

    previous = hs.preferences.General.show_progressbar
    hs.preferences.General.show_progressbar = False
    yield
    hs.preferences.General.show_progressbar = previous
