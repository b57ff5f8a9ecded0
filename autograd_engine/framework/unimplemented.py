"""Placeholders for TF1 names the engine does not provide: calling one raises
``NotImplementedError`` naming the missing feature and what to use instead, and
``tools/tf1_api_coverage.py`` counts it as a placeholder (its ``not_implemented`` attribute),
not as covered.

>>> from autograd_engine.framework.unimplemented import unimplemented
>>> fft = unimplemented("tf.signal.fft", "complex FFT kernels", "numpy.fft through tf.py_func")
>>> fft.not_implemented
True
>>> fft([1.0])
Traceback (most recent call last):
NotImplementedError: tf.signal.fft is not available in autograd_engine (complex FFT kernels are \
missing); use numpy.fft through tf.py_func instead.
"""


def unimplemented(qualified_name, missing, instead):
    """A callable standing for ``qualified_name`` that raises a NotImplementedError saying
    what is ``missing`` and what to use ``instead``."""
    message = ("%s is not available in autograd_engine (%s are missing); use %s instead."
               % (qualified_name, missing, instead))

    def placeholder(*args, **kwargs):
        raise NotImplementedError(message)
    placeholder.__name__ = qualified_name.rpartition(".")[2]
    placeholder.__qualname__ = qualified_name
    placeholder.__doc__ = "Not available: " + message
    placeholder.not_implemented = True
    return placeholder
