"""Every ``>>>`` example in the package's docstrings runs and shows what it claims.

One test per module of ``autograd_engine`` (found with ``pkgutil.walk_packages``), each running
that module's doctests with the standard library's ``DocTestFinder`` and ``DocTestRunner``.
Every docstring starts on an empty default graph, so no example depends on what an earlier one
(in this module or another) built, named or finalized. A module that cannot be imported because
an optional extra (e.g. CuPy) is missing is skipped; any other import error fails.
"""
import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import autograd_engine

OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _module_names():
    # Packages are imported while walking; one needing a missing extra is left out here and its
    # submodules with it (onerror swallows the failure). Plain modules are imported by the test.
    walk = pkgutil.walk_packages(autograd_engine.__path__, autograd_engine.__name__ + ".",
                                 onerror=lambda name: None)
    return [autograd_engine.__name__] + sorted(info.name for info in walk)


MODULES = _module_names()


def _import(name):
    try:
        return importlib.import_module(name)
    except ImportError as e:
        if (e.name or "").split(".")[0] == autograd_engine.__name__:
            raise  # a broken import inside the package is a failure, not a missing extra
        pytest.skip("%s needs an optional extra: %s" % (name, e))


def test_the_walk_finds_the_package():
    assert {"autograd_engine.ops.variables", "autograd_engine.train.saver"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = _import(name)
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, name)
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    report = []
    printoptions = np.get_printoptions()
    try:
        for test in tests:  # sorted by name
            autograd_engine.reset_default_graph()
            runner.run(test, out=report.append)
    finally:
        autograd_engine.reset_default_graph()
        np.set_printoptions(**printoptions)
    if runner.failures:
        pytest.fail("%d of %d examples in %s failed:\n%s"
                    % (runner.failures, runner.tries, name, "".join(report)), pytrace=False)
