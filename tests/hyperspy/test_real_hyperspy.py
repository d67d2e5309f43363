"""This folder is named like HyperSpy: the name ``hyperspy`` must still be the real package here."""

from pathlib import Path

import hyperspy
import hyperspy.api as hs

TESTS = Path(__file__).resolve().parents[1]


def test_hyperspy_is_the_installed_package_not_this_folder():
    location = Path(hyperspy.__file__).resolve()
    assert TESTS not in location.parents, location
    assert hasattr(hs, "signals") and hasattr(hs, "preferences")


def test_the_test_modules_are_a_package_of_their_own():
    # tests/ and tests/hyperspy/ are packages, so pytest puts the repository root on sys.path (not tests/)
    assert __name__ == "tests.hyperspy.test_real_hyperspy"
