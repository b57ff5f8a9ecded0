"""Elementwise unary math (negative, abs, exp, log, sqrt, tanh, sigmoid, relu, rounding, ...),
the fused activation gradients, and cast, with their gradients and conformance samples.

The samples compare each op with its ``math`` (or Python) counterpart applied to each element
(:func:`~.op_samples.by_element`)."""
import builtins
import math
import operator

import numpy as np

from ..framework import dtypes
from ..framework.tensor import TensorLike
from .complex_conj import conj
from .constant_op import convert_to_tensor
from .op_families import BOOLEAN, define_unary
from .op_samples import (OpSample, away_from_zero, by_element, normal, positive, unary_samples,
                         uniform_in, unit_interval)
from .registry import OpDef, make_tensor, register


# ================================================================== elementwise unary
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


def _samples(type_name, values, function, edges, second_order=True, integers=False,
             dtype=None):
    """:func:`~.op_samples.unary_samples` of the op ``type_name`` against ``function`` applied
    to each element (its result rounded to ``dtype``, default the input's); with ``integers``,
    an int32 case too, for the ops that take any numeric dtype."""
    def build(x):
        return make_tensor(type_name, (x,))
    reference = by_element(function, dtype)
    float_samples = unary_samples(build, values, reference, edges, second_order)
    if not integers:
        return float_samples

    def samples(rng):
        integer_values = rng.integers(-5, 6, (3, 2)).astype(np.int32)
        return float_samples(rng) + [OpSample(build, integer_values, reference=reference)]
    return samples


def _sign_of(v):
    return float((v > 0) - (v < 0))


def _sigmoid_reference(v):
    return 1 / (1 + math.exp(-v))


def _sigmoid_samples(rng):
    """The usual unary samples, then saturation in float32 (below about -88 the kernel flushes
    to zero) and float16 (computed in float32: its own exp(-x) overflows from x < -11)."""
    reference = by_element(_sigmoid_reference)
    saturated = [OpSample(sigmoid, np.array(edges, dtype), reference=reference, grad=(),
                          rtol=rtol, name=np.dtype(dtype).name)
                 for edges, dtype, rtol in (([-100.0, -88.0, -10.0, 0.0, 88.0, 100.0],
                                             np.float32, 1e-6),
                                            ([-20.0, -12.0, -1.0, 0.0, 12.0, 20.0],
                                             np.float16, 1e-3))]
    return unary_samples(sigmoid, normal, reference, [-700.0, -40.0, -0.0, 40.0, 700.0])(rng) \
        + saturated


def _logical_not_samples(rng):
    return [OpSample(logical_not, rng.random(shape) < 0.5, reference=by_element(operator.not_))
            for shape in ((2, 3), (), (0, 4))]


# The predicates' edges: every kind of float, NaN among them.
_CLASSIFIED = [float("nan"), float("inf"), -float("inf"), -0.0, 5e-324, -1e300, 1.5]
# Halves (ties go to the even neighbour in Round), signed zero, and a float beyond 2**53.
_ROUNDED = [-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 1e300]

# The linear and piecewise-linear ops (Neg, Abs, Relu) have no second-order samples: their
# gradient's own gradient is zero or undefined. Abs and Relu sample away from their kink at 0.
negative = define_unary("Neg", lambda xp: xp.negative, lambda x, y, g: -g, requires=None,
                        expression="-x",
                        samples=_samples("Neg", normal, operator.neg, [-1e300, -0.0, 1e-300],
                                         second_order=False, integers=True))
abs = define_unary("Abs", lambda xp: xp.abs, lambda x, y, g: g * sign(x),  # noqa: A001
                   requires=None,
                   expression="abs(x)",
                   samples=_samples("Abs", away_from_zero, math.fabs,
                                    [-float("inf"), -1e300, -0.0, 5e-324, float("nan")],
                                    second_order=False, integers=True))
sign = define_unary("Sign", lambda xp: xp.sign, requires=None,
                    samples=_samples("Sign", normal, _sign_of,
                                     [-float("inf"), -5e-324, -0.0, 0.0, 1e-300, 1e300],
                                     integers=True))
exp = define_unary("Exp", lambda xp: xp.exp, lambda x, y, g: g * conj(y),
                   expression="exp(x)",
                   samples=_samples("Exp", normal, math.exp, [-800.0, -1e-300, 0.0, 700.0]))
log = define_unary("Log", lambda xp: xp.log, lambda x, y, g: g / conj(x),
                   expression="log(x)",
                   samples=_samples("Log", positive, math.log,
                                    [5e-324, 1e-300, 1.0, 1e300, float("inf")]))
log1p = define_unary("Log1p", lambda xp: xp.log1p, lambda x, y, g: g / (1 + x),
                     expression="log1p(x)",
                     samples=_samples("Log1p", uniform_in(-0.5, 2.0), math.log1p,
                                      [-0.9999999, -1e-300, 0.0, 1e-20, 1e300]))
square = define_unary("Square", lambda xp: xp.square, lambda x, y, g: g * (2 * conj(x)), requires=None,
                      expression="x * x",
                      samples=_samples("Square", normal, lambda v: v * v,
                                       [-1e150, -1e-200, -0.0, 3.0], integers=True))
sqrt = define_unary("Sqrt", lambda xp: xp.sqrt, lambda x, y, g: g * (0.5 / conj(y)),
                    expression="sqrt(x)",
                    samples=_samples("Sqrt", positive, math.sqrt,
                                     [0.0, 5e-324, 1e-300, 1e300, float("inf")]))
rsqrt = define_unary("Rsqrt", lambda xp: (lambda x: 1 / xp.sqrt(x)),
                     lambda x, y, g: g * (-0.5 * y * y * y),
                     expression="1 / sqrt(x)",
                     samples=_samples("Rsqrt", positive, lambda v: 1 / math.sqrt(v),
                                      [5e-324, 1e-300, 1.0, 1e300, float("inf")]))
reciprocal = define_unary("Reciprocal", lambda xp: xp.reciprocal,
                          lambda x, y, g: -g * conj(y * y),
                          expression="1 / x",
                          samples=_samples("Reciprocal", away_from_zero, lambda v: 1 / v,
                                           [-1e300, -1e-300, 0.5, float("inf")]))
tanh = define_unary("Tanh", lambda xp: xp.tanh, lambda x, y, g: make_tensor("TanhGrad", (y, g)),
                    expression="tanh(x)",
                    samples=_samples("Tanh", normal, math.tanh,
                                     [-1e300, -20.0, -0.0, 1e-300, 20.0, 1e300]))
sigmoid = define_unary("Sigmoid", _sigmoid_kernel,
                       lambda x, y, g: make_tensor("SigmoidGrad", (y, g)),
                       samples=_sigmoid_samples)
logical_not = define_unary("LogicalNot", lambda xp: xp.logical_not, requires=BOOLEAN,
                           samples=_logical_not_samples)
is_nan = define_unary("IsNan", lambda xp: xp.isnan, out_dtype=dtypes.bool,
                      samples=_samples("IsNan", normal, math.isnan, _CLASSIFIED, dtype=bool))
is_inf = define_unary("IsInf", lambda xp: xp.isinf, out_dtype=dtypes.bool,
                      samples=_samples("IsInf", normal, math.isinf, _CLASSIFIED, dtype=bool))
is_finite = define_unary("IsFinite", lambda xp: xp.isfinite, out_dtype=dtypes.bool,
                         samples=_samples("IsFinite", normal, math.isfinite, _CLASSIFIED,
                                          dtype=bool))
expm1 = define_unary("Expm1", lambda xp: xp.expm1, lambda x, y, g: g * exp(x),
                     expression="expm1(x)",
                     samples=_samples("Expm1", normal, math.expm1,
                                      [-800.0, -1e-300, 0.0, 1e-20, 700.0]))
sin = define_unary("Sin", lambda xp: xp.sin, lambda x, y, g: g * cos(x),
                   expression="sin(x)",
                   samples=_samples("Sin", normal, math.sin, [-100.0, -0.0, 1e-300, math.pi, 1e4]))
cos = define_unary("Cos", lambda xp: xp.cos, lambda x, y, g: -g * sin(x),
                   expression="cos(x)",
                   samples=_samples("Cos", normal, math.cos, [-100.0, -0.0, 1e-300, math.pi, 1e4]))
# Piecewise constant: TF1 registers no gradient for these (tf.gradients gives None).
floor = define_unary("Floor", lambda xp: xp.floor,
                     samples=_samples("Floor", uniform_in(-4.0, 4.0), math.floor, _ROUNDED))
ceil = define_unary("Ceil", lambda xp: xp.ceil,
                    samples=_samples("Ceil", uniform_in(-4.0, 4.0), math.ceil, _ROUNDED))
# numpy's round is TF1's: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2, -2.5 -> -2), as
# Python's own round does.
round = define_unary("Round", lambda xp: xp.round, requires=None,  # noqa: A001
                     samples=_samples("Round", uniform_in(-4.0, 4.0), builtins.round, _ROUNDED,
                                      integers=True))


def _relu_kernel(xp):
    return lambda x: xp.maximum(x, 0)


relu = define_unary("Relu", _relu_kernel, lambda x, y, g: make_tensor("ReluGrad", (g, y)),
                    requires=None,
                    samples=_samples("Relu", away_from_zero, lambda v: builtins.max(v, 0.0),
                                     [-float("inf"), -1e300, -0.0, 0.0, 1e300],
                                     second_order=False, integers=True))


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

    def samples(self, rng):
        """Gradients ``g`` of both signs, Relu outputs ``y`` away from 0 where the gate flips;
        only ``g`` is differentiable (the gate's slope is 0 almost everywhere)."""
        def build(g, y):
            return make_tensor("ReluGrad", (g, y))

        def reference(g, y):
            return np.where(y > 0, g, np.zeros_like(g))
        checked = [OpSample(build, normal(rng, *shape), away_from_zero(rng, *shape),
                            reference=reference, grad=(0,)) for shape in ((), (3, 4), (2, 1, 3))]
        at_the_gate = OpSample(build, np.float32([1.5, -2.0, 3.0]), np.float32([0.0, 2.0, -1.0]),
                               reference=reference, grad=(), name="float32 at the gate")
        return checked + [at_the_gate]


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


def _saturating_grad_samples(type_name, outputs, slope):
    """Samples of a ``_SaturatingGrad`` op: activation ``outputs(rng, *shape)`` and gradients
    ``dy``, both checked to second order, and a float32 case; ``slope(y)`` written in Python."""
    def build(y, dy):
        return make_tensor(type_name, (y, dy))
    reference = by_element(lambda y, dy: dy * slope(y))

    def samples(rng):
        checked = [OpSample(build, outputs(rng, *shape), normal(rng, *shape), reference=reference,
                            second_order=True) for shape in ((), (2, 3), (3, 1, 2))]
        return checked + [OpSample(build, outputs(rng, 4).astype(np.float32),
                                   normal(rng, 4).astype(np.float32), reference=reference,
                                   grad=(), rtol=1e-5, name="float32")]
    return samples


register(_SaturatingGrad("SigmoidGrad", _sigmoid_slope, lambda y: 1 - 2 * y),
         samples=_saturating_grad_samples("SigmoidGrad", unit_interval, lambda y: y * (1 - y)))
register(_SaturatingGrad("TanhGrad", _tanh_slope, lambda y: -2 * y),
         samples=_saturating_grad_samples("TanhGrad", uniform_in(-0.9, 0.9), lambda y: 1 - y * y))


# ================================================================== cast
@register
class Cast(OpDef):
    type_name = "Cast"

    def infer(self, op):
        source, target = op.inputs[0].dtype, op.attrs["DstT"]
        if (source == dtypes.string) != (target == dtypes.string):
            raise TypeError("Cast %s to %s is not supported: parse strings with "
                            "tf.string_to_number, format numbers with tf.as_string."
                            % (source.name, target.name))
        return [(target, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        dtype = op.attrs["DstT"].np_dtype
        if op.inputs[0].dtype.is_complex and not op.attrs["DstT"].is_complex:
            return lambda x: x.real.astype(dtype)  # TF keeps the real part (numpy warns)
        return lambda x: x.astype(dtype)

    def gradient(self, op, grad):
        src = op.inputs[0].dtype

        def inexact(dtype):
            return dtype.is_floating or dtype.is_complex
        if not (inexact(src) and inexact(op.attrs["DstT"])):
            return [None]
        return [cast(grad, src)]

    def samples(self, rng):
        """Narrowing and widening floats, truncation toward zero, to and from bool. Only a
        float64 -> float64 Cast (an op ``tf.cast`` elides, made directly here) has a float64
        output that the gradient check can differentiate."""
        def to(dtype):
            return lambda x: make_tensor("Cast", (x,), {"DstT": dtypes.as_dtype(dtype)})
        return [
            OpSample(to(np.float64), normal(rng, 3, 2), reference=by_element(float)),
            OpSample(to(np.float32), normal(rng, 2, 3), reference=by_element(float, np.float32),
                     grad=()),
            OpSample(to(np.int32), np.array([-2.7, -0.5, -0.0, 0.5, 2.7, 1e9]),
                     reference=by_element(math.trunc, np.int32), grad=(), name="truncation"),
            OpSample(to(np.float64), rng.integers(-5, 6, (0, 3)).astype(np.int64),
                     reference=by_element(float, np.float64), name="empty"),
            OpSample(to(np.bool_), np.float32([0.0, -0.0, 1.5, -2.0, float("nan")]),
                     reference=by_element(bool, np.bool_), grad=()),
            OpSample(to(np.float32), np.array(True), reference=by_element(float, np.float32))]


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


def to_bfloat16(x, name="ToBFloat16"):
    """``x`` cast to bfloat16 (8 exponent bits, 8 significant bits), as TF1's deprecated
    ``tf.to_bfloat16``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     float(sess.run(tf.to_float(tf.to_bfloat16(3.14159))))
    3.140625
    """
    if dtypes.bfloat16 is None:
        raise TypeError("tf.to_bfloat16 needs the bfloat16 dtype, which numpy gets from the "
                        "ml_dtypes package: pip install ml_dtypes")
    return cast(x, dtypes.bfloat16, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)
