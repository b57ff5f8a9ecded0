"""Sphinx configuration of the API reference (``make docs``): built from the docstrings with
autodoc (and napoleon for Google/NumPy-style sections); warnings fail the build."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
from autograd_engine.version import __version__  # noqa: E402

project = "autograd_engine"
author = "The autograd_engine authors"
copyright = "2026, " + author
release = version = __version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
autodoc_member_order = "bysource"
# The optional packages (graphviz's Python package, CuPy, TensorBoard) are imported lazily by
# the engine, so autodoc needs none of them.
napoleon_google_docstring = napoleon_numpy_docstring = True
html_theme = "alabaster"
html_title = "autograd_engine %s API reference" % release
exclude_patterns = ["_build"]
nitpicky = False
