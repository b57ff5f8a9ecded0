"""TF1's remaining elementwise math: the trigonometric and hyperbolic functions and their
inverses, atan2, the special functions (erf, erfc, lgamma, digamma, polygamma), rint, truncated
division, xdivy/xlogy, log_sigmoid and reduce_euclidean_norm, each with TF1's gradient.

Every op is one registration in a family of :mod:`math_ops` (``_unary``, ``_binary``,
``ReduceOp``). numpy has no erf or lgamma: those apply Python's ``math`` function to each element
on the host in double precision, rounded to the input's dtype (:class:`StdlibUnaryOp`). The
polygamma functions (digamma and its derivatives) are array code, so that every order has a
gradient: the next order (:func:`_polygamma_kernel`).
"""
import math

import numpy as np

from ..framework.graph import name_scope
from ..framework.tensor import TensorLike
from .constant_op import constant_value, convert_to_tensor
from .math_ops import (_FLOATS, ReduceOp, UnaryOp, _binary, _reduction, _unary, _unreduce, cast,
                       cos, exp, negative, not_equal, reciprocal, rsqrt, square)
from .nn_ops import _softplus
from .registry import make_tensor, register


# ================================================================== trigonometric, hyperbolic
_tan = _unary("Tan", lambda xp: xp.tan, lambda x, y, g: g * square(reciprocal(cos(x))))
_asin = _unary("Asin", lambda xp: xp.arcsin, lambda x, y, g: g * rsqrt(1 - square(x)))
_acos = _unary("Acos", lambda xp: xp.arccos, lambda x, y, g: -g * rsqrt(1 - square(x)))
_atan = _unary("Atan", lambda xp: xp.arctan, lambda x, y, g: g * reciprocal(1 + square(x)))
_sinh = _unary("Sinh", lambda xp: xp.sinh, lambda x, y, g: g * cosh(x))
_cosh = _unary("Cosh", lambda xp: xp.cosh, lambda x, y, g: g * sinh(x))
# TF1 writes these two in the output y: d asinh = 1 / cosh(asinh x), d acosh = 1 / sinh(acosh x).
_asinh = _unary("Asinh", lambda xp: xp.arcsinh, lambda x, y, g: g / cosh(y))
_acosh = _unary("Acosh", lambda xp: xp.arccosh, lambda x, y, g: g / sinh(y))
_atanh = _unary("Atanh", lambda xp: xp.arctanh, lambda x, y, g: g * reciprocal(1 - square(x)))


def tan(x, name=None):
    """Elementwise tangent.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.tan(0.5))), 4)
    0.5463
    """
    return _tan(x, name=name)


def asin(x, name=None):
    """Elementwise inverse sine, in ``[-pi/2, pi/2]`` (NaN outside ``[-1, 1]``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.asin(1.0))), 4)
    1.5708
    """
    return _asin(x, name=name)


def acos(x, name=None):
    """Elementwise inverse cosine, in ``[0, pi]`` (NaN outside ``[-1, 1]``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.acos(-1.0))), 4)
    3.1416
    """
    return _acos(x, name=name)


def atan(x, name=None):
    """Elementwise inverse tangent, in ``(-pi/2, pi/2)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.atan(1.0))), 4)
    0.7854
    """
    return _atan(x, name=name)


def sinh(x, name=None):
    """Elementwise hyperbolic sine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.sinh(1.0))), 4)
    1.1752
    """
    return _sinh(x, name=name)


def cosh(x, name=None):
    """Elementwise hyperbolic cosine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.cosh(1.0))), 4)
    1.5431
    """
    return _cosh(x, name=name)


def asinh(x, name=None):
    """Elementwise inverse hyperbolic sine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.asinh(1.0))), 4)
    0.8814
    """
    return _asinh(x, name=name)


def acosh(x, name=None):
    """Elementwise inverse hyperbolic cosine (NaN below 1).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.acosh(2.0))), 4)
    1.317
    """
    return _acosh(x, name=name)


def atanh(x, name=None):
    """Elementwise inverse hyperbolic tangent (+-inf at +-1, NaN beyond).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.atanh(0.5))), 4)
    0.5493
    """
    return _atanh(x, name=name)


def _atan2_grad(y, x, z, g):
    scale = g / (square(x) + square(y))
    return x * scale, -y * scale


_atan2 = _binary("Atan2", lambda xp: xp.arctan2, _atan2_grad, allowed=lambda d: d.is_floating)


def atan2(y, x, name=None):
    """The angle of the point ``(x, y)`` from the positive x axis, in ``[-pi, pi]``, elementwise
    with broadcasting. Note the order: ``y`` first, as in TF1 and C.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.atan2([1.0, -1.0], [-1.0, -1.0])).tolist()]
    [2.3562, -2.3562]
    """
    return _atan2(y, x, name=name)


# ================================================================== erf, erfc, lgamma
class StdlibUnaryOp(UnaryOp):
    """A UnaryOp whose values come from a scalar function of Python's ``math`` module (numpy
    has none for erf or lgamma): applied to each element on the host in double precision, then
    rounded to the input's dtype and handed back to the backend."""
    host_only = True

    def kernel(self, op, ctx):
        each = np.frompyfunc(self._forward, 1, 1)
        to_host, to_backend = ctx.backend.to_numpy, ctx.backend.asarray

        def apply_to_each(x):
            host = to_host(x)
            with np.errstate(over="ignore"):  # a double beyond float32's range rounds to inf
                return to_backend(np.asarray(each(host), dtype=host.dtype))
        return apply_to_each


def _stdlib_unary(type_name, scalar_function, grad):
    op_def = register(StdlibUnaryOp(type_name, scalar_function, grad, _FLOATS))
    return lambda x, name=None: make_tensor(op_def.type_name, (convert_to_tensor(x),), None, name)


def _lgamma_or_inf(value):
    """``math.lgamma``, but +inf where Python raises: at the poles 0, -1, -2, ... and beyond
    float64's range (TF1 gives +inf there too)."""
    try:
        return math.lgamma(value)
    except (ValueError, OverflowError):
        return math.inf


_TWO_OVER_ROOT_PI = 2 / math.sqrt(math.pi)

_erf = _stdlib_unary("Erf", math.erf, lambda x, y, g: g * _TWO_OVER_ROOT_PI * exp(-square(x)))
_erfc = _stdlib_unary("Erfc", math.erfc,
                      lambda x, y, g: -g * _TWO_OVER_ROOT_PI * exp(-square(x)))
_lgamma = _stdlib_unary("Lgamma", _lgamma_or_inf, lambda x, y, g: g * digamma(x))


def erf(x, name=None):
    """The Gauss error function, elementwise: ``2/sqrt(pi) * integral_0^x exp(-t^2) dt``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.erf([-1.0, 0.0, 0.5])).tolist()]
    [-0.8427, 0.0, 0.5205]
    """
    return _erf(x, name=name)


def erfc(x, name=None):
    """The complementary error function ``1 - erf(x)``, elementwise, accurate where erf(x) is
    close to 1 (large x).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     "%.4e" % float(sess.run(tf.erfc(tf.constant(5.0, tf.float64))))
    '1.5375e-12'
    """
    return _erfc(x, name=name)


def lgamma(x, name=None):
    """``log(abs(Gamma(x)))``, elementwise; +inf at the poles 0, -1, -2, ...

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.lgamma([0.5, 1.0, 5.0, -0.5])).tolist()]
    [0.5724, 0.0, 3.1781, 1.2655]
    """
    return _lgamma(x, name=name)


# ================================================================== digamma, polygamma
# B_2, B_4, ..., B_18: the Bernoulli numbers in the asymptotic series of the polygamma functions.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798)


def _cot_derivative_polynomial(order):
    """The coefficients (highest power first) of P with ``d^n/dx^n cot(pi x) = pi^n
    P(cot(pi x))``: from P_0(c) = c and ``d/dx cot(pi x) = -pi (1 + cot^2(pi x))``,
    P_{k+1}(c) = -(1 + c^2) P_k'(c)."""
    polynomial = np.polynomial.Polynomial([0.0, 1.0])
    for _ in range(order):
        polynomial = -np.polynomial.Polynomial([1.0, 0.0, 1.0]) * polynomial.deriv()
    return polynomial.coef[::-1].tolist()


def _polygamma_kernel(order):
    """The kernel of ``polygamma(order, x)`` (order 0: digamma), computed in float64 by:

    * the recurrence ``psi_n(x) = psi_n(x + 1) + (-1)^(n+1) n! / x^(n+1)``, which moves x up
      to at least ``10 + n``;
    * there, the asymptotic series ``psi_n(x) ~ (-1)^(n+1) [(n-1)!/x^n + n!/(2 x^(n+1)) +
      sum_k B_2k (2k+n-1)! / ((2k)! x^(2k+n))]`` (for n = 0: ``log x - 1/(2x) - sum_k
      B_2k / (2k x^2k)``) up to B_18, whose first omitted term is below 1e-16 relative;
    * for negative x, the reflection formula differentiated n times: ``psi_n(x) =
      (-1)^n psi_n(1 - x) - pi^(n+1) P_n(cot(pi x))`` (see :func:`_cot_derivative_polynomial`).

    Accuracy in float64, measured against 30-digit mpmath for orders 0 to 5 on x in (0, 1e8]
    and (-1e6, 0): relative error below 2e-14 for x > 0 and below 6e-14 for x < 0 (largest next
    to the zeros of digamma), set by the rounding of the recurrence's up to 10 + n terms. The
    reduction ``x - floor(x)`` before ``tan`` is exact, so large negative x lose nothing. At the
    poles 0, -1, -2, ... the result is NaN for even orders (digamma, as in TF1) and +inf for odd
    ones, the limit from both sides.
    """
    n = order
    threshold = 10 + n
    sign = 1.0 if n % 2 else -1.0  # (-1)^(n+1)
    n_factorial = float(math.factorial(n))
    coefficients = [b * math.factorial(2 * k + n - 1) / math.factorial(2 * k)
                    for k, b in enumerate(_BERNOULLI, 1)][::-1]
    lead = None if n == 0 else sign * math.factorial(n - 1)
    cot_polynomial = _cot_derivative_polynomial(n)
    reflection_scale = math.pi ** (n + 1)
    pole_value = math.inf if n % 2 else math.nan

    def forward(xp):
        def polygamma(x):
            # Poles, overflow to inf and inf/NaN inputs give their inf/NaN without a warning.
            with np.errstate(all="ignore"):
                t = x.astype(np.float64)
                pole = (t <= 0) & (t == xp.floor(t)) & (t > -math.inf)
                reflect = (t < 0) & ~pole
                z = xp.where(reflect, 1 - t, xp.where(pole, 1.0, t))
                recurrence = xp.zeros_like(z)
                for _ in range(threshold):
                    small = z < threshold
                    recurrence += xp.where(small, z ** -(n + 1), 0.0)
                    z = xp.where(small, z + 1, z)
                inverse = 1 / z
                inverse_squared = inverse * inverse
                series = xp.zeros_like(z)
                for c in coefficients:
                    series = (series + c) * inverse_squared
                tail = (n_factorial / 2 * inverse + series) * inverse ** n
                head = xp.log(z) if lead is None else lead * inverse ** n
                positive = head + sign * tail + sign * n_factorial * recurrence
                cot = 1 / xp.tan(math.pi * (t - xp.floor(t)))  # cot has period 1
                cot_term = xp.zeros_like(z)
                for c in cot_polynomial:
                    cot_term = cot_term * cot + c
                reflected = (-sign) * positive - reflection_scale * cot_term
                out = xp.where(pole, pole_value, xp.where(reflect, reflected, positive))
            return out.astype(x.dtype, copy=False)
        return polygamma
    return forward


class PolygammaOp(UnaryOp):
    """``polygamma(order, x)`` for a static order n >= 1 (attr ``order``), the n-th derivative
    of digamma; its gradient is the op of order n + 1. (TF1's Polygamma takes the order as a
    tensor; here it is known while building the graph.)"""

    def __init__(self):
        super().__init__("Polygamma", None, requires=_FLOATS)
        self.differentiable = True

    def kernel(self, op, ctx):
        return _polygamma_kernel(op.attrs["order"])(ctx.xp)

    def gradient(self, op, grad):
        return [grad * _polygamma_of_order(op.attrs["order"] + 1, op.inputs[0])]


register(PolygammaOp)


def _polygamma_of_order(order, x, name=None):
    if order == 0:
        return _digamma(x, name=name)
    return make_tensor("Polygamma", (x,), {"order": int(order)}, name)


_digamma = _unary("Digamma", _polygamma_kernel(0),
                  lambda x, y, g: g * _polygamma_of_order(1, x))


def digamma(x, name=None):
    """The digamma function ``d/dx lgamma(x)``, elementwise; NaN at the poles 0, -1, -2, ...
    (as TF1). Accurate to a few units in 1e-14 (see :func:`_polygamma_kernel`).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.digamma([1.0, 0.5, -0.5])).tolist()]
    [-0.5772, -1.9635, 0.0365]
    """
    return _digamma(x, name=name)


def _static_order(a):
    """polygamma's order ``a`` as a Python int: it must be known while building the graph."""
    if isinstance(a, TensorLike):
        value = constant_value(convert_to_tensor(a))
        if value is None:
            raise TypeError("polygamma needs its order `a` known while building the graph (a "
                            "constant or a Python number); got a tensor computed at run time.")
    else:
        value = np.asarray(a)
    if np.ndim(value) != 0:
        raise ValueError("polygamma takes one order for all of x: `a` must be a scalar, got "
                         "shape %s" % list(np.shape(value)))
    order = float(value)
    if order < 0 or order != int(order):
        raise ValueError("polygamma's order `a` must be a non-negative integer, got %r (TF1 "
                         "returns NaN for such orders)" % order)
    return int(order)


def polygamma(a, x, name=None):
    """The polygamma function ``psi^(a)(x)``: the a-th derivative of digamma (a = 0 is digamma
    itself), elementwise in ``x``. Unlike TF1, the order ``a`` must be one non-negative integer
    known while building the graph (a Python number or a constant); it has no gradient, as in
    TF1, while ``x``'s gradient is ``polygamma(a + 1, x)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.polygamma(1, 1.0))), 4)  # pi^2 / 6
    1.6449
    """
    order = _static_order(a)
    x = convert_to_tensor(x)
    if isinstance(a, TensorLike) and convert_to_tensor(a).dtype != x.dtype:
        raise TypeError("Input 'x' of 'Polygamma' Op has type %s that does not match type %s of "
                        "argument 'a'." % (x.dtype.name, convert_to_tensor(a).dtype.name))
    return _polygamma_of_order(order, x, name=name)


# ================================================================== rint, truncated division
_rint = _unary("Rint", lambda xp: xp.rint)  # piecewise constant: no gradient, as in TF1


def rint(x, name=None):
    """The integer nearest to each element (halves to the even neighbour), as a float.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.rint([-1.5, -0.5, 0.5, 1.5, 1.7])).tolist()
    [-2.0, -0.0, 0.0, 2.0, 2.0]
    """
    return _rint(x, name=name)


def _check_integer_divisor(y):
    """TF1 fails an integer division by zero (numpy would return 0 with a warning)."""
    if y.dtype.kind in "iu" and not y.all():
        raise ZeroDivisionError("Integer division by zero")


def _truncatediv_kernel(xp):
    def truncatediv(x, y):
        _check_integer_divisor(y)
        quotient = xp.floor_divide(x, y)
        # Floor and truncation differ by one where the division is inexact and the signs differ.
        inexact_negative = (xp.remainder(x, y) != 0) & ((x < 0) != (y < 0))
        return quotient + inexact_negative.astype(quotient.dtype)
    return truncatediv


def _truncatemod_kernel(xp):
    def truncatemod(x, y):
        _check_integer_divisor(y)
        return xp.fmod(x, y)
    return truncatemod


_truncatediv = _binary("TruncateDiv", _truncatediv_kernel, allowed=lambda d: d.is_integer)
_truncatemod = _binary("TruncateMod", _truncatemod_kernel,
                       allowed=lambda d: d.is_integer or d.is_floating)


def truncatediv(x, y, name=None):
    """Integer division rounding toward zero (C's ``/``, not Python's ``//``): ``-7 / 2`` is
    -3. Integer dtypes only, as TF1's kernels; a zero divisor fails the run.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.truncatediv([7, -7, 7, -7], [2, 2, -2, -2])).tolist()
    [3, -3, -3, 3]
    """
    return _truncatediv(x, y, name=name)


def truncatemod(x, y, name=None):
    """The remainder of :func:`truncatediv` (C's ``fmod``): it takes the sign of ``x``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.truncatemod([7, -7, 7, -7], [3, 3, -3, -3])).tolist()
    [1, -1, 1, -1]
    """
    return _truncatemod(x, y, name=name)


# ================================================================== xdivy, xlogy
def _zero_where_x_is(operation):
    """The kernel of ``operation(x, y)`` where x is nonzero and 0 where it is zero, whatever y
    is (0, inf or NaN)."""
    def forward(xp):
        def kernel(x, y):
            with np.errstate(divide="ignore", invalid="ignore"):
                value = operation(xp, x, y)
            return xp.where(x == 0, xp.zeros((), value.dtype), value)
        return kernel
    return forward


def _nonzero_indicator(x):
    return cast(not_equal(x, 0), x.dtype)


_xdivy = _binary("Xdivy", _zero_where_x_is(lambda xp, x, y: x / y),
                 lambda x, y, z, g: (g * xdivy(_nonzero_indicator(x), y),
                                     g * xdivy(negative(x), square(y))),
                 allowed=lambda d: d.is_floating)
_xlogy = _binary("Xlogy", _zero_where_x_is(lambda xp, x, y: x * xp.log(y)),
                 lambda x, y, z, g: (g * xlogy(_nonzero_indicator(x), y), g * xdivy(x, y)),
                 allowed=lambda d: d.is_floating)


def xdivy(x, y, name=None):
    """``x / y``, but 0 where ``x`` is 0 (even where y is 0), elementwise with broadcasting.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.xdivy([0.0, 3.0], [0.0, 2.0])).tolist()
    [0.0, 1.5]
    """
    return _xdivy(x, y, name=name)


def xlogy(x, y, name=None):
    """``x * log(y)``, but 0 where ``x`` is 0 (even where y is 0), elementwise with
    broadcasting: the entropy terms' convention ``0 log 0 = 0``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.math.xlogy([0.0, 2.0], [0.0, 3.0])).tolist()]
    [0.0, 2.1972]
    """
    return _xlogy(x, y, name=name)


# ================================================================== log_sigmoid
def log_sigmoid(x, name=None):
    """``log(sigmoid(x))``, computed as ``-softplus(-x)`` (TF1's form): no overflow for large
    negative x, and exact for large positive x.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.log_sigmoid([-1000.0, 0.0, 1000.0])).tolist()]
    [-1000.0, -0.6931, -0.0]
    """
    with name_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x)
        return negative(_softplus(negative(x)), name=scope)


# ================================================================== reduce_euclidean_norm
def _euclidean_norm_kernel(xp, axes, keepdims, dtype):
    def euclidean_norm(x):
        squares = xp.sum(x * x, axis=axes, keepdims=keepdims, dtype=dtype)
        return xp.sqrt(squares).astype(dtype, copy=False)  # integers: truncated, as TF1
    return euclidean_norm


def _euclidean_norm_grad(op, grad):
    """TF1's ``x * grad / norm``: NaN where the norm is 0, as in TF1."""
    x = op.inputs[0]
    if not x.dtype.is_floating:
        return None
    return x * _unreduce(grad / op.outputs[0], op)


register(ReduceOp("EuclideanNorm", _euclidean_norm_kernel, _euclidean_norm_grad))
_reduce_euclidean_norm = _reduction("EuclideanNorm", "``sqrt(sum(x**2))`` over ``axis``.",
                                    "reduce_euclidean_norm")


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """``sqrt(sum(input_tensor ** 2))`` over ``axis`` (all axes when None); for integer inputs
    the root is truncated to the input's dtype, as in TF1.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.reduce_euclidean_norm([[3.0, 4.0], [6.0, 8.0]], axis=1)).tolist()
    [5.0, 10.0]
    """
    return _reduce_euclidean_norm(input_tensor, axis=axis, keepdims=keepdims, name=name)


__all__ = ["acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cosh", "digamma", "erf",
           "erfc", "lgamma", "log_sigmoid", "polygamma", "reduce_euclidean_norm", "rint", "sinh",
           "tan", "truncatediv", "truncatemod", "xdivy", "xlogy"]
