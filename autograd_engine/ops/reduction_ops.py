"""Reductions (reduce_sum, reduce_mean, reduce_max, ..., reduce_logsumexp), count_nonzero,
argmax/argmin and norm, with their gradients."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .broadcast_ops import expand_to
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import equal, not_equal, select
from .elementwise_unary_ops import abs, cast, exp, sqrt, square  # noqa: A004
from .op_families import ReduceOp, make_reduction
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of
from .shape_rules import normalize_axes, reduced_dims


# ================================================================== reductions
def unreduce(grad, op, mean=False):
    """Broadcasts a reduction's gradient back to the reduced input's shape (the adjoint of
    reduce_sum, or of reduce_mean with ``mean=True``)."""
    extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
    attrs.update(axes=op.attrs["axes"], keepdims=op.attrs["keepdims"], mean=mean)
    return make_tensor("Unreduce", [grad] + extra, attrs)


def _extreme_grad(op, grad):
    """Gradient of reduce_max/min: split equally between the positions that attain it (TF1)."""
    x, y = op.inputs[0], op.outputs[0]
    hits = cast(equal(x, unreduce(y, op)), x.dtype)
    ties = unreduce(make_reduction("Sum", hits, op.attrs["axes"], op.attrs["keepdims"]), op)
    return unreduce(grad, op) * hits / ties


def _mean_kernel(xp, axes, keepdims, dtype):
    if np.issubdtype(dtype, np.integer):
        return lambda x: xp.mean(x, axis=axes, keepdims=keepdims).astype(dtype)
    return lambda x: xp.mean(x, axis=axes, keepdims=keepdims, dtype=dtype)


def _reducer(name):
    def forward(xp, axes, keepdims, dtype):
        fn = getattr(xp, name)
        return lambda x: fn(x, axis=axes, keepdims=keepdims)
    return forward


def _accumulating_reducer(name):
    """sum/prod with the result dtype given, so int32 stays int32 (numpy widens it)."""
    def forward(xp, axes, keepdims, dtype):
        fn = getattr(xp, name)
        return lambda x: fn(x, axis=axes, keepdims=keepdims, dtype=dtype)
    return forward


def _prod_grad(op, grad):
    """d prod / d x_i = the product of the other elements, exact with zeros in the input:
    with no zero it is prod / x_i; with exactly one zero only that position gets the product
    of the nonzero others; with two or more zeros it is 0 everywhere."""
    x = op.inputs[0]
    if not x.dtype.is_floating:
        return None
    is_zero = equal(x, 0)
    zeros, ones = array_ops.zeros_like(x), array_ops.ones_like(x)
    safe_x = select(is_zero, ones, x)
    axes, keepdims = op.attrs["axes"], op.attrs["keepdims"]
    zero_count = unreduce(make_reduction("Sum", cast(is_zero, x.dtype), axes, keepdims), op)
    nonzero_prod = unreduce(make_reduction("Prod", safe_x, axes, keepdims), op)
    others = select(is_zero,
                    select(equal(zero_count, 1), nonzero_prod, zeros),
                    select(equal(zero_count, 0), nonzero_prod / safe_x, zeros))
    return unreduce(grad, op) * others


def _logsumexp_kernel(xp, axes, keepdims, dtype):
    def logsumexp(x):
        # Shift by the max so no exp overflows; a max of +-inf (all -inf) shifts by 0 instead.
        peak = xp.amax(x, axis=axes, keepdims=True)
        peak = xp.where(xp.isfinite(peak), peak, 0).astype(dtype, copy=False)
        out = xp.log(xp.sum(xp.exp(x - peak), axis=axes, keepdims=True)) + peak
        return out if keepdims else xp.squeeze(out, axis=axes)
    return logsumexp


def _logsumexp_grad(op, grad):
    """``grad * softmax(x)`` over the reduced axes. Shifted by the max (an element of x, so the
    shift is exact) rather than by the output: in float32, ``exp(x - logsumexp)`` near 1000
    is off by the output's rounding (~3e-5). The shift cancels, so it needs no gradient."""
    x, axes, keepdims = op.inputs[0], op.attrs["axes"], op.attrs["keepdims"]
    peak = array_ops.stop_gradient(unreduce(make_reduction("Max", x, axes, keepdims), op))
    e = exp(x - peak)
    return unreduce(grad, op) * e / unreduce(make_reduction("Sum", e, axes, keepdims), op)


register(ReduceOp("Sum", _accumulating_reducer("sum"), lambda op, g: unreduce(g, op)))
register(ReduceOp("Prod", _accumulating_reducer("prod"), _prod_grad))
register(ReduceOp("LogSumExp", _logsumexp_kernel, _logsumexp_grad))
register(ReduceOp("Mean", _mean_kernel, lambda op, g: unreduce(g, op, mean=True)))
register(ReduceOp("Max", _reducer("amax"), _extreme_grad))
register(ReduceOp("Min", _reducer("amin"), _extreme_grad))
register(ReduceOp("Any", _reducer("any"), out_dtype=dtypes.bool))
register(ReduceOp("All", _reducer("all"), out_dtype=dtypes.bool))


@register
class Unreduce(OpDef):
    """Expands a reduced tensor back to the input's shape: the gradient of Sum/Mean."""
    type_name = "Unreduce"
    host_inputs = (1,)  # the input shape, read by Python
    output_is_view = True

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 1)))]

    def kernel(self, op, ctx):
        xp, axes, keepdims, mean = ctx.xp, op.attrs["axes"], op.attrs["keepdims"], op.attrs["mean"]

        def unreduce(g, target):
            if axes is None:  # a full reduction: its scalar broadcasts as it is
                reduce_axes = range(len(target))
            else:
                reduce_axes = [a % len(target) for a in axes]  # negative when the rank was unknown
                if not keepdims:
                    g = xp.reshape(g, tuple([1 if i in reduce_axes else d
                                             for i, d in enumerate(target)]))
            if mean:
                count = 1
                for i in reduce_axes:
                    count *= target[i]
                g = g / max(count, 1)
            return expand_to(xp, g, target)
        return ShapeOperand.bind(op, 1, unreduce)

    def gradient(self, op, grad):
        kind = "Mean" if op.attrs["mean"] else "Sum"
        return [make_reduction(kind, grad, op.attrs["axes"], op.attrs["keepdims"])] + \
            [None] * (len(op.inputs) - 1)


# Which dtypes each reduction accepts (a check and the message when it fails); others: numbers.
_REDUCTION_DTYPES = {
    "Any": (lambda d: d.is_bool, "needs a bool tensor"),
    "All": (lambda d: d.is_bool, "needs a bool tensor"),
    "LogSumExp": (lambda d: d.is_floating, "needs a floating-point tensor"),
}
_NUMERIC = (lambda d: not d.is_bool, "does not accept bool tensors; cast them first (tf.cast)")


def define_reduction(kind, doc, public_name=None):
    """The public function (``reduce_<kind>`` by default) of the registered reduction ``kind``."""
    public_name = public_name or "reduce_" + kind.lower()
    accepts, requirement = _REDUCTION_DTYPES.get(kind, _NUMERIC)

    def reduce_fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                  keep_dims=None):
        x = convert_to_tensor(input_tensor)
        if not accepts(x.dtype):
            raise TypeError("%s %s, got %s" % (public_name, requirement, x.dtype.name))
        if axis is None:
            axis = reduction_indices
        if isinstance(axis, Tensor):
            value = constant_value(axis)
            if value is None:
                raise TypeError("The reduction axis must be known while building the graph.")
            axis = value.tolist()
        keep = bool(keepdims if keepdims is not None else keep_dims)
        try:
            axes = normalize_axes(axis, x.shape.ndims)
        except ShapeInferenceError as e:
            raise ValueError("%s for '%s' with input shape %s" % (e, kind, x.shape.bracketed())) from None
        if axes is None and axis is not None:  # negative axes of an unknown rank: kept as given
            axes = tuple(int(a) for a in (axis if isinstance(axis, (list, tuple)) else [axis]))
        return make_reduction(kind, x, axes, keep, name)
    reduce_fn.__name__ = public_name
    reduce_fn.__doc__ = doc
    return reduce_fn


reduce_sum = define_reduction("Sum", """Sum over ``axis`` (all axes when None).

    >>> import autograd_engine as tf
    >>> tf.reduce_sum(tf.ones([2, 3]), axis=1).shape.as_list()
    [2]
    """)
reduce_mean = define_reduction("Mean", "Mean over ``axis`` (integer inputs give a truncated "
                                       "integer mean, as in TF1).")
reduce_max = define_reduction("Max", "Maximum over ``axis``; its gradient is shared between ties.")
reduce_min = define_reduction("Min", "Minimum over ``axis``; its gradient is shared between ties.")
reduce_any = define_reduction("Any", "Logical or over ``axis``.")
reduce_all = define_reduction("All", "Logical and over ``axis``.")
reduce_prod = define_reduction("Prod", """Product over ``axis`` (all axes when None); its gradient
    is exact even where the input holds zeros.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.reduce_prod([[1.0, 2.0], [3.0, 4.0]], axis=0)).tolist()
    [3.0, 8.0]
    """)
reduce_logsumexp = define_reduction("LogSumExp", """``log(sum(exp(x)))`` over ``axis``, computed
    without overflow (shifted by the maximum).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     "%.3f" % sess.run(tf.reduce_logsumexp([1000.0, 1000.0]))
    '1000.693'
    """)


def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002
    """The number of nonzero (true) elements over ``axis``, as ``dtype`` (int64 by default).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.count_nonzero([[0, 1, 2], [0, 0, 3]], axis=1)).tolist()
    [2, 1]
    """
    input_tensor = input if input_tensor is None else input_tensor
    if input_tensor is None:
        raise ValueError("count_nonzero needs input_tensor.")
    x = convert_to_tensor(input_tensor)
    with name_scope(name or "count_nonzero", values=[x]):
        nonzero = cast(not_equal(x, array_ops.zeros([], x.dtype)), dtypes.int64)
        counts = reduce_sum(nonzero, axis=axis, keepdims=keepdims,
                            reduction_indices=reduction_indices, keep_dims=keep_dims)
        return cast(counts, dtype)


# ================================================================== argmax / argmin
class ArgReduce(OpDef):
    differentiable = False

    def __init__(self, type_name, fn_name):
        self.type_name = type_name
        self._fn_name = fn_name

    def infer(self, op):
        dims = reduced_dims(op.inputs[0].shape.as_tuple(), (op.attrs["axis"],), False)
        return [(op.attrs["output_type"], TensorShape(dims))]

    def kernel(self, op, ctx):
        fn, axis = getattr(ctx.xp, self._fn_name), op.attrs["axis"]
        dtype = op.attrs["output_type"].np_dtype
        return lambda x: fn(x, axis=axis).astype(dtype, copy=False)


register(ArgReduce("ArgMax", "argmax"))
register(ArgReduce("ArgMin", "argmin"))


def _arg_reduction(kind):
    def arg_fn(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
        x = convert_to_tensor(input)
        axis = dimension if axis is None else axis
        axis = 0 if axis is None else axis
        if isinstance(axis, Tensor):
            axis = int(constant_value(axis))
        ndims = x.shape.ndims
        try:
            axes = normalize_axes(int(axis), ndims, kind.lower())
        except ShapeInferenceError as e:
            raise ValueError("%s for '%s' with input shape %s" % (e, kind, x.shape.bracketed())) from None
        if axes is None:
            raise ValueError("%s needs an input of known rank for a negative axis" % kind)
        return make_tensor(kind, (x,), {"axis": axes[0],
                                        "output_type": dtypes.as_dtype(output_type)}, name)
    arg_fn.__name__ = kind.lower()
    arg_fn.__doc__ = "Index of the %s value along ``axis`` (default 0), as int64." % kind[3:].lower()
    return arg_fn


argmax = _arg_reduction("ArgMax")
argmin = _arg_reduction("ArgMin")


# ================================================================== norms
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """The vector norm of ``tensor`` over ``axis`` (all elements when None): ``"euclidean"``
    (or 2; ``"fro"`` for a pair of axes), 1, or ``np.inf``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     float(sess.run(tf.norm([3.0, 4.0])))
    5.0
    """
    x = convert_to_tensor(tensor)
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axes = list(axis) if isinstance(axis, (list, tuple)) else axis
    if ord in ("euclidean", "fro", 2, 2.0):
        if ord == 2 and isinstance(axes, list) and len(axes) == 2:
            raise ValueError("The matrix 2-norm (largest singular value) is not available; use "
                             "ord='fro' or 'euclidean'.")
        return sqrt(reduce_sum(square(x), axes, keepdims=keep), name=name or "norm")
    if ord in (1, 1.0):
        return reduce_sum(abs(x), axes, keepdims=keep, name=name or "norm")
    if ord == np.inf:
        return reduce_max(abs(x), axes, keepdims=keep, name=name or "norm")
    raise ValueError("'ord' must be 'euclidean', 'fro', 1, 2 or np.inf, got %r" % (ord,))
