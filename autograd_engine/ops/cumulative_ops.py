"""Running sums and products along an axis: cumsum and cumprod, with their gradients."""
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor
from .constant_op import constant_value, convert_to_tensor
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


register(CumulativeOp("Cumsum", "cumsum", 0, _cumsum_grad))
register(CumulativeOp("Cumprod", "cumprod", 1, _cumprod_grad))


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
