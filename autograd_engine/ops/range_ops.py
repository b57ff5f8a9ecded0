"""Sequences: tf.range and tf.linspace."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .elementwise_unary_ops import cast
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register


# ------------------------------------------------------------------ range, linspace
_RANGE_DTYPES = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]


@register
class Range(OpDef):
    type_name = "Range"
    differentiable = False
    host_inputs = (0, 1, 2)  # start, limit and delta are read by Python (TF1: HostMemory)

    def infer(self, op):
        for t in op.inputs:
            if t.shape.ndims not in (None, 0):
                raise ShapeInferenceError("start, limit and delta must be scalars, got shape %s"
                                          % t.shape)
        values = [constant_value(t) for t in op.inputs]
        if any(v is None for v in values):
            return [(op.inputs[0].dtype, TensorShape([None]))]
        return [(op.inputs[0].dtype, TensorShape([_range_length(*values, ShapeInferenceError)]))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.outputs[0].dtype.np_dtype

        def arange(start, limit, delta):
            start, limit, delta = _python_scalars(start, limit, delta)  # host values
            _range_length(start, limit, delta, ValueError)
            return xp.arange(start, limit, delta, dtype=dtype)
        return arange

    def samples(self, rng):
        """Counting up and down, an empty range, int32, int64, float32 and float64 bounds fed
        at run time, and bounds known while building (a static length)."""
        def reference(start, limit, delta):
            count = max(int(np.ceil((limit - start) / delta)), 0)
            return (start + delta * np.arange(count)).astype(start.dtype)
        fed = [OpSample(range, *(np.array(v, dtype) for v in bounds), reference=reference)
               for dtype, bounds in ((np.int32, (3, 18, 3)), (np.int32, (10, 1, -3)),
                                     (np.int64, (5, 5, 1)), (np.float32, (-1.0, 1.0, 0.5)),
                                     (np.float64, (0.5, 2.0, 0.25)))]
        return fed + [OpSample(lambda: range(2, 9, 2), reference=lambda: np.int32([2, 4, 6, 8]))]


def _python_scalars(*values):
    return [np.asarray(v).item() for v in values]


def _range_length(start, limit, delta, error):
    start, limit, delta = _python_scalars(start, limit, delta)
    if delta == 0:
        raise error("Requires delta != 0: %s" % delta)
    if delta > 0 and start > limit:
        raise error("Requires start <= limit when delta > 0: %s/%s" % (start, limit))
    if delta < 0 and start < limit:
        raise error("Requires start >= limit when delta < 0: %s/%s" % (start, limit))
    return int(np.ceil(abs((limit - start) / delta)))


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF1's name
    """``[start, start + delta, ...]`` up to but excluding ``limit``; ``range(n)`` counts from
    0. The dtype is the widest of the arguments' (int32 < int64 < float32 < float64) unless
    given.

    >>> import autograd_engine as tf
    >>> r = tf.range(3, 18, 3)
    >>> r.dtype, r.shape.as_list()
    (tf.int32, [5])
    """
    if limit is None:
        start, limit = 0, start
    args = [start, limit, delta]
    kinds = [convert_to_tensor(a).dtype if isinstance(a, TensorLike) else
             dtypes.infer_dtype(a) for a in args]
    for kind in kinds:
        if kind not in _RANGE_DTYPES:
            raise TypeError("tf.range accepts int32, int64, float32 and float64 arguments, got %s"
                            % kind.name)
    dtype = max(kinds, key=_RANGE_DTYPES.index) if dtype is None else dtypes.as_dtype(dtype)
    tensors = [cast(a, dtype) for a in args]
    return make_tensor("Range", tensors, None, name)


@register
class LinSpace(OpDef):
    type_name = "LinSpace"
    differentiable = False
    host_inputs = (0, 1, 2)  # start, stop and num, read by Python (TF1: HostMemory)

    def infer(self, op):
        start, stop, num = op.inputs
        if not start.dtype.is_floating or stop.dtype != start.dtype:
            raise TypeError("tf.linspace needs start and stop of one floating-point dtype, got "
                            "%s and %s" % (start.dtype.name, stop.dtype.name))
        if not num.dtype.is_integer:
            raise TypeError("tf.linspace needs an integer num, got %s" % num.dtype.name)
        for t, what in ((start, "start"), (stop, "stop"), (num, "num")):
            if t.shape.ndims not in (None, 0):
                raise ShapeInferenceError("%s must be a scalar, got shape %s" % (what, t.shape))
        count = constant_value(num)
        if count is not None and count <= 0:
            raise ShapeInferenceError("Requires num > 0: %d" % count)
        return [(start.dtype, TensorShape([None if count is None else int(count)]))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.outputs[0].dtype.np_dtype

        def linspace_kernel(start, stop, num):
            start, stop, num = _python_scalars(start, stop, num)  # host values
            if num <= 0:
                raise ValueError("Requires num > 0: %d" % num)
            return xp.linspace(start, stop, int(num), dtype=dtype)
        return linspace_kernel

    def samples(self, rng):
        """Increasing and decreasing, one value, float32 and float64, int32 and int64 counts,
        and a count known while building."""
        def reference(start, stop, num):
            step = (stop - start) / max(num - 1, 1)
            return (start + step * np.arange(num, dtype=np.float64)).astype(start.dtype)
        fed = [OpSample(linspace, np.array(start, dtype), np.array(stop, dtype),
                        np.array(num, kind), reference=reference)
               for dtype, start, stop, num, kind in (
                   (np.float64, 0.0, 1.0, 5, np.int32), (np.float32, 3.0, -3.0, 7, np.int64),
                   (np.float64, 2.5, 4.0, 1, np.int32))]
        return fed + [OpSample(lambda start, stop: linspace(start, stop, 4), np.float32(-1.0),
                               np.float32(2.0),
                               reference=lambda start, stop: np.float32([-1, 0, 1, 2]))]


def linspace(start, stop, num, name="LinSpace"):
    """``num`` evenly spaced values from ``start`` to ``stop`` (both included).

    >>> import autograd_engine as tf
    >>> tf.linspace(10.0, 12.0, 3).shape.as_list()
    [3]
    """
    start = convert_to_tensor(start)
    stop = convert_to_tensor(stop, dtype=start.dtype) if not isinstance(stop, TensorLike) \
        else convert_to_tensor(stop)
    return make_tensor("LinSpace", (start, stop, convert_to_tensor(num)), None, name)


lin_space = linspace
