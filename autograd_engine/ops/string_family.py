"""What the string op families share: the elementwise string op (one Python function applied
to each element of a ``tf.string`` tensor), argument checks, run-time errors naming the op, and
value makers for conformance samples.

String tensors are numpy object arrays of ``bytes`` on the host; every string op is
``host_only`` (the device library has no arrays of bytes) and has no gradient, as in TF1.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor import TensorLike
from .constant_op import convert_to_tensor
from .registry import OpDef


def run_error(op, message, cls=errors.InvalidArgumentError):
    """An error of class ``cls`` raised while ``op`` runs, worded as TF1's kernel says it, plus
    the node and the line that built the op."""
    return cls(None, op, "%s\n\t [[{{node %s}}]]%s" % (message, op.name, op.creation_site()))


def string_input(value, op_type, arg="input"):
    """``value`` as a tf.string tensor; a tensor of another dtype is TF1's TypeError
    ("Input 'input' of 'StringLength' Op has type float32 that does not match expected type of
    string.")."""
    tensor = convert_to_tensor(value, dtype=None if isinstance(value, TensorLike) else
                               dtypes.string)
    if tensor.dtype != dtypes.string:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected type of "
                        "string." % (arg, op_type, tensor.dtype.name))
    return tensor


def as_bytes(value):
    """An attr given as str or bytes, as bytes (str encoded as UTF-8)."""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def scalar_bytes(value):
    """A string scalar's value (a 0-d object array inside a plan, or bytes) as bytes."""
    return value if type(value) is bytes else np.asarray(value, dtype=object)[()]


def map_strings(function, array, np_dtype=object):
    """``function`` applied to each element of ``array`` (any shape, 0-d included), as a new
    array of ``np_dtype``."""
    array = np.asarray(array, dtype=object)
    out = np.empty(array.shape, dtype=np_dtype)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1)):
        flat[i] = function(item)
    return out


class ElementwiseStringOp(OpDef):
    """An op whose output has its string input's shape, each element ``function(element)``.

    ``make_function(op)`` returns that function, given the op's attrs (called once, when a plan
    binds the kernel); it may raise the ``run_error`` of a bad element. ``out_dtype`` is the
    output's DType (tf.string by default) or ``out_dtype(op)``."""
    differentiable = False
    host_only = True

    def __init__(self, type_name, make_function, out_dtype=dtypes.string):
        self.type_name = type_name
        self._make_function = make_function
        self._out_dtype = out_dtype

    def output_dtype(self, op):
        return self._out_dtype(op) if callable(self._out_dtype) else self._out_dtype

    def infer(self, op):
        return [(self.output_dtype(op), op.inputs[0].shape)]

    def kernel(self, op, ctx):
        function = self._make_function(op)
        np_dtype = self.output_dtype(op).np_dtype
        return lambda x: map_strings(function, x, np_dtype)


# ------------------------------------------------------------------ conformance sample values
WORDS = np.array([b"hello", b"World", b" pad me ", b"caf\xc3\xa9", b"", b"a,b;c"], dtype=object)


def words(rng, *shape):
    """A ``shape`` object array of bytes drawn from :data:`WORDS` (mixed case, spaces, UTF-8,
    the empty string)."""
    picked = rng.choice(len(WORDS), shape)
    return np.asarray(WORDS[picked], dtype=object).reshape(shape)


def string_array(values):
    """Nested lists of str/bytes as a tf.string value (an object array of bytes)."""
    return dtypes.as_string_array(values)


__all__ = ["run_error", "string_input", "as_bytes", "scalar_bytes", "map_strings", "ElementwiseStringOp",
           "WORDS", "words", "string_array"]
