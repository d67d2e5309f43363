"""Sphinx configuration of hyperspy_eels_edgeid's documentation.

Build with ``python -m sphinx -b html docs docs/_build/html`` after
``pip install -e ".[doc]"``.  The tutorial notebook is executed during the
build (``nb_execution_mode = "cache"``); it runs on the CPU in about a minute.
"""

from __future__ import annotations

import os
import sys
import warnings

sys.path.insert(0, os.path.abspath(".."))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import hyperspy_eels_edgeid

project = "hyperspy_eels_edgeid"
author = "hyperspy_eels_edgeid developers"
copyright = "2026, hyperspy_eels_edgeid developers"
release = version = hyperspy_eels_edgeid.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "figures/*.py"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# notebooks: executed at build time, results cached between builds
nb_execution_mode = os.environ.get("EDGEID_NB_EXECUTION", "cache")
nb_execution_timeout = 600
nb_execution_raise_on_error = True

autosummary_generate = True
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_validation_checks: set[str] = set()


html_theme = "pydata_sphinx_theme"
html_title = "hyperspy_eels_edgeid"
html_theme_options = {"navigation_depth": 2, "show_toc_level": 2}
