"""Elementwise binary arithmetic and comparisons with broadcasting (add, multiply, pow,
maximum, equal, logical_and, ...), the three divisions, and select/where, with their
gradients."""
import operator

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .broadcast_ops import reduce_to_input_shape
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import cast, log
from .op_families import binary_operands, define_binary
from .registry import OpDef, make_tensor, register
from .shape_rules import broadcast_shape


# ================================================================== elementwise binary
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


add = define_binary("Add", lambda xp: xp.add, lambda x, y, z, g: (g, g), allowed=_is_numeric,
                    scalar_operator=operator.add, neutral_left=0, neutral_right=0,
                    expression="x + y")
subtract = define_binary("Sub", lambda xp: xp.subtract, lambda x, y, z, g: (g, -g),
                         allowed=_is_numeric, scalar_operator=operator.sub, neutral_right=0,
                         expression="x - y")
multiply = define_binary("Mul", lambda xp: xp.multiply, lambda x, y, z, g: (g * y, g * x),
                         allowed=_is_numeric, scalar_operator=operator.mul, neutral_left=1,
                         neutral_right=1, expression="x * y")
real_div = define_binary("RealDiv", lambda xp: xp.true_divide,
                         lambda x, y, z, g: (g / y, -g * z / y), allowed=_is_numeric,
                         scalar_operator=operator.truediv, neutral_right=1,
                         expression="x / y")
floordiv = define_binary("FloorDiv", lambda xp: xp.floor_divide, allowed=_is_numeric)
floormod = define_binary("FloorMod", lambda xp: xp.remainder,
                         lambda x, y, z, g: (g, -g * floordiv(x, y)), allowed=_is_numeric)
pow = define_binary("Pow", lambda xp: xp.power, _pow_grad, allowed=_is_numeric)  # noqa: A001
maximum = define_binary("Maximum", lambda xp: xp.maximum,
                        _max_min_grad(lambda x, y: greater_equal(x, y)), allowed=_is_numeric)
minimum = define_binary("Minimum", lambda xp: xp.minimum,
                        _max_min_grad(lambda x, y: less_equal(x, y)), allowed=_is_numeric)
squared_difference = define_binary(
    "SquaredDifference", lambda xp: (lambda a, b: xp.square(xp.subtract(a, b))),
    lambda x, y, z, g: (g * 2 * (x - y), g * -2 * (x - y)), allowed=_is_numeric,
    expression="(x - y) * (x - y)")

_bool = dtypes.bool
equal = define_binary("Equal", lambda xp: xp.equal, out_dtype=_bool)
not_equal = define_binary("NotEqual", lambda xp: xp.not_equal, out_dtype=_bool)
less = define_binary("Less", lambda xp: xp.less, out_dtype=_bool)
less_equal = define_binary("LessEqual", lambda xp: xp.less_equal, out_dtype=_bool)
greater = define_binary("Greater", lambda xp: xp.greater, out_dtype=_bool)
greater_equal = define_binary("GreaterEqual", lambda xp: xp.greater_equal, out_dtype=_bool)
logical_and = define_binary("LogicalAnd", lambda xp: xp.logical_and, out_dtype=_bool,
                            allowed=lambda d: d.is_bool)
logical_or = define_binary("LogicalOr", lambda xp: xp.logical_or, out_dtype=_bool,
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
    x, y = binary_operands(x, y)
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
    x, y = binary_operands(x, y)
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
    >>> from autograd_engine.ops.elementwise_binary_ops import select
    >>> select(tf.constant([True, False]), [1.0, 2.0], [3.0, 4.0]).shape.as_list()
    [2]
    """
    x, y = binary_operands(x, y)
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
    x, y = binary_operands(x, y)
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
