import warnings

import numpy as np
import pytest

import autograd_engine as tf


@pytest.fixture(autouse=True)
def fresh_default_graph():
    """Every test starts on an empty default graph, with no default session left over."""
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture
def strict_floats():
    """Overflow, invalid operations and division by zero fail the test (underflow is fine)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


@pytest.fixture
def on_the_host():
    """Holds the device off for one test, whatever AUTOGRAD_ENGINE_DEVICE says: for tests of
    what only TF1's CPU kernels do (index and label range errors, which its GPU kernels do not
    raise) or of host-only identities (a fed numpy array reaching a kernel as it is)."""
    from autograd_engine import backend
    with backend.using_device(None):
        yield
