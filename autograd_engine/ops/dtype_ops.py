"""Conversions between dtypes beyond ``tf.cast``: ``tf.bitcast`` (the same bytes read as another
type) and ``tf.saturate_cast`` (a cast that clamps to the target's range instead of wrapping).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(saturate_cast(tf.constant([-5.0, 300.0]), tf.uint8))
array([  0, 255], dtype=uint8)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import maximum, minimum
from .elementwise_unary_ops import cast
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register


def _bitcast_shape(shape, in_size, out_size):
    """TF's rule: the same shape for equal sizes; a new last dimension of in/out elements when
    the target is narrower; the last dimension (out/in) dropped when it is wider."""
    if in_size == out_size:
        return shape
    if in_size > out_size:
        return shape.concatenate([in_size // out_size])
    if shape.ndims is None:
        return TensorShape(None)
    dims = shape.as_list()
    if not dims or (dims[-1] is not None and dims[-1] != out_size // in_size):
        raise ValueError("Cannot bitcast from %d-byte to %d-byte elements: the last dimension "
                         "of the input must be %d, got shape %s"
                         % (in_size, out_size, out_size // in_size, shape))
    return TensorShape(dims[:-1])


@register
class BitcastOp(OpDef):
    """Input: a numeric tensor; attr ``type``. Its bytes as elements of ``type``."""
    type_name = "Bitcast"
    differentiable = False
    output_is_view = True  # a view of the input's bytes

    def infer(self, op):
        target = op.attrs["type"]
        source = op.inputs[0].dtype
        for dtype in (source, target):
            if dtype.np_dtype.kind not in "biufc" and not dtype.is_floating:
                raise TypeError("tf.bitcast works on numeric types, got %s" % dtype.name)
        shape = _bitcast_shape(op.inputs[0].shape, source.size, target.size)
        return [(target, shape)]

    def kernel(self, op, ctx):
        target = op.attrs["type"].np_dtype
        sizes = op.inputs[0].dtype.size, target.itemsize

        def bitcast_kernel(x):
            in_size, out_size = sizes
            contiguous = ctx.xp.ascontiguousarray(x)
            viewed = contiguous.view(target)
            if in_size > out_size:
                return viewed.reshape(x.shape + (in_size // out_size,))
            if in_size < out_size:
                return viewed.reshape(x.shape[:-1])
            return viewed
        return bitcast_kernel

    def samples(self, rng):
        def as_int32(x):
            return x.view(np.int32)

        def as_bytes(x):
            return x.view(np.uint8).reshape(x.shape + (4,))

        def as_int16(x):
            return x.view(np.int16).reshape(x.shape[:-1])
        floats = rng.normal(size=(2, 3)).astype(np.float32)
        return [OpSample(lambda x: bitcast(x, dtypes.int32), floats, reference=as_int32),
                OpSample(lambda x: bitcast(x, dtypes.uint8), floats, reference=as_bytes),
                OpSample(lambda x: bitcast(x, dtypes.int16),
                         rng.integers(0, 255, (3, 2)).astype(np.uint8), reference=as_int16)]


def bitcast(input, type, name=None):  # noqa: A002 - TF1's names
    """``input``'s bytes read as ``type``: same shape for equal sizes, a last dimension added
    (narrower type) or removed (wider type).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(bitcast(tf.constant([1.0]), tf.int32))
    array([1065353216], dtype=int32)
    """
    return make_tensor("Bitcast", [convert_to_tensor(input)], {"type": dtypes.as_dtype(type)},
                       name)


def _bound(limit, source, toward):
    """``limit`` in ``source``'s type, stepped inside the range when rounding pushed it out
    (int32's max is 2147483648.0 in float32: cast back it would wrap)."""
    bound = np.asarray(limit).astype(source.np_dtype)
    if source.is_floating and (float(bound) - float(limit)) * toward < 0:
        bound = np.nextafter(bound, np.asarray(toward, source.np_dtype))
    return convert_to_tensor(bound)


def saturate_cast(value, dtype, name=None):
    """``value`` cast to ``dtype``, first clamped to ``dtype``'s range (where it is narrower
    than the input's) so out-of-range values become its min or max, as TF does."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "saturate_cast"):
        value = convert_to_tensor(value)
        source = value.dtype
        if not (source.is_complex or dtype.is_complex or dtype == dtypes.bool):
            if source.min < dtype.min:
                value = maximum(value, _bound(dtype.min, source, toward=np.inf))
            if source.max > dtype.max:
                value = minimum(value, _bound(dtype.max, source, toward=-np.inf))
        return cast(value, dtype)


__all__ = ["bitcast", "saturate_cast"]
