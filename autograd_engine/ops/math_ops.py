"""Elementwise arithmetic, comparisons, casts, matmul, einsum, scans and reductions, with their
gradients.

Each op is one registration: its kernel, its shape rule (shared per family) and its gradient
sit on neighbouring lines.
"""
import math
import operator
import string

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import ShapeOperand, reduce_to_input_shape, shape_operand_of
from .constant_op import constant_value, convert_operand, convert_to_tensor
from .registry import OpDef, PlanOpDef, make_tensor, register, register_fusion
from .shape_rules import (broadcast_shape, merged_shape_of_equals, normalize_axes,
                          reduced_dims)

_FLOATS = "floating-point"


# ================================================================== elementwise unary
class UnaryOp(OpDef):
    """``y = f(x)`` elementwise. ``forward(xp)`` returns the kernel; ``grad(x, y, g)`` the input
    gradient from the op's input ``x``, output ``y`` and output gradient ``g``."""

    def __init__(self, type_name, forward, grad=None, requires=None, out_dtype=None):
        self.type_name = type_name
        self._forward = forward
        self._grad = grad
        self._requires = requires
        self._out_dtype = out_dtype
        self.differentiable = grad is not None

    def infer(self, op):
        x = op.inputs[0]
        if self._requires == _FLOATS and not (x.dtype.is_floating or x.dtype.is_complex):
            raise TypeError("Value passed to parameter 'x' has DataType %s not in list of "
                            "allowed values: float16, float32, float64 (op '%s')"
                            % (x.dtype.name, self.type_name))
        return [(self._out_dtype or x.dtype, x.shape)]

    def kernel(self, op, ctx):
        return self._forward(ctx.xp)

    def gradient(self, op, grad):
        return [self._grad(op.inputs[0], op.outputs[0], grad)]


def _unary(type_name, forward, grad=None, requires=_FLOATS, out_dtype=None):
    op_def = register(UnaryOp(type_name, forward, grad, requires, out_dtype))

    def apply(x, name=None):
        return make_tensor(op_def.type_name, (convert_to_tensor(x),), None, name)
    apply.__name__ = type_name.lower()
    return apply


def _sigmoid_kernel(xp):
    def sigmoid(x):
        if x.dtype.itemsize < 4:  # float16's exp(-x) overflows from x < -11, sigmoid does not
            return sigmoid(x.astype(np.float32)).astype(x.dtype)
        # exp(-x) overflows to inf for x below about -88 (float32), and 1 / (1 + inf) is 0:
        # below the smallest normal number the result flushes to zero (as on GPUs), and
        # only numpy's overflow warning needs silencing.
        # Half the time of the branch-free exp(-|x|) / where form. (errstate concerns numpy
        # alone; other backends do not signal floating-point errors.)
        with np.errstate(over="ignore"):
            return 1 / (1 + xp.exp(-x))
    return sigmoid


negative = _unary("Neg", lambda xp: xp.negative, lambda x, y, g: -g, requires=None)
abs = _unary("Abs", lambda xp: xp.abs, lambda x, y, g: g * sign(x), requires=None)  # noqa: A001
sign = _unary("Sign", lambda xp: xp.sign, requires=None)
exp = _unary("Exp", lambda xp: xp.exp, lambda x, y, g: g * y)
log = _unary("Log", lambda xp: xp.log, lambda x, y, g: g / x)
log1p = _unary("Log1p", lambda xp: xp.log1p, lambda x, y, g: g / (1 + x))
square = _unary("Square", lambda xp: xp.square, lambda x, y, g: g * (2 * x), requires=None)
sqrt = _unary("Sqrt", lambda xp: xp.sqrt, lambda x, y, g: g * (0.5 / y))
rsqrt = _unary("Rsqrt", lambda xp: (lambda x: 1 / xp.sqrt(x)), lambda x, y, g: g * (-0.5 * y * y * y))
reciprocal = _unary("Reciprocal", lambda xp: xp.reciprocal, lambda x, y, g: -g * y * y)
tanh = _unary("Tanh", lambda xp: xp.tanh, lambda x, y, g: make_tensor("TanhGrad", (y, g)))
sigmoid = _unary("Sigmoid", _sigmoid_kernel, lambda x, y, g: make_tensor("SigmoidGrad", (y, g)))
logical_not = _unary("LogicalNot", lambda xp: xp.logical_not, requires=None)
is_nan = _unary("IsNan", lambda xp: xp.isnan, out_dtype=dtypes.bool)
is_inf = _unary("IsInf", lambda xp: xp.isinf, out_dtype=dtypes.bool)
is_finite = _unary("IsFinite", lambda xp: xp.isfinite, out_dtype=dtypes.bool)
expm1 = _unary("Expm1", lambda xp: xp.expm1, lambda x, y, g: g * exp(x))
sin = _unary("Sin", lambda xp: xp.sin, lambda x, y, g: g * cos(x))
cos = _unary("Cos", lambda xp: xp.cos, lambda x, y, g: -g * sin(x))
# Piecewise constant: TF1 registers no gradient for these (tf.gradients gives None).
floor = _unary("Floor", lambda xp: xp.floor)
ceil = _unary("Ceil", lambda xp: xp.ceil)
# numpy's round is TF1's: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2, -2.5 -> -2).
round = _unary("Round", lambda xp: xp.round, requires=None)  # noqa: A001


def _relu_kernel(xp):
    return lambda x: xp.maximum(x, 0)


relu = _unary("Relu", _relu_kernel, lambda x, y, g: make_tensor("ReluGrad", (g, y)), requires=None)


@register
class ReluGrad(OpDef):
    """``g * (y > 0)`` in one kernel: the gradient of Relu (and, linear in g, its own)."""
    type_name = "ReluGrad"

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        return lambda g, y: g * (y > 0)

    def gradient(self, op, grad):
        return [make_tensor("ReluGrad", (grad, op.inputs[1])), None]


class _SaturatingGrad(OpDef):
    """TF1's ``SigmoidGrad(y, dy)`` and ``TanhGrad(y, dy)``: ``dy * slope(y)``, the slope
    written in the activation's output ``y``, in one kernel of three in-place passes (as a
    graph of Mul/Sub ops it would be five allocating ones). Linear in ``dy``, so its gradient
    there is the same op; towards ``y`` it is ``grad * dy * slope'(y)``."""

    def __init__(self, type_name, slope, slope_of_slope):
        self.type_name = type_name
        self._slope = slope
        self._slope_of_slope = slope_of_slope

    def infer(self, op):
        return [(op.inputs[1].dtype, op.inputs[1].shape)]

    def kernel(self, op, ctx):
        slope = self._slope

        def saturating_grad(y, dy):
            out = slope(y)
            out *= dy
            return out
        return saturating_grad

    def gradient(self, op, grad):
        y, dy = op.inputs
        return [grad * dy * self._slope_of_slope(y), make_tensor(self.type_name, (y, grad))]


def _sigmoid_slope(y):
    out = 1 - y
    out *= y
    return out


def _tanh_slope(y):
    out = y * y
    out *= -1
    out += 1
    return out


register(_SaturatingGrad("SigmoidGrad", _sigmoid_slope, lambda y: 1 - 2 * y))
register(_SaturatingGrad("TanhGrad", _tanh_slope, lambda y: -2 * y))


# ================================================================== elementwise binary
def _check_same_dtype(op):
    x, y = op.inputs[0], op.inputs[1]
    if x.dtype != y.dtype:
        raise TypeError("Input 'y' of '%s' Op has type %s that does not match type %s of "
                        "argument 'x'. (Mixing dtypes is an error, as in TF1: use tf.cast.)%s"
                        % (op.type, y.dtype.name, x.dtype.name, op.creation_site()))


class BinaryOp(OpDef):
    """``z = f(x, y)`` elementwise with numpy/TF broadcasting. ``grad(x, y, z, g)`` returns the
    gradients before broadcasting is undone; this class sums them back to each input's shape."""

    def __init__(self, type_name, forward, grad=None, out_dtype=None, allowed=None,
                 scalar_operator=None, neutral_left=None, neutral_right=None):
        self.type_name = type_name
        self.neutral_left, self.neutral_right = neutral_left, neutral_right
        self._forward = forward
        self._scalar_operator = scalar_operator
        self._grad = grad
        self._out_dtype = out_dtype
        self._allowed = allowed
        self.differentiable = grad is not None

    def infer(self, op):
        _check_same_dtype(op)
        dtype = op.inputs[0].dtype
        if self._allowed is not None and not self._allowed(dtype):
            raise TypeError("Op '%s' does not accept inputs of type %s." % (self.type_name, dtype.name))
        return [(self._out_dtype or dtype, broadcast_shape(op.inputs[0], op.inputs[1]))]

    def kernel(self, op, ctx):
        if self._scalar_operator is not None and all(
                t.shape.ndims == 0 and t.dtype.is_floating for t in op.inputs):
            # numpy scalars' own arithmetic takes 70 ns where a ufunc call on two of them
            # takes 800: the difference is most of a scalar op's cost in a plan.
            return self._scalar_operator
        return self._forward(ctx.xp)

    def gradient(self, op, grad):
        x, y = op.inputs
        gx, gy = self._grad(x, y, op.outputs[0], grad)
        return [reduce_to_input_shape(gx, x, [y]), reduce_to_input_shape(gy, y, [x])]


def _binary(type_name, forward, grad=None, out_dtype=None, allowed=None, default_name=None,
            scalar_operator=None, neutral_left=None, neutral_right=None):
    op_def = register(BinaryOp(type_name, forward, grad, out_dtype, allowed, scalar_operator,
                               neutral_left, neutral_right))

    def apply(x, y, name=None):
        x, y = _binary_operands(x, y)
        return make_tensor(op_def.type_name, (x, y), None, name or default_name)
    apply.__name__ = type_name.lower()
    return apply


def _binary_operands(x, y):
    """Tensors for both operands; a Python/numpy operand takes the other one's dtype."""
    if isinstance(x, TensorLike):
        x = convert_to_tensor(x)
        return x, convert_operand(y, x)
    y = convert_to_tensor(y)
    return convert_operand(x, y), y


def _pow_grad(x, y, z, g):
    gx = g * y * pow(x, y - 1)
    safe_log = select(greater(x, 0), log(select(greater(x, 0), x, array_ops.ones_like(x))),
                      array_ops.zeros_like(x))
    return gx, g * z * safe_log


def _max_min_grad(pick_x):
    def grad(x, y, z, g):
        mask = pick_x(x, y)
        zeros = array_ops.zeros_like(g)
        return select(mask, g, zeros), select(mask, zeros, g)
    return grad


def _is_numeric(dtype):
    return not dtype.is_bool


add = _binary("Add", lambda xp: xp.add, lambda x, y, z, g: (g, g), allowed=_is_numeric,
              scalar_operator=operator.add, neutral_left=0, neutral_right=0)
subtract = _binary("Sub", lambda xp: xp.subtract, lambda x, y, z, g: (g, -g), allowed=_is_numeric,
                   scalar_operator=operator.sub, neutral_right=0)
multiply = _binary("Mul", lambda xp: xp.multiply, lambda x, y, z, g: (g * y, g * x),
                   allowed=_is_numeric, scalar_operator=operator.mul, neutral_left=1,
                   neutral_right=1)
real_div = _binary("RealDiv", lambda xp: xp.true_divide,
                   lambda x, y, z, g: (g / y, -g * z / y), allowed=_is_numeric,
                   scalar_operator=operator.truediv, neutral_right=1)
floordiv = _binary("FloorDiv", lambda xp: xp.floor_divide, allowed=_is_numeric)
floormod = _binary("FloorMod", lambda xp: xp.remainder,
                   lambda x, y, z, g: (g, -g * floordiv(x, y)), allowed=_is_numeric)
pow = _binary("Pow", lambda xp: xp.power, _pow_grad, allowed=_is_numeric)  # noqa: A001
maximum = _binary("Maximum", lambda xp: xp.maximum, _max_min_grad(lambda x, y: greater_equal(x, y)),
                  allowed=_is_numeric)
minimum = _binary("Minimum", lambda xp: xp.minimum, _max_min_grad(lambda x, y: less_equal(x, y)),
                  allowed=_is_numeric)
squared_difference = _binary(
    "SquaredDifference", lambda xp: (lambda a, b: xp.square(xp.subtract(a, b))),
    lambda x, y, z, g: (g * 2 * (x - y), g * -2 * (x - y)), allowed=_is_numeric)

_bool = dtypes.bool
equal = _binary("Equal", lambda xp: xp.equal, out_dtype=_bool)
not_equal = _binary("NotEqual", lambda xp: xp.not_equal, out_dtype=_bool)
less = _binary("Less", lambda xp: xp.less, out_dtype=_bool)
less_equal = _binary("LessEqual", lambda xp: xp.less_equal, out_dtype=_bool)
greater = _binary("Greater", lambda xp: xp.greater, out_dtype=_bool)
greater_equal = _binary("GreaterEqual", lambda xp: xp.greater_equal, out_dtype=_bool)
logical_and = _binary("LogicalAnd", lambda xp: xp.logical_and, out_dtype=_bool,
                      allowed=lambda d: d.is_bool)
logical_or = _binary("LogicalOr", lambda xp: xp.logical_or, out_dtype=_bool,
                     allowed=lambda d: d.is_bool)

mod = floormod
floor_div = floordiv
sub = subtract
mul = multiply


def truediv(x, y, name=None):
    """``x / y`` in floating point: integer inputs are cast first, as in Python 3 and TF1
    (int8/int16/uint8 to float32, int32/int64 to float64).

    >>> import autograd_engine as tf
    >>> (tf.constant(3) / tf.constant(2)).dtype
    tf.float64
    """
    x, y = _binary_operands(x, y)
    if x.dtype != y.dtype:
        raise TypeError("x and y must have the same dtype, got %s != %s"
                        % (x.dtype.name, y.dtype.name))
    if x.dtype.is_integer:
        target = dtypes.float32 if x.dtype.size <= 2 else dtypes.float64
        x, y = cast(x, target), cast(y, target)
    return real_div(x, y, name=name or "truediv")


def divide(x, y, name=None):
    """``x / y`` (TF1: true division)."""
    return truediv(x, y, name=name or "truediv")


def div(x, y, name=None):
    """Python-2 division (TF1's ``tf.div``): floor division for integers, else true division."""
    x, y = _binary_operands(x, y)
    if x.dtype.is_integer:
        return floordiv(x, y, name=name or "div")
    return real_div(x, y, name=name or "div")


# ================================================================== select (where)
@register
class Select(OpDef):
    type_name = "Select"

    def infer(self, op):
        cond, x, y = op.inputs
        if not cond.dtype.is_bool:
            raise TypeError("tf.where's condition must be bool, got %s" % cond.dtype.name)
        if x.dtype != y.dtype:
            raise TypeError("tf.where's x and y must have the same dtype, got %s and %s"
                            % (x.dtype.name, y.dtype.name))
        return [(x.dtype, broadcast_shape(cond, x, y))]

    def kernel(self, op, ctx):
        return ctx.xp.where

    def gradient(self, op, grad):
        cond, x, y = op.inputs
        zeros = array_ops.zeros_like(grad)
        return [None, reduce_to_input_shape(select(cond, grad, zeros), x, [cond, y]),
                reduce_to_input_shape(select(cond, zeros, grad), y, [cond, x])]


def select(condition, x, y, name=None):
    """Elementwise ``x`` where ``condition`` is true, else ``y`` (all three broadcast).

    >>> import autograd_engine as tf
    >>> from autograd_engine.ops.math_ops import select
    >>> select(tf.constant([True, False]), [1.0, 2.0], [3.0, 4.0]).shape.as_list()
    [2]
    """
    x, y = _binary_operands(x, y)
    return make_tensor("Select", (convert_to_tensor(condition), x, y), None, name)


@register
class Where(OpDef):
    """The coordinates of the true (nonzero) elements, one row each, in row-major order."""
    type_name = "Where"
    differentiable = False

    def infer(self, op):
        return [(dtypes.int64, TensorShape([None, op.inputs[0].shape.ndims]))]

    def kernel(self, op, ctx):
        xp, index_dtype = ctx.xp, dtypes.int64.np_dtype
        return lambda condition: xp.argwhere(condition).astype(index_dtype, copy=False)


def where(condition, x=None, y=None, name=None):
    """TF1's ``tf.where``. With ``x`` and ``y``: elementwise selection; as in TF1, a rank-1
    ``condition`` picks whole rows (entries along the first axis) of higher-rank ``x``/``y``.
    With neither: the int64 coordinates of the true elements of ``condition``, shape
    ``[num_true, rank]``. (``tf.where_v2`` broadcasts the condition numpy-style instead.)

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.where([[True, False], [False, True]])).tolist()
    [[0, 0], [1, 1]]
    """
    if x is None and y is None:
        return make_tensor("Where", (convert_to_tensor(condition),), None, name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    condition = convert_to_tensor(condition)
    x, y = _binary_operands(x, y)
    rank = x.shape.ndims if x.shape.ndims is not None else y.shape.ndims
    if condition.shape.ndims == 1 and rank is not None and rank > 1:
        rows = condition.shape.as_tuple()[0]
        first = x.shape.as_tuple()[0]
        if rows is not None and first is not None and rows != first:
            raise ValueError("A rank-1 condition of tf.where must have as many entries (%d) as "
                             "the first dimension of x and y (%d)" % (rows, first))
        condition = array_ops.reshape(condition, [-1] + [1] * (rank - 1))
    return select(condition, x, y, name=name)


def where_v2(condition, x=None, y=None, name=None):
    """``tf.where_v2``: like :func:`where`, but the condition broadcasts against x and y."""
    if x is None and y is None:
        return where(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return select(condition, x, y, name=name)


# ================================================================== clip_by_value
@register
class ClipByValue(OpDef):
    """``max(min(t, clip_value_max), clip_value_min)`` (TF1's order, so min wins when the bounds
    cross). The bounds broadcast to ``t`` but never enlarge it."""
    type_name = "ClipByValue"

    def infer(self, op):
        t = op.inputs[0]
        for arg, bound in zip(("clip_value_min", "clip_value_max"), op.inputs[1:]):
            if bound.dtype != t.dtype:
                raise TypeError("clip_by_value: %s has dtype %s but t has dtype %s%s"
                                % (arg, bound.dtype.name, t.dtype.name, op.creation_site()))
            merged = broadcast_shape(t, bound)
            if _enlarges(t.shape.as_tuple(), merged.as_tuple()):
                raise ShapeInferenceError(
                    "%s of shape %s would broadcast t of shape %s to %s; clip_by_value keeps "
                    "t's shape" % (arg, bound.shape.bracketed(), t.shape.bracketed(),
                                   merged.bracketed()))
        return [(t.dtype, t.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return lambda t, low, high: xp.maximum(xp.minimum(t, high), low)

    def gradient(self, op, grad):
        t, low, high = op.inputs
        below, above = less(t, low), greater(t, high)
        zeros = array_ops.zeros_like(grad)
        # Inside [low, high] (boundaries included, as TF1) the gradient goes to t; outside,
        # to the bound that was applied.
        return [select(logical_or(below, above), zeros, grad),
                reduce_to_input_shape(select(below, grad, zeros), low),
                reduce_to_input_shape(select(above, grad, zeros), high)]


def _enlarges(dims, broadcast):
    """Whether broadcasting took static ``dims`` to a different (larger) shape."""
    if dims is None or broadcast is None:
        return False
    return len(broadcast) != len(dims) or any(
        d is not None and b is not None and d != b for d, b in zip(dims, broadcast))


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """``t`` with values below ``clip_value_min`` raised to it and values above
    ``clip_value_max`` lowered to it; the gradient flows to ``t`` only inside the range.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.clip_by_value([-2.0, 0.5, 3.0], 0.0, 1.0)).tolist()
    [0.0, 0.5, 1.0]
    """
    t = convert_to_tensor(t)
    low, high = convert_operand(clip_value_min, t), convert_operand(clip_value_max, t)
    return make_tensor("ClipByValue", (t, low, high), None, name or "clip_by_value")


# ================================================================== cast
@register
class Cast(OpDef):
    type_name = "Cast"

    def infer(self, op):
        return [(op.attrs["DstT"], op.inputs[0].shape)]

    def kernel(self, op, ctx):
        dtype = op.attrs["DstT"].np_dtype
        return lambda x: x.astype(dtype)

    def gradient(self, op, grad):
        src = op.inputs[0].dtype
        if not (src.is_floating and op.attrs["DstT"].is_floating):
            return [None]
        return [cast(grad, src)]


def cast(x, dtype, name=None):
    """``x`` converted to ``dtype`` (``x`` itself when it already has it, as in TF1).

    >>> import autograd_engine as tf
    >>> tf.cast(tf.constant([True, False]), "float").dtype
    tf.float32
    """
    dtype = dtypes.as_dtype(dtype)
    if isinstance(x, TensorLike):
        x = convert_to_tensor(x)
        if x.dtype == dtype:
            return x
        return make_tensor("Cast", (x,), {"DstT": dtype}, name or "Cast")
    return convert_to_tensor(x, dtype=dtype, name=name)


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)


# ================================================================== add_n
@register
class AddN(OpDef):
    type_name = "AddN"

    def infer(self, op):
        return [merged_shape_of_equals(op)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        if len(op.inputs) == 2:
            return xp.add

        def add_all(*xs):
            total = xp.add(xs[0], xs[1])
            for x in xs[2:]:
                total = xp.add(total, x, out=total if isinstance(total, xp.ndarray) else None)
            return total
        return add_all

    def gradient(self, op, grad):
        return [grad] * len(op.inputs)


def _stacked_products(xp, count):
    def stacked_products(*operands):
        """``sum_i a_i.T @ g_i`` (plus the remaining operands) as one product of the stacked
        a's and g's; operands are a_1..a_count, g_1..g_count, then the rest."""
        a = xp.concatenate(operands[:count], axis=0)
        g = xp.concatenate(operands[count:2 * count], axis=0)
        total = a.T @ g
        for rest in operands[2 * count:]:
            total += rest
        return total
    return stacked_products


# Products are stacked in groups reaching this inner dimension. Measured on the LSTM benchmark
# (28 steps, batch 64): all 28 in one product gave the fastest step but 2.3x the hand-written
# step's peak memory (every step's gradient waits for the last); groups of 4 (256 rows) keep
# most of the speed at 1.27x the memory; groups of 2, 1.15x, and less of the speed.
_STACKED_ROWS = 256


@register_fusion
def stack_shared_weight_gradients(plan):
    """The gradient of a weight used at every step of an unrolled RNN (or by every tower) is
    ``AddN(a_1.T @ g_1, ..., a_n.T @ g_n)``: n small products and n - 1 sums. Stacking the
    a's and the g's of several steps makes one product with a longer inner dimension, which
    BLAS runs faster (2.5x for all 28 steps of an LSTM at batch 64). The products are taken in
    the order they become ready, in groups of about ``_STACKED_ROWS`` rows, each group's op
    adding the previous group's sum: a step's gradient waits for its group, not for all."""
    replaceable = set(plan.of_type("MatMul"))
    for add in plan.of_type("AddN"):
        stacked, rest = [], []
        for t in plan.inputs(add):
            producer = t.op
            if (producer in replaceable and producer.attrs["transpose_a"]
                    and not producer.attrs["transpose_b"] and plan.readers(t) == 1
                    and all(x.shape.ndims == 2 for x in plan.inputs(producer))):
                stacked.append(producer)
            else:
                rest.append(t)
        if len(stacked) < 2:
            continue
        stacked.sort(key=lambda m: m._id)  # creation order: the order they become ready
        rows = plan.inputs(stacked[0])[0].shape.as_tuple()[0] or 64
        size = max(2, -(-_STACKED_ROWS // rows))
        groups = [stacked[i:i + size] for i in range(0, len(stacked), size)]
        if len(groups[-1]) == 1 and len(groups) > 1:
            groups[-2].extend(groups.pop())
        out, partial = add.outputs[0], None
        for index, group in enumerate(groups):
            extra = ([partial] if partial is not None else []) + \
                (rest if index == len(groups) - 1 else [])
            operands = [plan.inputs(m)[0] for m in group] + [plan.inputs(m)[1] for m in group]
            op_def = PlanOpDef("MatMulOfStacked",
                               lambda ctx, n=len(group): _stacked_products(ctx.xp, n))
            # Placed right after its group's last product, so it runs as soon as it can.
            fused = plan.add(group[-1], op_def, operands + extra, [(out.dtype, out.shape)])
            partial = fused.outputs[0]
        plan.replace(out, partial, "stack_shared_weight_gradients")


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of the same shape and dtype."""
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors")
    inputs = [convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return make_tensor("AddN", inputs, None, name)


# ================================================================== matmul
@register
class MatMul(OpDef):
    type_name = "MatMul"

    def infer(self, op):
        a, b = op.inputs
        _check_same_dtype(op)
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        da, db = a.shape.as_tuple(), b.shape.as_tuple()
        for dims in (da, db):
            if dims is not None and len(dims) < 2:
                raise ShapeInferenceError("Shape must be rank 2 but is rank %d" % len(dims))
        if da is None or db is None:
            return [(a.dtype, TensorShape(None))]
        m, ka = (da[-1], da[-2]) if ta else (da[-2], da[-1])
        kb, n = (db[-1], db[-2]) if tb else (db[-2], db[-1])
        if ka is not None and kb is not None and ka != kb:
            raise ShapeInferenceError("Dimensions must be equal, but are %d and %d" % (ka, kb))
        from .shape_rules import broadcast_dims
        batch = broadcast_dims(da[:-2], db[:-2])
        return [(a.dtype, TensorShape(batch + (m, n)))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        if all(t.shape.ndims == 2 for t in op.inputs):  # .T: the cheapest transposed view
            swap = lambda x: x.T  # noqa: E731
        else:
            swap = lambda x: xp.swapaxes(x, -1, -2)  # noqa: E731 - a view; BLAS reads it transposed
        if ta and tb:
            return lambda a, b: xp.matmul(swap(a), swap(b))
        if ta:
            return lambda a, b: xp.matmul(swap(a), b)
        if tb:
            return lambda a, b: xp.matmul(a, swap(b))
        return xp.matmul

    def gradient(self, op, grad):
        a, b = op.inputs
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        if not ta and not tb:
            ga, gb = matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True)
        elif not ta and tb:
            ga, gb = matmul(grad, b), matmul(grad, a, transpose_a=True)
        elif ta and not tb:
            ga, gb = matmul(b, grad, transpose_b=True), matmul(a, grad)
        else:
            ga = matmul(b, grad, transpose_a=True, transpose_b=True)
            gb = matmul(grad, a, transpose_a=True, transpose_b=True)
        if a.shape.ndims == 2 and b.shape.ndims == 2:  # no batch dimensions to broadcast
            return [ga, gb]
        return [reduce_to_input_shape(ga, a), reduce_to_input_shape(gb, b)]


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix product ``a @ b`` (batched over leading dimensions for rank > 2).

    >>> import autograd_engine as tf
    >>> tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 3]), transpose_b=True).shape.as_list()
    [2, 4]
    """
    a, b = _binary_operands(a, b)
    attrs = {"transpose_a": bool(transpose_a or adjoint_a),
             "transpose_b": bool(transpose_b or adjoint_b)}
    return make_tensor("MatMul", (a, b), attrs, name)


# ================================================================== einsum, tensordot
def _parse_einsum(equation, n_inputs):
    """(input subscripts, output subscripts) of an einsum equation, the output made explicit
    (numpy's implicit rule: the letters used once, sorted)."""
    eq = equation.replace(" ", "")
    if "..." in eq:
        raise ValueError("Subscripts with ellipses are not yet supported: %r" % equation)
    if eq.count("->") > 1:
        raise ValueError("Equation %r has more than one '->'" % equation)
    lhs, arrow, out = eq.partition("->")
    subscripts = lhs.split(",")
    if len(subscripts) != n_inputs:
        raise ValueError("Got %d arguments for equation %r, expecting %d"
                         % (n_inputs, equation, len(subscripts)))
    used = "".join(subscripts)
    if not arrow:
        out = "".join(sorted(c for c in set(used) if used.count(c) == 1))
    for part in subscripts + [out]:
        bad = [c for c in part if c not in string.ascii_letters]
        if bad:
            raise ValueError("Invalid character %r in equation %r: subscripts are letters"
                             % (bad[0], equation))
    for k, part in enumerate(subscripts):
        if len(set(part)) != len(part):
            raise ValueError("Subscript %r of input %d repeats an axis in equation %r: traces "
                             "and diagonals are not supported" % (part, k, equation))
    if len(set(out)) != len(out):
        raise ValueError("Output subscript %r of equation %r repeats an axis" % (out, equation))
    missing = [c for c in out if c not in used]
    if missing:
        raise ValueError("Output subscript %r of equation %r is not in any input"
                         % (missing[0], equation))
    return tuple(subscripts), out


def _contraction_plan(subscripts, out):
    """For two operands that only multiply and contract shared axes (no axis summed inside one
    operand), the transposes, reshapes and the batched matmul that compute the einsum: the
    letters as (batch, free in a, free in b, contracted), plus the output permutation."""
    if len(subscripts) != 2:
        return None
    a, b = subscripts
    if any(c not in b and c not in out for c in a) or any(c not in a and c not in out for c in b):
        return None
    batch = [c for c in a if c in b and c in out]
    contracted = [c for c in a if c in b and c not in out]
    free_a = [c for c in a if c not in b]
    free_b = [c for c in b if c not in a]
    result = batch + free_a + free_b
    perm_out = tuple(result.index(c) for c in out)
    return (tuple(a.index(c) for c in batch + free_a + contracted),
            tuple(b.index(c) for c in batch + contracted + free_b),
            (len(batch), len(free_a), len(contracted)),
            None if perm_out == tuple(range(len(out))) else perm_out)


@register
class Einsum(OpDef):
    """Einstein summation over letter subscripts (``attrs``: the inputs' and the output's)."""
    type_name = "Einsum"
    output_is_view = True  # a pure transpose ('ij->ji') is a view of the input

    def infer(self, op):
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        dtype = op.inputs[0].dtype
        sizes = {}
        for k, (t, part) in enumerate(zip(op.inputs, subscripts)):
            if t.dtype != dtype:
                raise TypeError("einsum inputs must have the same dtype, got %s (input 0) and "
                                "%s (input %d)%s" % (dtype.name, t.dtype.name, k, op.creation_site()))
            dims = t.shape.as_tuple()
            if dims is None:
                continue
            if len(dims) != len(part):
                raise ShapeInferenceError("Input %d has rank %d but its subscript %r names %d "
                                          "axes" % (k, len(dims), part, len(part)))
            for c, d in zip(part, dims):
                known = sizes.get(c)
                if known is not None and d is not None and known[0] != d:
                    raise ShapeInferenceError(
                        "Dimensions must be equal, but are %d and %d for subscript '%s' (input %d "
                        "and input %d)" % (known[0], d, c, known[1], k))
                if known is None and d is not None:
                    sizes[c] = (d, k)
        return [(dtype, TensorShape([sizes[c][0] if c in sizes else None for c in out]))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        plan = _contraction_plan(subscripts, out)
        if plan is None:
            equation = ",".join(subscripts) + "->" + out
            return lambda *xs: xp.einsum(equation, *xs)
        perm_a, perm_b, (n_batch, n_free_a, n_contracted), perm_out = plan

        def contract(a, b):
            a = xp.transpose(a, perm_a)
            b = xp.transpose(b, perm_b)
            batch_dims, free_a = a.shape[:n_batch], a.shape[n_batch:n_batch + n_free_a]
            free_b = b.shape[n_batch + n_contracted:]
            k = math.prod(a.shape[n_batch + n_free_a:])
            product = xp.matmul(xp.reshape(a, (math.prod(batch_dims), math.prod(free_a), k)),
                                xp.reshape(b, (math.prod(batch_dims), k, math.prod(free_b))))
            product = xp.reshape(product, batch_dims + free_a + free_b)
            return product if perm_out is None else xp.transpose(product, perm_out)
        return contract

    def gradient(self, op, grad):
        # d/d input_k is the einsum of the output gradient with the other inputs onto input k's
        # subscripts; axes input k summed on its own (in no other operand) are broadcast back.
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        grads = []
        for k, x in enumerate(op.inputs):
            others = [t for j, t in enumerate(op.inputs) if j != k]
            other_subscripts = [s for j, s in enumerate(subscripts) if j != k]
            available = set(out).union(*other_subscripts)
            kept = "".join(c for c in subscripts[k] if c in available)
            g = make_tensor("Einsum", [grad] + others,
                            {"subscripts": tuple([out] + other_subscripts), "output": kept})
            missing = [axis for axis, c in enumerate(subscripts[k]) if c not in available]
            if missing:
                for axis in missing:
                    g = array_ops.expand_dims(g, axis)
                g = array_ops.broadcast_to(g, shape_operand_of(x))
            grads.append(g)
        return grads


def einsum(equation, *inputs, **kwargs):
    """A contraction written in Einstein notation, as ``numpy.einsum`` (without ellipses or
    repeated axes within one input, as TF1): ``'ij,jk->ik'`` (matmul), ``'bij,bjk->bik'``
    (batch matmul), ``'ij->ji'``, ``'i,j->ij'``, ``'ij->j'``, ``'i,i->'``.

    >>> import autograd_engine as tf
    >>> tf.einsum('bij,bjk->bik', tf.zeros([5, 2, 3]), tf.zeros([5, 3, 4])).shape.as_list()
    [5, 2, 4]
    """
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("invalid keyword arguments for this function: "
                        + ", ".join(sorted(kwargs)))
    subscripts, out = _parse_einsum(equation, len(inputs))
    tensors = [convert_to_tensor(t) for t in inputs]
    return make_tensor("Einsum", tensors, {"subscripts": subscripts, "output": out}, name)


def _tensordot_axes(axes, rank_a, rank_b):
    """``axes`` (an int n, or a pair of axis lists) as two lists of non-negative axes."""
    if isinstance(axes, Tensor):
        value = constant_value(axes)
        if value is None:
            raise TypeError("tensordot needs axes known while building the graph.")
        axes = value.tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0:
            raise ValueError("'axes' must be at least 0.")
        if n > rank_a or n > rank_b:
            raise ValueError("'axes' must not be larger than the number of dimensions of tensor "
                             "%s." % ("a" if n > rank_a else "b"))
        return list(range(rank_a - n, rank_a)), list(range(n))
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        raise ValueError("'axes' must be an integer or have length 2.")
    pairs = []
    for which, spec, rank in (("a", axes[0], rank_a), ("b", axes[1], rank_b)):
        spec = [spec] if isinstance(spec, (int, np.integer)) else list(spec)
        for axis in spec:
            if not -rank <= int(axis) < rank:
                raise ValueError("Axis %d of tensordot is out of range for '%s' of rank %d"
                                 % (axis, which, rank))
        spec = [int(axis) % rank for axis in spec]
        if len(set(spec)) != len(spec):
            raise ValueError("tensordot axes for '%s' repeat an axis: %s" % (which, spec))
        pairs.append(spec)
    if len(pairs[0]) != len(pairs[1]):
        raise ValueError("Different number of contraction axes 'a' and 'b', %d != %d."
                         % (len(pairs[0]), len(pairs[1])))
    return pairs


def tensordot(a, b, axes, name=None):
    """Sums the products of ``a`` and ``b`` over ``axes``: an int n (the last n axes of ``a``
    with the first n of ``b``) or a pair of axis lists. The result's axes are ``a``'s free axes
    then ``b``'s.

    >>> import autograd_engine as tf
    >>> tf.tensordot(tf.zeros([2, 3, 4]), tf.zeros([4, 3, 5]), [[1, 2], [1, 0]]).shape.as_list()
    [2, 5]
    """
    a, b = _binary_operands(a, b)
    if a.shape.ndims is None or b.shape.ndims is None:
        raise ValueError("tensordot needs inputs of known rank, got %s and %s"
                         % (a.shape.bracketed(), b.shape.bracketed()))
    rank_a, rank_b = a.shape.ndims, b.shape.ndims
    axes_a, axes_b = _tensordot_axes(axes, rank_a, rank_b)
    letters = iter(string.ascii_letters)
    sub_a = [next(letters) for _ in range(rank_a)]
    sub_b = [next(letters) for _ in range(rank_b)]
    for i, j in zip(axes_a, axes_b):
        sub_b[j] = sub_a[i]
    out = [c for i, c in enumerate(sub_a) if i not in axes_a] + \
        [c for j, c in enumerate(sub_b) if j not in axes_b]
    return make_tensor("Einsum", (a, b), {"subscripts": ("".join(sub_a), "".join(sub_b)),
                                          "output": "".join(out)}, name or "Tensordot")


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


# ================================================================== reductions
class ReduceOp(OpDef):
    """Reductions over ``axes`` (a static tuple; None = all axes of an unknown-rank input,
    whose axes may also be negative)."""

    def __init__(self, type_name, forward, grad=None, out_dtype=None):
        self.type_name = type_name
        self._forward = forward
        self._grad = grad
        self._out_dtype = out_dtype
        self.differentiable = grad is not None

    def infer(self, op):
        x = op.inputs[0]
        dims = reduced_dims(x.shape.as_tuple(), op.attrs["axes"], op.attrs["keepdims"])
        if op.attrs["axes"] is None and not op.attrs["keepdims"]:
            dims = ()
        return [(self._out_dtype or x.dtype, TensorShape(dims))]

    def kernel(self, op, ctx):
        xp, axes, keepdims = ctx.xp, op.attrs["axes"], op.attrs["keepdims"]
        return self._forward(xp, axes, keepdims, op.outputs[0].dtype.np_dtype)

    def gradient(self, op, grad):
        return [self._grad(op, grad)]


def _unreduce(grad, op, mean=False):
    """Broadcasts a reduction's gradient back to the reduced input's shape (the adjoint of
    reduce_sum, or of reduce_mean with ``mean=True``)."""
    extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
    attrs.update(axes=op.attrs["axes"], keepdims=op.attrs["keepdims"], mean=mean)
    return make_tensor("Unreduce", [grad] + extra, attrs)


def _extreme_grad(op, grad):
    """Gradient of reduce_max/min: split equally between the positions that attain it (TF1)."""
    x, y = op.inputs[0], op.outputs[0]
    hits = cast(equal(x, _unreduce(y, op)), x.dtype)
    ties = _unreduce(_reduce("Sum", hits, op.attrs["axes"], op.attrs["keepdims"]), op)
    return _unreduce(grad, op) * hits / ties


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
    zero_count = _unreduce(_reduce("Sum", cast(is_zero, x.dtype), axes, keepdims), op)
    nonzero_prod = _unreduce(_reduce("Prod", safe_x, axes, keepdims), op)
    others = select(is_zero,
                    select(equal(zero_count, 1), nonzero_prod, zeros),
                    select(equal(zero_count, 0), nonzero_prod / safe_x, zeros))
    return _unreduce(grad, op) * others


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
    peak = array_ops.stop_gradient(_unreduce(_reduce("Max", x, axes, keepdims), op))
    e = exp(x - peak)
    return _unreduce(grad, op) * e / _unreduce(_reduce("Sum", e, axes, keepdims), op)


register(ReduceOp("Sum", _accumulating_reducer("sum"), lambda op, g: _unreduce(g, op)))
register(ReduceOp("Prod", _accumulating_reducer("prod"), _prod_grad))
register(ReduceOp("LogSumExp", _logsumexp_kernel, _logsumexp_grad))
register(ReduceOp("Mean", _mean_kernel, lambda op, g: _unreduce(g, op, mean=True)))
register(ReduceOp("Max", _reducer("amax"), _extreme_grad))
register(ReduceOp("Min", _reducer("amin"), _extreme_grad))
register(ReduceOp("Any", _reducer("any"), out_dtype=dtypes.bool))
register(ReduceOp("All", _reducer("all"), out_dtype=dtypes.bool))


@register
class Unreduce(OpDef):
    """Expands a reduced tensor back to the input's shape: the gradient of Sum/Mean."""
    type_name = "Unreduce"
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
            return array_ops.expand_to(xp, g, target)
        return ShapeOperand.bind(op, 1, unreduce)

    def gradient(self, op, grad):
        kind = "Mean" if op.attrs["mean"] else "Sum"
        return [_reduce(kind, grad, op.attrs["axes"], op.attrs["keepdims"])] + \
            [None] * (len(op.inputs) - 1)


def _reduce(kind, x, axes, keepdims, name=None):
    return make_tensor(kind, (x,), {"axes": axes, "keepdims": bool(keepdims)}, name)


# Which dtypes each reduction accepts (a check and the message when it fails); others: numbers.
_REDUCTION_DTYPES = {
    "Any": (lambda d: d.is_bool, "needs a bool tensor"),
    "All": (lambda d: d.is_bool, "needs a bool tensor"),
    "LogSumExp": (lambda d: d.is_floating, "needs a floating-point tensor"),
}
_NUMERIC = (lambda d: not d.is_bool, "does not accept bool tensors; cast them first (tf.cast)")


def _reduction(kind, doc, public_name=None):
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
        return _reduce(kind, x, axes, keep, name)
    reduce_fn.__name__ = public_name
    reduce_fn.__doc__ = doc
    return reduce_fn


reduce_sum = _reduction("Sum", """Sum over ``axis`` (all axes when None).

    >>> import autograd_engine as tf
    >>> tf.reduce_sum(tf.ones([2, 3]), axis=1).shape.as_list()
    [2]
    """)
reduce_mean = _reduction("Mean", "Mean over ``axis`` (integer inputs give a truncated integer mean, as in TF1).")
reduce_max = _reduction("Max", "Maximum over ``axis``; its gradient is shared between ties.")
reduce_min = _reduction("Min", "Minimum over ``axis``; its gradient is shared between ties.")
reduce_any = _reduction("Any", "Logical or over ``axis``.")
reduce_all = _reduction("All", "Logical and over ``axis``.")
reduce_prod = _reduction("Prod", """Product over ``axis`` (all axes when None); its gradient is exact
    even where the input holds zeros.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.reduce_prod([[1.0, 2.0], [3.0, 4.0]], axis=0)).tolist()
    [3.0, 8.0]
    """)
reduce_logsumexp = _reduction("LogSumExp", """``log(sum(exp(x)))`` over ``axis``, computed without
    overflow (shifted by the maximum).

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


# ================================================================== operator overloads
def _install_operators():
    def binary(fn, op_name):
        def forward(self, other):
            return fn(self, other, name=op_name)

        def reverse(self, other):
            return fn(other, self, name=op_name)
        return forward, reverse

    table = {"add": add, "sub": subtract, "mul": multiply, "truediv": truediv,
             "floordiv": floordiv, "mod": floormod, "pow": pow, "matmul": matmul}
    for py_name, fn in table.items():
        forward, reverse = binary(fn, py_name)
        TensorLike._override_operator("__%s__" % py_name, forward)
        TensorLike._override_operator("__r%s__" % py_name, reverse)
    for py_name, fn in (("lt", less), ("le", less_equal), ("gt", greater), ("ge", greater_equal)):
        TensorLike._override_operator("__%s__" % py_name,
                                      lambda self, other, fn=fn: fn(self, other))
    TensorLike._override_operator("__and__", lambda self, other: logical_and(self, other))
    TensorLike._override_operator("__rand__", lambda self, other: logical_and(other, self))
    TensorLike._override_operator("__or__", lambda self, other: logical_or(self, other))
    TensorLike._override_operator("__ror__", lambda self, other: logical_or(other, self))
    TensorLike._override_operator("__invert__", lambda self: logical_not(self))
    TensorLike._override_operator("__neg__", lambda self: negative(self))
    TensorLike._override_operator("__abs__", lambda self: abs(self))
    TensorLike._override_operator("__getitem__", lambda self, key: array_ops.getitem(self, key))


_install_operators()


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
