"""``tf.compat`` and the TF2-behaviour switches TF1 programs call first.

``import autograd_engine.compat.v1 as tf`` gives the package itself (the facade binds
``compat.v1``), so ``import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()`` runs with
its import changed. Graph mode is the only mode: the ``disable_*`` switches are accepted and do
nothing, ``executing_eagerly()`` is False, and asking for TF2 behaviour is refused clearly.

>>> import autograd_engine.compat.v1 as tf
>>> tf.disable_v2_behavior()
>>> tf.executing_eagerly()
False
>>> tf.compat.as_bytes("abc"), tf.compat.as_text(b"abc")
(b'abc', 'abc')
"""
import numbers

import numpy as np

from ..framework.tensor_shape import Dimension


def _graph_mode_already():
    """The switches TF1 programs call to get graph mode: it is the only mode here."""


def disable_v2_behavior():
    """Accepted: autograd_engine always behaves as TF1 (graph mode, TF1 shapes and control
    flow, reference Variables)."""


disable_eager_execution = disable_v2_tensorshape = disable_control_flow_v2 = disable_v2_behavior
disable_tensor_equality = disable_resource_variables = disable_v2_behavior


def enable_resource_variables():
    """Accepted: Variables here already read consistently within one ``Session.run``."""


def resource_variables_enabled():
    return False


def executing_eagerly():
    """Always False: operations build a graph and run in a ``Session``."""
    return False


def executing_eagerly_outside_functions():
    return False


def control_flow_v2_enabled():
    """False: tf.cond and tf.while_loop are TF1's (v1) control flow."""
    return False


def _refuse(what):
    def refuse(*args, **kwargs):
        raise NotImplementedError(
            "%s: autograd_engine runs TF1 graph mode only (build a graph, run it in a "
            "tf.Session); remove the call, or call tf.disable_v2_behavior() instead." % what)
    refuse.__name__ = what
    refuse.__doc__ = "Refused: TF2 (eager) behaviour is not available; graph mode only."
    return refuse


enable_v2_behavior = _refuse("enable_v2_behavior")
enable_eager_execution = _refuse("enable_eager_execution")


# tf.compat's string and number helpers.
def as_bytes(bytes_or_text, encoding="utf-8"):
    """``bytes`` of a str (encoded) or of bytes (as is)."""
    if isinstance(bytes_or_text, (bytes, bytearray)):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


def as_text(bytes_or_text, encoding="utf-8"):
    """``str`` of bytes (decoded) or of a str (as is)."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, (bytes, bytearray)):
        return bytes(bytes_or_text).decode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


as_str = as_text


def as_str_any(value):
    return as_str(value) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    return str(path)


def dimension_value(dimension):
    """The int (or None) of a ``Dimension`` or an int."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index):
    return Dimension(shape[index] if shape is not None else None)


def forward_compatible(year, month, day):
    """False: nothing here depends on forward-compatibility windows."""
    return False


bytes_or_text_types = (bytes, str)
integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)
