"""Elementwise unary math (negative, abs, exp, log, sqrt, tanh, sigmoid, relu, rounding, ...),
the fused activation gradients, and cast, with their gradients."""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import TensorLike
from .constant_op import convert_to_tensor
from .op_families import define_unary
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


negative = define_unary("Neg", lambda xp: xp.negative, lambda x, y, g: -g, requires=None,
                    expression="-x")
abs = define_unary("Abs", lambda xp: xp.abs, lambda x, y, g: g * sign(x),  # noqa: A001
                   requires=None, expression="abs(x)")
sign = define_unary("Sign", lambda xp: xp.sign, requires=None)
exp = define_unary("Exp", lambda xp: xp.exp, lambda x, y, g: g * y, expression="exp(x)")
log = define_unary("Log", lambda xp: xp.log, lambda x, y, g: g / x, expression="log(x)")
log1p = define_unary("Log1p", lambda xp: xp.log1p, lambda x, y, g: g / (1 + x),
                    expression="log1p(x)")
square = define_unary("Square", lambda xp: xp.square, lambda x, y, g: g * (2 * x), requires=None,
                    expression="x * x")
sqrt = define_unary("Sqrt", lambda xp: xp.sqrt, lambda x, y, g: g * (0.5 / y),
                   expression="sqrt(x)")
rsqrt = define_unary("Rsqrt", lambda xp: (lambda x: 1 / xp.sqrt(x)),
                     lambda x, y, g: g * (-0.5 * y * y * y), expression="1 / sqrt(x)")
reciprocal = define_unary("Reciprocal", lambda xp: xp.reciprocal, lambda x, y, g: -g * y * y,
                          expression="1 / x")
tanh = define_unary("Tanh", lambda xp: xp.tanh, lambda x, y, g: make_tensor("TanhGrad", (y, g)),
                   expression="tanh(x)")
sigmoid = define_unary("Sigmoid", _sigmoid_kernel,
                       lambda x, y, g: make_tensor("SigmoidGrad", (y, g)))
logical_not = define_unary("LogicalNot", lambda xp: xp.logical_not, requires=None)
is_nan = define_unary("IsNan", lambda xp: xp.isnan, out_dtype=dtypes.bool)
is_inf = define_unary("IsInf", lambda xp: xp.isinf, out_dtype=dtypes.bool)
is_finite = define_unary("IsFinite", lambda xp: xp.isfinite, out_dtype=dtypes.bool)
expm1 = define_unary("Expm1", lambda xp: xp.expm1, lambda x, y, g: g * exp(x),
                     expression="expm1(x)")
sin = define_unary("Sin", lambda xp: xp.sin, lambda x, y, g: g * cos(x), expression="sin(x)")
cos = define_unary("Cos", lambda xp: xp.cos, lambda x, y, g: -g * sin(x), expression="cos(x)")
# Piecewise constant: TF1 registers no gradient for these (tf.gradients gives None).
floor = define_unary("Floor", lambda xp: xp.floor)
ceil = define_unary("Ceil", lambda xp: xp.ceil)
# numpy's round is TF1's: halves go to the even neighbour (0.5 -> 0, 1.5 -> 2, -2.5 -> -2).
round = define_unary("Round", lambda xp: xp.round, requires=None)  # noqa: A001


def _relu_kernel(xp):
    return lambda x: xp.maximum(x, 0)


relu = define_unary("Relu", _relu_kernel, lambda x, y, g: make_tensor("ReluGrad", (g, y)),
                    requires=None)


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
