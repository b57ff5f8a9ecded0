"""Running sums and products along an axis: cumsum and cumprod, with their gradients and
conformance samples."""
import itertools
import operator

import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor
from .constant_op import constant_value, convert_to_tensor
from .op_samples import OpSample, away_from_zero
from .registry import OpDef, make_tensor, register


# ================================================================== cumulative sum, product
class CumulativeOp(OpDef):
    """Inclusive or exclusive running sums/products along ``axis``, forward or reversed."""

    def __init__(self, type_name, accumulate, identity, grad):
        self.type_name = type_name
        self._accumulate = accumulate
        self._identity = identity
        self._grad = grad

    def infer(self, op):
        x, axis = op.inputs[0], op.attrs["axis"]
        if x.dtype.is_bool:
            raise TypeError("%s does not accept bool tensors; cast them first (tf.cast)"
                            % self.type_name.lower())
        ndims = x.shape.ndims
        if ndims is not None and not -ndims <= axis < ndims:
            raise ShapeInferenceError("Expected scan axis in the range [%d, %d), but got %d"
                                      % (-ndims, ndims, axis))
        return [(x.dtype, x.shape)]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]
        exclusive, reverse = op.attrs["exclusive"], op.attrs["reverse"]
        accumulate, identity = getattr(xp, self._accumulate), self._identity
        dtype = op.outputs[0].dtype.np_dtype  # numpy would widen int32 sums to int64

        def along_axis(part):  # an index selecting `part` (a slice) of the scan axis
            return (slice(None),) * axis + (part,) if axis >= 0 else \
                (Ellipsis, part) + (slice(None),) * (-axis - 1)
        first, rest, but_last = along_axis(slice(0, 1)), along_axis(slice(1, None)), \
            along_axis(slice(None, -1))

        def scan(x):
            if reverse:
                x = xp.flip(x, axis)
            if exclusive:  # shifted by one: [identity, x0, x0+x1, ...]
                out = xp.empty(x.shape, dtype)
                out[first] = identity
                accumulate(x[but_last], axis=axis, dtype=dtype, out=out[rest])
            else:
                out = accumulate(x, axis=axis, dtype=dtype)
            return xp.flip(out, axis) if reverse else out
        return scan

    def gradient(self, op, grad):
        return [self._grad(op, grad)]


def _cumsum_grad(op, grad):
    attrs = op.attrs
    return cumsum(grad, attrs["axis"], attrs["exclusive"], not attrs["reverse"])


def _cumprod_grad(op, grad):
    # sum over later outputs of grad * output / x (TF1's rule; like TF1, not defined where x
    # holds zeros).
    x, attrs = op.inputs[0], op.attrs
    return cumsum(grad * op.outputs[0], attrs["axis"], attrs["exclusive"],
                  not attrs["reverse"]) / x


def _scan_reference(combine, identity, axis, exclusive, reverse):
    """A conformance reference: Python's ``itertools.accumulate`` along each line of ``axis``."""
    def reference(x):
        lines = np.moveaxis(x, axis, -1)
        out = np.empty(lines.shape, x.dtype)
        for index in np.ndindex(lines.shape[:-1]):
            line = list(lines[index])[::-1] if reverse else list(lines[index])
            if exclusive:
                line = ([identity] + line)[:len(line)]
            scanned = list(itertools.accumulate(line, combine))
            out[index] = scanned[::-1] if reverse else scanned
        return np.moveaxis(out, -1, axis)
    return reference


def _scan_samples(type_name, combine, identity, second_order):
    """Samples of a :class:`CumulativeOp`: every (exclusive, reverse) combination over shapes
    of rank 1 to 3 and positive and negative axes, values away from zero (cumprod's gradient
    divides by them), then int32 and an empty scan axis (forward only)."""
    def case(x, axis, exclusive=False, reverse=False, **options):
        return OpSample(lambda t: _scan(type_name, t, axis, exclusive, reverse, None), x,
                        reference=_scan_reference(combine, identity, axis, exclusive, reverse),
                        **options)

    def samples(rng):
        return [case(away_from_zero(rng, 3, 4), 1, second_order=second_order),
                case(away_from_zero(rng, 2, 3, 2), -2, exclusive=True, reverse=True,
                     second_order=second_order),
                case(away_from_zero(rng, 5), 0, reverse=True, second_order=second_order),
                case(rng.integers(-3, 4, (4, 3)).astype(np.int32), 0, exclusive=True),
                case(np.zeros((0, 3), np.float32), 0, exclusive=True, grad=(), name="empty")]
    return samples


# Cumsum is linear: no second-order samples.
register(CumulativeOp("Cumsum", "cumsum", 0, _cumsum_grad),
         samples=_scan_samples("Cumsum", operator.add, 0, second_order=False))
register(CumulativeOp("Cumprod", "cumprod", 1, _cumprod_grad),
         samples=_scan_samples("Cumprod", operator.mul, 1, second_order=True))


def _scan(kind, x, axis, exclusive, reverse, name):
    x = convert_to_tensor(x)
    if isinstance(axis, Tensor):
        value = constant_value(axis)
        if value is None:
            raise TypeError("The %s axis must be known while building the graph."
                            % kind.lower())
        axis = value
    axis = int(axis)
    if x.shape.ndims is not None and -x.shape.ndims <= axis < 0:
        axis += x.shape.ndims
    return make_tensor(kind, (x,), {"axis": axis, "exclusive": bool(exclusive),
                                    "reverse": bool(reverse)}, name)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sum along ``axis``; ``exclusive`` shifts it by one (starting at 0), ``reverse``
    runs it from the end.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cumsum([1, 2, 3], exclusive=True, reverse=True)).tolist()
    [5, 3, 0]
    """
    return _scan("Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running product along ``axis`` (``exclusive`` starts at 1); as in TF1, its gradient is
    not defined where ``x`` holds zeros.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cumprod([1, 2, 3])).tolist()
    [1, 2, 6]
    """
    return _scan("Cumprod", x, axis, exclusive, reverse, name)
