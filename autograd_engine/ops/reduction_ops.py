"""Reductions (reduce_sum, reduce_mean, reduce_max, ..., reduce_logsumexp), count_nonzero,
argmax/argmin and norm, with their gradients and conformance samples."""
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
from .op_samples import OpSample, distinct, normal
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


def extreme_identity(np_dtype, maximum):
    """What reduce_max (``maximum``) or reduce_min of no elements is, as in TF1: -inf / +inf
    for floats, the dtype's lowest / highest value for integers."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind == "f":
        return -np.inf if maximum else np.inf
    if np_dtype.kind == "b":
        return not maximum
    info = np.iinfo(np_dtype)
    return info.min if maximum else info.max


def _reduced_shape(shape, axes, keepdims):
    axes = range(len(shape)) if axes is None else [a % len(shape) for a in axes]
    return tuple(1 if i in axes else d for i, d in enumerate(shape) if keepdims or i not in axes)


def _extreme_reducer(name):
    """amax/amin, with TF1's value where the reduced axes are empty (numpy has none)."""
    def forward(xp, axes, keepdims, dtype):
        fn, empty = getattr(xp, name), extreme_identity(dtype, name == "amax")

        def reduce(x):
            if x.size == 0:
                return xp.full(_reduced_shape(x.shape, axes, keepdims), empty, dtype=dtype)
            return fn(x, axis=axes, keepdims=keepdims)
        return reduce
    return forward


def _accumulating_reducer(name):
    """sum/prod with the result dtype given, so int32 stays int32 (numpy widens it)."""
    def forward(xp, axes, keepdims, dtype):
        fn = getattr(xp, name)
        return lambda x: fn(x, axis=axes, keepdims=keepdims, dtype=dtype)
    return forward


def _prod_grad(op, grad):
    """d prod / d x_i = the product of the other elements, exact with zeros in the input:
    at a nonzero x_i it is prod / x_i (0 when the slice holds a zero, written so that its own
    gradient with respect to that zero is right); at a zero, the product of the nonzero others
    when it is the slice's only zero, else 0. The second order is exact too unless a slice
    holds two zeros or more (as TF1's, whose cumprod gradient divides by x)."""
    x = op.inputs[0]
    if not x.dtype.is_floating:
        return None
    is_zero = equal(x, 0)
    zeros, ones = array_ops.zeros_like(x), array_ops.ones_like(x)
    safe_x = select(is_zero, ones, x)
    axes, keepdims = op.attrs["axes"], op.attrs["keepdims"]
    zero_count = unreduce(make_reduction("Sum", cast(is_zero, x.dtype), axes, keepdims), op)
    nonzero_prod = unreduce(make_reduction("Prod", safe_x, axes, keepdims), op)
    others = select(is_zero, select(equal(zero_count, 1), nonzero_prod, zeros),
                    unreduce(op.outputs[0], op) / safe_x)
    return unreduce(grad, op) * others


def _logsumexp_kernel(xp, axes, keepdims, dtype):
    def logsumexp(x):
        # Shift by the max so no exp overflows; a max of +-inf (all -inf) shifts by 0 instead.
        if x.size == 0:  # log(0): -inf, TF1's value for no elements
            return xp.full(_reduced_shape(x.shape, axes, keepdims), -np.inf, dtype=dtype)
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


# ------------------------------------------------------------------ samples of the reductions
# (input shape, axes, keepdims): one axis, two axes kept, every axis.
_REDUCTION_CASES = [((3, 4), (1,), False), ((2, 3, 4), (0, 2), True), ((2, 3), None, False)]
# Integers whose means along axis 0 (-3.5, 1.5, 3.5) tell truncation from flooring and rounding.
_INTEGER_INPUT = np.int32([[-3, 4, 5], [-4, -1, 2]])


def _reduction_samples(kind, reference, values=normal, second_order=False, other=None,
                       edges=()):
    """``make_samples`` of the reduction ``kind``: ``values(rng, *shape)`` over the
    :data:`_REDUCTION_CASES` (gradient-checked, and second order with ``second_order``), then
    the ``other(rng)`` input (default :data:`_INTEGER_INPUT`) over axis 0, gradient-checked
    when float64, and forward only the ``edges``: (input, axes, keepdims) triples.
    ``reference(x, axes, keepdims)``."""
    def sample(x, axes, keepdims, **options):
        return OpSample(lambda t: make_reduction(kind, t, axes, keepdims), x,
                        reference=lambda a: reference(a, axes, keepdims), **options)

    def make_samples(rng):
        samples = [sample(values(rng, *shape), axes, keepdims, second_order=second_order)
                   for shape, axes, keepdims in _REDUCTION_CASES]
        x = _INTEGER_INPUT if other is None else other(rng)
        checked = x.dtype == np.float64
        samples.append(sample(x, (0,), False, grad=None if checked else (),
                              second_order=checked and second_order, name=x.dtype.name))
        return samples + [sample(x, axes, keepdims, grad=(), name="edge")
                          for x, axes, keepdims in edges]
    return make_samples


def _mean_reference(x, axes, keepdims):
    """The sum over the count; integers truncated toward zero, as TF1's integer division."""
    count = np.prod([x.shape[a] for a in (range(x.ndim) if axes is None else axes)])
    quotient = np.sum(x, axis=axes, keepdims=keepdims, dtype=np.float64) / count
    return np.trunc(quotient).astype(x.dtype) if x.dtype.kind == "i" else quotient.astype(x.dtype)


def _logsumexp_reference(x, axes, keepdims):
    """In float64, shifted by the finite maximum (-inf for an all -inf slice)."""
    wide = x.astype(np.float64)
    peak = np.max(wide, axis=axes, keepdims=True, initial=-np.inf)
    peak = np.where(np.isfinite(peak), peak, 0.0)
    out = np.log(np.sum(np.exp(wide - peak), axis=axes, keepdims=True)) + peak
    return (out if keepdims else np.squeeze(out, axis=axes)).astype(x.dtype)


def _numpy_reduction(name):
    """The reference ``numpy.<name>`` over the axes, keeping the input's dtype."""
    return lambda x, axes, keepdims: np.asarray(
        getattr(np, name)(x, axis=axes, keepdims=keepdims)).astype(x.dtype)


def _numpy_extreme(name):
    """The reference of reduce_max / reduce_min: numpy's, started at TF1's empty value."""
    return lambda x, axes, keepdims: np.asarray(getattr(np, name)(
        x, axis=axes, keepdims=keepdims,
        initial=extreme_identity(x.dtype, name == "max"))).astype(x.dtype)


def _random_bools(rng, *shape):
    return rng.random(shape) < 0.5


# Columns of products with one zero, none and one zero: the first and second order gradients
# stay exact there; with two zeros, the first order only.
_PROD_WITH_ZEROS = np.array([[0.0, 2.0, 3.0], [1.2, -0.7, 0.0], [1.0, -2.0, 0.5]])
_PROD_WITH_TWO_ZEROS = np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 1.5], [1.0, -2.0, 0.5]])
_EMPTY = np.zeros((0, 3))
_TIES = np.float32([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])
_prod_samples = _reduction_samples("Prod", _numpy_reduction("prod"), second_order=True,
                                   other=lambda rng: _PROD_WITH_ZEROS,
                                   edges=[(_INTEGER_INPUT, (0,), False), (_EMPTY, (0,), False)])

register(ReduceOp("Sum", _accumulating_reducer("sum"), lambda op, g: unreduce(g, op)),
         samples=_reduction_samples("Sum", _numpy_reduction("sum"), edges=[
             (_EMPTY, (0,), False), (np.float32([[1e38, 1e38], [-1.0, 1.0]]), (1,), True)]))
register(ReduceOp("Prod", _accumulating_reducer("prod"), _prod_grad),
         samples=lambda rng: _prod_samples(rng) + [
             OpSample(lambda x: make_reduction("Prod", x, (0, 1), True), _PROD_WITH_TWO_ZEROS,
                      reference=lambda x: np.prod(x, keepdims=True), name="two zeros")])
register(ReduceOp("LogSumExp", _logsumexp_kernel, _logsumexp_grad),
         samples=_reduction_samples(
             "LogSumExp", _logsumexp_reference, second_order=True,
             other=lambda rng: normal(rng, 2, 3).astype(np.float32),
             edges=[(np.float32([[1000.0, 1000.0, -1000.0], [-np.inf, -np.inf, -np.inf]]), (1,),
                     False), (_EMPTY.astype(np.float32), (0,), False), (_EMPTY, None, True)]))
register(ReduceOp("Mean", _mean_kernel, lambda op, g: unreduce(g, op, mean=True)),
         samples=_reduction_samples("Mean", _mean_reference,
                                    edges=[(_EMPTY.astype(np.float32), (0,), False)]))
# Empty reductions: -inf / +inf for floats, the dtype's limits for integers (TF1's values).
_EXTREME_EDGES = [(_TIES, (1,), False), (_EMPTY, (0,), False),
                  (_EMPTY.astype(np.float32), None, True), (_EMPTY.astype(np.int32), (0,), False),
                  (_EMPTY.astype(np.int64), None, False)]
register(ReduceOp("Max", _extreme_reducer("amax"), _extreme_grad),
         samples=_reduction_samples("Max", _numpy_extreme("max"), distinct,
                                    edges=_EXTREME_EDGES))
register(ReduceOp("Min", _extreme_reducer("amin"), _extreme_grad),
         samples=_reduction_samples("Min", _numpy_extreme("min"), distinct,
                                    edges=_EXTREME_EDGES))
register(ReduceOp("Any", _reducer("any"), out_dtype=dtypes.bool),
         samples=_reduction_samples("Any", _numpy_reduction("any"), _random_bools,
                                    other=lambda rng: _random_bools(rng, 2, 3),
                                    edges=[(_EMPTY.astype(bool), (0,), False)]))
register(ReduceOp("All", _reducer("all"), out_dtype=dtypes.bool),
         samples=_reduction_samples("All", _numpy_reduction("all"), _random_bools,
                                    other=lambda rng: _random_bools(rng, 2, 3),
                                    edges=[(_EMPTY.astype(bool), (0,), False)]))


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

    def samples(self, rng):
        """A reduction's gradient ``g`` expanded to the shape of ``x`` (static when known while
        building, a Shape operand with unknown dims): one axis, two axes kept (a mean), every
        axis (the scalar broadcast), and int32; only ``g`` is differentiable."""
        def case(g, x, axes, keepdims, mean=False, name=None):
            def build(g, x):
                extra, attrs = ShapeOperand.split(shape_operand_of(x))
                attrs.update(axes=axes, keepdims=keepdims, mean=mean)
                return make_tensor("Unreduce", [g] + extra, attrs)

            def reference(g, x):
                reduced = range(x.ndim) if axes is None else axes
                kept = [1 if i in reduced else d for i, d in enumerate(x.shape)]
                expanded = np.broadcast_to(np.reshape(g, kept), x.shape)
                return expanded / np.prod([x.shape[i] for i in reduced]) if mean else expanded
            return OpSample(build, g, x, reference=reference, grad=(0,), name=name)
        return [case(normal(rng, 3), normal(rng, 3, 4), (1,), False),
                case(normal(rng, 1, 3, 1), normal(rng, 2, 3, 4), (0, 2), True, mean=True),
                case(normal(rng), normal(rng, 2, 3), None, False),
                case(np.int32([4, -2]), np.zeros((2, 3), np.int32), (1,), False, name="int32")]


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


def _first_extreme_index(extreme):
    """The reference of ArgMax/ArgMin: the first position holding the ``extreme`` value."""
    def reference(x, axis, dtype):
        positions = np.arange(x.shape[axis]).reshape([-1 if a == axis else 1
                                                      for a in range(x.ndim)])
        hits = x == extreme(x, axis=axis, keepdims=True)
        return np.min(np.where(hits, positions, x.shape[axis]), axis=axis).astype(dtype)
    return reference


def _arg_reduction_samples(kind, extreme):
    """``make_samples`` of ArgMax/ArgMin: distinct float64 values along a middle axis, int32
    with ties (the first wins, as in TF1) as int32 indices, and a float32 vector."""
    reference = _first_extreme_index(extreme)

    def sample(x, axis, output_type):
        return OpSample(lambda t: make_tensor(kind, (t,), {"axis": axis,
                                                           "output_type": output_type}),
                        x, reference=lambda a: reference(a, axis, output_type.np_dtype))

    def make_samples(rng):
        return [sample(distinct(rng, 2, 3, 4), 1, dtypes.int64),
                sample(rng.integers(-2, 2, (3, 5)).astype(np.int32), 0, dtypes.int32),
                sample(normal(rng, 5).astype(np.float32), 0, dtypes.int64)]
    return make_samples


register(ArgReduce("ArgMax", "argmax"), samples=_arg_reduction_samples("ArgMax", np.max))
register(ArgReduce("ArgMin", "argmin"), samples=_arg_reduction_samples("ArgMin", np.min))


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
