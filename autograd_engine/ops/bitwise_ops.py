"""``tf.bitwise``: elementwise and, or, xor, invert and shifts of integer tensors, as TF1's
kernels compute them (two's complement; no gradients).

A shift amount outside ``[0, bits - 1]`` (negative, or the width of the type or more) is clamped
into that range, as TF1's CPU and GPU kernels do: ``left_shift(int8(1), 9)`` is ``1 << 7``,
``-128``; ``right_shift(int8(-128), 9)`` is ``-1``; a negative amount shifts by 0.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(tf.bitwise.left_shift(tf.constant([1, 1], tf.int8), tf.constant([2, 9], tf.int8)))
array([   4, -128], dtype=int8)
"""
import numpy as np

from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_families import define_binary, refuse_strings
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register

_INTEGER_DTYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16)


def _is_integer(dtype):
    return dtype.is_integer


def _clamped_shift(shift_function):
    """``shift_function(x, y)`` with ``y`` clamped into ``[0, bits - 1]`` (TF1's kernels)."""
    def forward(xp):
        def shift(x, y):
            widest = xp.iinfo(y.dtype).bits - 1
            return shift_function(xp)(x, xp.minimum(xp.maximum(y, 0), widest))
        return shift
    return forward


def _samples(reference, shifts=False):
    """Every integer dtype, with each type's extremes; for shifts, amounts from 0 past the
    width of the type, and a negative one for the signed types."""
    def samples(rng):
        cases = []
        for dtype in _INTEGER_DTYPES:
            info = np.iinfo(dtype)
            x = np.array([[0, 1, 5, info.max], [info.min, 3, 7, 12]], dtype)
            if shifts:
                y = np.array([[0, 1, info.bits - 1, info.bits], [info.bits + 3, 2, 3, 4]], dtype)
                if info.min < 0:
                    y[1, 3] = -1
            else:
                y = rng.integers(0, min(info.max, 1000), (2, 4)).astype(dtype)
            cases.append(OpSample(reference.build, x, y, reference=reference.numpy))
        cases.append(OpSample(reference.build, np.array([[6, 5]], np.int32),
                              np.array([1], np.int32), reference=reference.numpy))
        return cases
    return samples


class _Reference:
    """A sample's builder and numpy answer for a binary bitwise op."""

    def __init__(self, numpy_function, clamp=False):
        self.numpy_function, self.clamp, self.build = numpy_function, clamp, None

    def numpy(self, x, y):
        if self.clamp:
            y = np.clip(y, 0, np.iinfo(y.dtype).bits - 1).astype(y.dtype)
        return self.numpy_function(x, y)


def _define(type_name, numpy_name, default_name, clamp=False):
    reference = _Reference(getattr(np, numpy_name), clamp)
    forward = (_clamped_shift(lambda xp: getattr(xp, numpy_name)) if clamp
               else (lambda xp: getattr(xp, numpy_name)))
    function = define_binary(type_name, forward, allowed=_is_integer, default_name=default_name,
                             samples=_samples(reference, shifts=clamp))
    reference.build = function
    return function


bitwise_and = _define("BitwiseAnd", "bitwise_and", "BitwiseAnd")
bitwise_or = _define("BitwiseOr", "bitwise_or", "BitwiseOr")
bitwise_xor = _define("BitwiseXor", "bitwise_xor", "BitwiseXor")
left_shift = _define("LeftShift", "left_shift", "LeftShift", clamp=True)
right_shift = _define("RightShift", "right_shift", "RightShift", clamp=True)
bitwise_and.__doc__ = "The bitwise and of integer tensors ``x`` and ``y`` (broadcasting)."
bitwise_or.__doc__ = "The bitwise or of integer tensors ``x`` and ``y`` (broadcasting)."
bitwise_xor.__doc__ = "The bitwise exclusive or of integer tensors ``x`` and ``y``."
left_shift.__doc__ = ("``x`` shifted left by ``y`` bits, ``y`` clamped into "
                      "``[0, bits - 1]`` as in TF1; bits shifted out are lost.")
right_shift.__doc__ = ("``x`` shifted right by ``y`` bits (arithmetic for signed types), ``y`` "
                       "clamped into ``[0, bits - 1]`` as in TF1.")


@register
class Invert(OpDef):
    """Flips every bit of an integer tensor: ``~x`` (``-x - 1`` for the signed types)."""
    type_name = "Invert"
    differentiable = False

    def infer(self, op):
        x = op.inputs[0]
        refuse_strings(op, x.dtype)
        if not x.dtype.is_integer:
            raise TypeError("Value passed to parameter 'x' has DataType %s not in list of "
                            "allowed values: int8, int16, int32, int64, uint8, uint16 (op "
                            "'Invert')" % x.dtype.name)
        return [(x.dtype, TensorShape(x.shape))]

    def kernel(self, op, ctx):
        return ctx.xp.invert

    def samples(self, rng):
        """Each integer dtype with its extremes."""
        return [OpSample(invert, np.array([0, 1, np.iinfo(d).max, np.iinfo(d).min, 42], d),
                         reference=np.invert) for d in _INTEGER_DTYPES]


def invert(x, name=None):
    """Every bit of the integer tensor ``x`` flipped.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.bitwise.invert(tf.constant([0, 5], tf.uint8)))
    array([255, 250], dtype=uint8)
    """
    return make_tensor("Invert", (convert_to_tensor(x),), None, name)


__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]
