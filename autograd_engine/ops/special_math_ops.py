"""TF1's special functions (erf, erfc, lgamma, digamma, polygamma), log_sigmoid and
reduce_euclidean_norm, each with TF1's gradient and its conformance samples (the trigonometric
and hyperbolic functions are in :mod:`trigonometric_ops`; rint, truncated division and
xdivy/xlogy in :mod:`rounding_division_ops`).

Every op is one registration in a family of :mod:`op_families` (``define_unary``,
``ReduceOp``). numpy has no erf or lgamma: those apply Python's ``math`` function to each element
on the host in double precision, rounded to the input's dtype (:class:`StdlibUnaryOp`). The
polygamma functions (digamma and its derivatives) are array code, so that every order has a
gradient: the next order (:func:`polygamma_kernel`).
"""
import math

import numpy as np

from ..framework.graph import name_scope
from ..framework.tensor import TensorLike
from .constant_op import constant_value, convert_to_tensor
from .elementwise_unary_ops import exp, negative, square
from .activation_ops import softplus
from .op_families import FLOATING_POINT, ReduceOp, UnaryOp, define_unary
from .op_samples import OpSample, away_from_zero, normal, unary_samples
from .reduction_ops import define_reduction, half_reduced_in_float32, unreduce
from .registry import get_op_def, make_tensor, register


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
    op_def = register(StdlibUnaryOp(type_name, scalar_function, grad, FLOATING_POINT))
    return lambda x, name=None: make_tensor(op_def.type_name, (convert_to_tensor(x),), None, name)


def lgamma_or_inf(value):
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
_lgamma = _stdlib_unary("Lgamma", lgamma_or_inf, lambda x, y, g: g * digamma(x))

# ------------------------------------------------------------ independent references, samples
_GAUSS_NODES, _GAUSS_WEIGHTS = np.polynomial.legendre.leggauss(100)


def _gauss_integral(integrand, low, high):
    """``integral_low^high integrand(t) dt`` by 100-point Gauss-Legendre quadrature, for each
    element; ``integrand`` takes the quadrature points on a new last axis."""
    low, high = np.asarray(low, np.float64)[..., None], np.asarray(high, np.float64)[..., None]
    half = (high - low) / 2
    return (half * _GAUSS_WEIGHTS * integrand((low + high) / 2 + half * _GAUSS_NODES)).sum(-1)


def _erf_reference(x):
    """erf as its integral, ``x 2/sqrt(pi) integral_0^1 exp(-x^2 u^2) du``: 4e-15 relative."""
    t = x.astype(np.float64)
    integral = _gauss_integral(lambda u: np.exp(-(t[..., None] * u) ** 2), 0.0, 1.0)
    return (_TWO_OVER_ROOT_PI * t * integral).astype(x.dtype)


def _erfc_reference(x):
    """erfc of |x| as ``2/sqrt(pi) exp(-x^2) integral_0^inf exp(-2|x|s - s^2) ds`` (the tail
    beyond s = 6 is below 1e-15 relative), reflected by ``erfc(-x) = 2 - erfc(x)``."""
    t = np.abs(x.astype(np.float64))
    with np.errstate(under="ignore"):
        tail = _gauss_integral(lambda s: np.exp(-2 * t[..., None] * s - s * s), 0.0, 6.0)
        upper = _TWO_OVER_ROOT_PI * np.exp(-t * t) * tail
    return np.where(x < 0, 2 - upper, upper).astype(x.dtype)


def _lgamma_reference(x):
    """log|Gamma(x)|: Stirling's series at x + k >= 15 less log(x (x+1) ... (x+k-1)), and for
    x < 1/2 the reflection ``log(pi / |sin(pi x)|) - lgamma(1 - x)``; +inf at the poles."""
    t = x.astype(np.float64)
    z = np.where(t < 0.5, 1 - t, t)
    log_product = np.zeros_like(z)
    while (z < 15).any():
        log_product += np.where(z < 15, np.log(z), 0.0)
        z = np.where(z < 15, z + 1, z)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        stirling = ((z - 0.5) * np.log(z) - z + 0.5 * math.log(2 * math.pi) + 1 / (12 * z)
                    - 1 / (360 * z ** 3) + 1 / (1260 * z ** 5) - 1 / (1680 * z ** 7))
        value = stirling - log_product
        value = np.where(t < 0.5, np.log(math.pi / np.abs(np.sin(math.pi * t))) - value, value)
    return np.where((t <= 0) & (t == np.floor(t)), np.inf, value).astype(x.dtype)


def _between_poles(rng, *shape):
    """Values in -3..4 at least 0.2 from the integers: away from the poles of Gamma."""
    return rng.integers(-3, 4, shape) + rng.uniform(0.2, 0.8, shape)


for _type_name, _apply, _values, _reference, _edges in (
        ("Erf", _erf, normal, _erf_reference, [-30.0, -3.0, -1e-300, 0.0, 1e-10, 5.0, 30.0]),
        ("Erfc", _erfc, normal, _erfc_reference, [-30.0, -1e-300, 0.0, 5.0, 26.0, 30.0]),
        ("Lgamma", _lgamma, _between_poles, _lgamma_reference,
         [-2.0, -1.0, -0.0, 0.0, -0.5, 1.0, 2.0, 1e-300, 1e300, 1e308])):
    get_op_def(_type_name).samples = unary_samples(_apply, _values, _reference, _edges)


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


def polygamma_kernel(order):
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
        super().__init__("Polygamma", None, requires=FLOATING_POINT)
        self.differentiable = True

    def kernel(self, op, ctx):
        return polygamma_kernel(op.attrs["order"])(ctx.xp)

    def gradient(self, op, grad):
        return [grad * _polygamma_of_order(op.attrs["order"] + 1, op.inputs[0])]

    def samples(self, rng):
        """Orders 1 to 3 between the poles, then order 1 at poles and huge values."""
        def of_order(order, x, **options):
            return OpSample(lambda t: polygamma(order, t), x, reference=lambda t: (
                _polygamma_reference(order, t, pole_value=math.inf)), **options)
        checked = [of_order(order, _between_poles(rng, *shape), second_order=True)
                   for order, shape in ((1, (2, 3)), (2, ()), (3, (4,)))]
        return checked + [of_order(1, np.float32([-1.0, 0.0, 0.5, 3.0, 1e30]), grad=())]


register(PolygammaOp)


def _polygamma_reference(order, x, pole_value):
    """psi_n(x) from its series, independent of the kernel's: ``-sum_k (1/(x+k) - ...)`` as
    ``psi(x + 30) - sum_{k<30} 1/(x+k)`` for digamma, ``(-1)^(n+1) n! sum_{k>=0} (x+k)^-(n+1)``
    for n >= 1, the terms from k = 30 on by Euler-Maclaurin; ``pole_value`` at the poles."""
    t = x.astype(np.float64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        terms = sum((t + k) ** -(order + 1) for k in range(30))
        z = t + 30
        if order == 0:
            value = (np.log(z) - 1 / (2 * z) - 1 / (12 * z ** 2) + 1 / (120 * z ** 4)
                     - 1 / (252 * z ** 6) - terms)
        else:
            rising = [math.prod(range(order + 1, order + 1 + j)) for j in (1, 3, 5)]
            tail = (z ** -order / order + z ** -(order + 1) / 2
                    + rising[0] * z ** -(order + 2) / 12 - rising[1] * z ** -(order + 4) / 720
                    + rising[2] * z ** -(order + 6) / 30240)
            value = (-1) ** (order + 1) * math.factorial(order) * (terms + tail)
    return np.where((t <= 0) & (t == np.floor(t)), pole_value, value).astype(x.dtype)


def _polygamma_of_order(order, x, name=None):
    if order == 0:
        return _digamma(x, name=name)
    return make_tensor("Polygamma", (x,), {"order": int(order)}, name)


_digamma = define_unary("Digamma", polygamma_kernel(0),
                        lambda x, y, g: g * _polygamma_of_order(1, x))
get_op_def("Digamma").samples = unary_samples(
    _digamma, _between_poles, lambda x: _polygamma_reference(0, x, pole_value=math.nan),
    [-2.0, -1.0, 0.0, -0.5, 1.0, 1.4616321449683622, 1e-300, 1e300])


def digamma(x, name=None):
    """The digamma function ``d/dx lgamma(x)``, elementwise; NaN at the poles 0, -1, -2, ...
    (as TF1). Accurate to a few units in 1e-14 (see :func:`polygamma_kernel`).

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
        return negative(softplus(negative(x)), name=scope)


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
    return x * unreduce(grad / op.outputs[0], op)


def _euclidean_norm_samples(rng):
    """Float64 over one axis, two axes kept, all axes (gradients and second order away from a
    zero norm); int32 (the root truncated), and an empty axis and a zero row in float32."""
    def sample(x, axis, keepdims=False, **options):
        return OpSample(lambda t: reduce_euclidean_norm(t, axis, keepdims), x,
                        reference=lambda t: np.linalg.norm(
                            t.astype(np.float64), axis=axis, keepdims=keepdims).astype(t.dtype),
                        **options)
    return [sample(away_from_zero(rng, 3, 4), 1, second_order=True),
            sample(away_from_zero(rng, 2, 3, 4), (0, 2), True, second_order=True),
            sample(away_from_zero(rng, 5), None, second_order=True),
            sample(np.int32([[3, -4, 1], [0, 0, 5], [1, 1, 1], [2, 2, 1]]), 1),
            sample(np.zeros((0, 3), np.float32), 0, grad=()),
            sample(np.float32([[0.0, 0.0], [3e18, -4e18]]), 1, True, grad=())]


register(ReduceOp("EuclideanNorm", half_reduced_in_float32(_euclidean_norm_kernel),
                  _euclidean_norm_grad),
         samples=_euclidean_norm_samples)
_reduce_euclidean_norm = define_reduction("EuclideanNorm", "``sqrt(sum(x**2))`` over ``axis``.",
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


__all__ = ["digamma", "erf", "erfc", "lgamma", "log_sigmoid", "polygamma", "reduce_euclidean_norm"]
