"""The backends the conformance suite runs on, and a Session on each.

"numpy": no device, whatever the machine has or ``AUTOGRAD_ENGINE_DEVICE`` says; "stand-in":
the strict CPU stand-in for CuPy (autograd_engine.testing.cupy_standin) as the device, so every
op a Session may place on a GPU runs there, with CuPy's API and its refusal of host arrays.
"""
import contextlib

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.testing import cupy_standin

BACKENDS = ["numpy", "stand-in"]

_DEVICES = {"numpy": None, "stand-in": cupy_standin.device_backend}


@contextlib.contextmanager
def backend_session(name, config=None):
    """A Session (made with ``config``) whose kernels run on backend ``name`` (one of
    :data:`BACKENDS`)."""
    device = _DEVICES[name]
    with backend.using_device(device if device is None else device()):
        with tf.Session(config=config) as sess:
            yield sess
