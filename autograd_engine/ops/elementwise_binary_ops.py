"""Elementwise binary arithmetic and comparisons with broadcasting (add, multiply, pow,
maximum, equal, logical_and, ...), the three divisions, and select/where, with their
gradients and conformance samples."""
import operator

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .broadcast_ops import reduce_to_input_shape
from .complex_conj import conj
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import cast, log
from .op_families import binary_operands, define_binary
from .op_samples import BROADCAST_SHAPES, OpSample, away_from_zero, normal, positive
from .registry import OpDef, make_tensor, register
from .shape_rules import broadcast_shape


# ================================================================== conformance samples
def _integers(low, high):
    """A value maker: integers in ``[low, high)``."""
    return lambda rng, *shape: rng.integers(low, high, shape)


def _nonzero_integers(rng, *shape):
    return rng.choice([-3, -2, -1, 1, 2, 3], shape)


def _arithmetic_samples(type_name, reference, values=(normal, normal),
                        integers=(_integers(-6, 7), _integers(-6, 7)), second_order=False,
                        edges=None):
    """``make_samples`` of an arithmetic binary op: float64 operands from the ``values`` makers
    broadcasting both ways and a scalar with a matrix (gradient-checked, and second order with
    ``second_order``), then forward only: float32, int32 from the ``integers`` makers, and the
    float64 ``edges`` pair (infinities, overflow, signed zeros). ``integers=None``: the op takes
    no integers."""
    def build(x, y):
        return make_tensor(type_name, (x, y))

    def make_samples(rng):
        x_values, y_values = values
        samples = [OpSample(build, x_values(rng, *x_shape), y_values(rng, *y_shape),
                            reference=reference, second_order=second_order)
                   for x_shape, y_shape in BROADCAST_SHAPES[2:]]
        samples.append(OpSample(build, x_values(rng, 3, 4).astype(np.float32),
                                y_values(rng, 4).astype(np.float32), reference=reference,
                                grad=(), rtol=1e-5, name="float32"))
        if integers is not None:
            samples.append(OpSample(build, integers[0](rng, 2, 3).astype(np.int32),
                                    integers[1](rng, 2, 1).astype(np.int32),
                                    reference=reference, name="int32"))
        if edges is not None:
            samples.append(OpSample(build, *np.array(edges), reference=reference, grad=(),
                                    name="edges"))
        return samples
    return make_samples


def _floor_quotient(x, y):
    """The reference of FloorDiv: the true quotient rounded down, in the inputs' dtype."""
    return np.floor(np.true_divide(x, y)).astype(np.result_type(x, y))


def _floormod_dividends(rng, *shape):
    """``4k + f`` with ``0.2 < f < 0.8``: divided by +-1, 2 or 4 (:func:`_floormod_divisors`)
    the quotient stays at least 0.05 from an integer, where FloorMod jumps."""
    return 4.0 * rng.integers(-2, 3, shape) + rng.uniform(0.2, 0.8, shape)


def _floormod_divisors(rng, *shape):
    return rng.choice([-4.0, -2.0, -1.0, 1.0, 2.0, 4.0], shape)


def _comparison_samples(type_name, reference, bools=False):
    """``make_samples`` of a comparison: small integers (many ties) as float64, int32 and
    float32 operands broadcasting, the float64 edges (NaN, infinities, signed zeros) and, with
    ``bools``, bool operands."""
    def build(x, y):
        return make_tensor(type_name, (x, y))

    def make_samples(rng):
        def ties(dtype, *shape):
            return rng.integers(-2, 3, shape).astype(dtype)
        samples = [OpSample(build, ties(np.float64, 3, 1), ties(np.float64, 1, 4),
                            reference=reference),
                   OpSample(build, ties(np.int32, 2, 3, 4), ties(np.int32, 3, 1),
                            reference=reference),
                   OpSample(build, ties(np.float32), ties(np.float32, 2, 3), reference=reference),
                   OpSample(build, np.array([np.nan, np.nan, np.inf, -0.0, 1.0, -np.inf]),
                            np.array([np.nan, 1.0, np.inf, 0.0, -np.inf, -np.inf]),
                            reference=reference, name="edges")]
        if bools:
            samples.append(OpSample(build, rng.random((2, 3)) < 0.5, rng.random((2, 3)) < 0.5,
                                    reference=reference, name="bool"))
        return samples
    return make_samples


def _logical_samples(type_name, reference):
    """``make_samples`` of a logical op: bool operands, broadcasting."""
    def make_samples(rng):
        return [OpSample(lambda x, y: make_tensor(type_name, (x, y)), rng.random(x_shape) < 0.5,
                         rng.random(y_shape) < 0.5, reference=reference)
                for x_shape, y_shape in [BROADCAST_SHAPES[i] for i in (0, 2, 4)]]
    return make_samples


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
                    expression="x + y", samples=_arithmetic_samples("Add", operator.add, edges=[
                        [np.inf, -np.inf, 1e308, -0.0], [-np.inf, -np.inf, 1e308, 0.0]]))
subtract = define_binary("Sub", lambda xp: xp.subtract, lambda x, y, z, g: (g, -g),
                         allowed=_is_numeric, scalar_operator=operator.sub, neutral_right=0,
                         expression="x - y",
                         samples=_arithmetic_samples("Sub", operator.sub, edges=[
                             [np.inf, 1e308, 0.0], [np.inf, -1e308, -0.0]]))
multiply = define_binary("Mul", lambda xp: xp.multiply,
                         lambda x, y, z, g: (g * conj(y), g * conj(x)),
                         allowed=_is_numeric, scalar_operator=operator.mul, neutral_left=1,
                         neutral_right=1, expression="x * y", samples=_arithmetic_samples(
                             "Mul", operator.mul, second_order=True,
                             edges=[[0.0, np.inf, -2.0, -0.0], [np.inf, -1.0, 1e308, 3.0]]))
# TF1's CPU kernels of RealDiv are floating-point and complex only (tf.div and tf.truediv
# route integers elsewhere); numpy's true_divide would turn int32 into float64.
real_div = define_binary("RealDiv", lambda xp: xp.true_divide,
                         lambda x, y, z, g: (g / conj(y), -g * conj(z) / conj(y)),
                         allowed=lambda d: d.is_floating or d.is_complex,
                         scalar_operator=operator.truediv, neutral_right=1,
                         expression="x / y", samples=_arithmetic_samples(
                             "RealDiv", operator.truediv, (normal, away_from_zero), None,
                             second_order=True, edges=[[1.0, -1.0, 0.0, 1e-300, 1.0],
                                                       [0.0, 0.0, 0.0, 1e300, -0.0]]))
floordiv = define_binary("FloorDiv", lambda xp: xp.floor_divide, allowed=_is_numeric,
                         integer_division=True, samples=_arithmetic_samples(
                             "FloorDiv", _floor_quotient, (normal, away_from_zero),
                             (_integers(-9, 10), _nonzero_integers),
                             edges=[[7.0, -7.0, 7.0, -7.0, 1.0], [2.0, 2.0, -2.0, -2.0, 0.0]]))
floormod = define_binary("FloorMod", lambda xp: xp.remainder,
                         lambda x, y, z, g: (g, -g * floordiv(x, y)), allowed=_is_numeric,
                         integer_division=True, samples=_arithmetic_samples(
                             "FloorMod", lambda x, y: x - y * _floor_quotient(x, y),
                             (_floormod_dividends, _floormod_divisors),
                             (_integers(-9, 10), _nonzero_integers),
                             edges=[[7.0, -7.0, 7.0, -7.0, 1.0], [2.0, 2.0, -2.0, -2.0, 0.0]]))
pow = define_binary("Pow", lambda xp: xp.power, _pow_grad, allowed=_is_numeric,  # noqa: A001
                    samples=_arithmetic_samples(
                        "Pow", operator.pow, (positive, normal), (_integers(-3, 4), _integers(0, 4)),
                        second_order=True, edges=[[0.0, 0.0, -2.0, -2.0, 4.0, 1.0],
                                                  [0.0, -1.0, 3.0, 0.5, -0.5, np.inf]]))
# Ties (and -0.0 against 0.0) go to x, as TF1's gradient sends them.
maximum = define_binary("Maximum", lambda xp: xp.maximum,
                        _max_min_grad(lambda x, y: greater_equal(x, y)), allowed=_is_numeric,
                        samples=_arithmetic_samples(
                            "Maximum", lambda x, y: np.where(x >= y, x, y),
                            edges=[[1.0, 2.0, -np.inf, np.inf], [1.0, 3.0, -1e308, -np.inf]]))
minimum = define_binary("Minimum", lambda xp: xp.minimum,
                        _max_min_grad(lambda x, y: less_equal(x, y)), allowed=_is_numeric,
                        samples=_arithmetic_samples(
                            "Minimum", lambda x, y: np.where(x <= y, x, y),
                            edges=[[1.0, 2.0, -np.inf, np.inf], [1.0, 3.0, -1e308, -np.inf]]))
squared_difference = define_binary(
    "SquaredDifference", lambda xp: (lambda a, b: xp.square(xp.subtract(a, b))),
    lambda x, y, z, g: (g * 2 * (x - y), g * -2 * (x - y)), allowed=_is_numeric,
    expression="(x - y) * (x - y)",
    samples=_arithmetic_samples("SquaredDifference", lambda x, y: (x - y) * (x - y),
                                second_order=True, edges=[[1e200, 3.0, -0.5], [-1e200, 3.0, 0.5]]))

_bool = dtypes.bool
equal = define_binary("Equal", lambda xp: xp.equal, out_dtype=_bool,
                      samples=_comparison_samples("Equal", operator.eq, bools=True))
not_equal = define_binary("NotEqual", lambda xp: xp.not_equal, out_dtype=_bool,
                          samples=_comparison_samples("NotEqual", operator.ne, bools=True))
less = define_binary("Less", lambda xp: xp.less, out_dtype=_bool,
                     samples=_comparison_samples("Less", operator.lt))
less_equal = define_binary("LessEqual", lambda xp: xp.less_equal, out_dtype=_bool,
                           samples=_comparison_samples("LessEqual", operator.le))
greater = define_binary("Greater", lambda xp: xp.greater, out_dtype=_bool,
                        samples=_comparison_samples("Greater", operator.gt))
greater_equal = define_binary("GreaterEqual", lambda xp: xp.greater_equal, out_dtype=_bool,
                              samples=_comparison_samples("GreaterEqual", operator.ge))
logical_and = define_binary("LogicalAnd", lambda xp: xp.logical_and, out_dtype=_bool,
                            allowed=lambda d: d.is_bool,
                            samples=_logical_samples("LogicalAnd", operator.and_))
logical_or = define_binary("LogicalOr", lambda xp: xp.logical_or, out_dtype=_bool,
                           allowed=lambda d: d.is_bool,
                           samples=_logical_samples("LogicalOr", operator.or_))

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

    def samples(self, rng):
        """Condition, x and y broadcasting against each other (x and y gradient-checked), and
        int32 values; the reference fills y's values where the condition holds with x's."""
        def reference(condition, x, y):
            condition, x, y = np.broadcast_arrays(condition, x, y)
            out = y.copy()
            out[condition] = x[condition]
            return out
        shapes = [((2, 3), (2, 3), (2, 3)), ((3, 1), (1, 4), (4,)), ((), (2, 3), ()),
                  ((2, 1, 4), (3, 1), (2, 3, 4))]
        samples = [OpSample(select, rng.random(c) < 0.5, normal(rng, *x), normal(rng, *y),
                            reference=reference) for c, x, y in shapes]
        samples.append(OpSample(select, rng.random((3, 2)) < 0.5, rng.integers(-5, 5, (3, 2)),
                                rng.integers(-5, 5, (2,)), reference=reference, name="int64"))
        return samples


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

    def samples(self, rng):
        """bool conditions from rank 0 to 3 (one empty), and float and int32 ones (nonzero is
        true); the reference lists the true coordinates in row-major order."""
        def reference(condition):
            coordinates = [index for index in np.ndindex(condition.shape) if condition[index]]
            return np.array(coordinates, np.int64).reshape(len(coordinates), condition.ndim)
        conditions = [rng.random(shape) < 0.5 for shape in [(3, 4), (2, 3, 2), ()]]
        conditions += [np.zeros((0, 3), bool), np.array([[0.0, -1.5], [2.0, 0.0]]),
                       rng.integers(-1, 2, (5,)).astype(np.int32)]
        return [OpSample(where, c, reference=reference) for c in conditions]


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
