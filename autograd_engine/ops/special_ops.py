"""More of TF's special functions: the modified Bessel functions ``bessel_i0/i0e/i1/i1e``, the
inverse error functions ``erfinv``, ``ndtri`` (and ``erfcinv`` on it), each with TF's
gradient.

numpy has none of these, and scipy is not a dependency: each is computed here in float64 from
its power series, asymptotic expansion or continued fraction (the accuracy is stated per
function and checked against TensorFlow's values in ``tests/test_special.py``). The Bessel
kernels are array code and run on a device; ndtri and erfinv call Python's ``math.erf``/``erfc``
per element and are host-only. The incomplete gamma and beta functions and zeta are in
:mod:`special_gamma_ops`.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     [round(v, 6) for v in sess.run(tf.math.bessel_i0([0.0, 1.0])).tolist()]
[1.0, 1.266066]
"""
import math

import numpy as np

from ..framework.graph import name_scope
from .array_ops import ones_like
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import equal, where
from .elementwise_unary_ops import exp, sign, square
from .op_families import define_unary
from .op_samples import OpSample, unit_interval
from .registry import get_op_def

_SQRT_PI = math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2 * math.pi)
_SERIES_TERMS = 90          # the Bessel power series up to |x| = 30 (terms below 1e-17 relative)
_ASYMPTOTIC_FROM = 30.0     # from there the Hankel expansion (its smallest term is below 1e-20)


# ================================================================== Bessel I0, I1 (scaled)
def _scaled_bessel_i(order):
    """The kernel of ``exp(-|x|) I_order(x)`` (order 0 or 1), float64 inside: the power series
    ``(x/2)^n sum_k (x^2/4)^k / (k! (k+n)!)`` (positive terms) for |x| < 30, the asymptotic
    expansion ``1/sqrt(2 pi x) sum_k (-1)^k a_k(n) / x^k`` beyond. Relative error below 5e-16
    against 30-digit values."""
    mu = 4.0 * order * order

    def forward(xp):
        def scaled(x):
            t = x.astype(np.float64)
            a = xp.abs(t)
            small = xp.minimum(a, _ASYMPTOTIC_FROM)
            quarter_square = small * small / 4
            term = xp.ones_like(a) if order == 0 else small / 2
            total = term
            for k in range(1, _SERIES_TERMS):
                term = term * quarter_square / (k * (k + order))
                total = total + term
            with np.errstate(over="ignore", invalid="ignore"):
                series = total * xp.exp(-small)
                large = xp.maximum(a, _ASYMPTOTIC_FROM)
                term, expansion = xp.ones_like(a), xp.ones_like(a)
                for k in range(1, 30):
                    term = -term * (mu - (2 * k - 1) ** 2) / (k * 8 * large)
                    expansion = expansion + term
                asymptotic = expansion / xp.sqrt(2 * math.pi * large)
            value = xp.where(a < _ASYMPTOTIC_FROM, series, asymptotic)
            if order == 1:
                value = xp.where(t < 0, -value, value)
            return value.astype(x.dtype, copy=False)
        return scaled
    return forward


def _unscaled(scaled_forward):
    def forward(xp):
        scaled = scaled_forward(xp)

        def unscaled(x):
            with np.errstate(over="ignore", invalid="ignore"):
                value = scaled(x.astype(np.float64)) * xp.exp(xp.abs(x.astype(np.float64)))
            return value.astype(x.dtype, copy=False)
        return unscaled
    return forward


def _bessel_reference(order, scaled):
    """exp(-|x|) I_n(x) (or I_n) from its integral ``1/pi int_0^pi exp(x (cos t - 1)) cos(n t)
    dt``, by the trapezoidal rule on 400 points (exact for a periodic integrand this smooth)."""
    t = (np.arange(400) + 0.5) * np.pi / 400

    def reference(x):
        a = np.abs(x.astype(np.float64))[..., None]
        with np.errstate(over="ignore"):
            value = np.mean(np.exp(a * (np.cos(t) - 1)) * np.cos(order * t), axis=-1)
            if not scaled:
                value = value * np.exp(np.abs(x.astype(np.float64)))
        return (np.sign(x) * value if order == 1 else value).astype(x.dtype)
    return reference


def _bessel_samples(apply, reference):
    def samples(rng):
        return [OpSample(apply, rng.uniform(-6, 6, (2, 3)), reference=reference,
                         second_order=True, rtol=1e-12),
                OpSample(apply, np.array([-40.0, -31.0, 29.5, 45.0]), reference=reference,
                         rtol=1e-12, grad=()),  # central differences lose digits this steep
                OpSample(apply, np.float32([-3.0, 0.5, 7.0]), reference=reference, grad=(),
                         rtol=1e-6),
                OpSample(apply, np.array([0.0, -0.0, 1e-300, 500.0, 800.0]),
                         reference=reference, grad=(), rtol=1e-12)]
    return samples


def _i1_over_x(x, i0, i1):
    """``i0 - i1 / x`` with its limit 1/2 at x = 0 (the derivative of I1 there)."""
    safe = where(equal(x, 0.0), ones_like(x), x)
    return where(equal(x, 0.0), 0.5 * ones_like(x), i0 - i1 / safe)


_bessel_i0e = define_unary(
    "BesselI0e", _scaled_bessel_i(0),
    lambda x, y, g: g * (_bessel_i1e(x) - sign(x) * y))
_bessel_i1e = define_unary(
    "BesselI1e", _scaled_bessel_i(1),
    lambda x, y, g: g * (_i1_over_x(x, _bessel_i0e(x), y) - sign(x) * y))
_bessel_i0 = define_unary("BesselI0", _unscaled(_scaled_bessel_i(0)),
                          lambda x, y, g: g * _bessel_i1(x))
_bessel_i1 = define_unary("BesselI1", _unscaled(_scaled_bessel_i(1)),
                          lambda x, y, g: g * _i1_over_x(x, _bessel_i0(x), y))
for _name, _apply, _order, _scaled in (("BesselI0e", _bessel_i0e, 0, True),
                                       ("BesselI1e", _bessel_i1e, 1, True),
                                       ("BesselI0", _bessel_i0, 0, False),
                                       ("BesselI1", _bessel_i1, 1, False)):
    get_op_def(_name).samples = _bessel_samples(_apply, _bessel_reference(_order, _scaled))


def bessel_i0(x, name=None):
    """The modified Bessel function of the first kind of order 0, elementwise.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.bessel_i0(2.0))), 6)
    2.279585
    """
    return _bessel_i0(x, name=name)


def bessel_i0e(x, name=None):
    """``exp(-|x|) I0(x)``: I0 scaled so that it does not overflow for large ``|x|``."""
    return _bessel_i0e(x, name=name)


def bessel_i1(x, name=None):
    """The modified Bessel function of the first kind of order 1 (odd), elementwise."""
    return _bessel_i1(x, name=name)


def bessel_i1e(x, name=None):
    """``exp(-|x|) I1(x)``, elementwise."""
    return _bessel_i1e(x, name=name)


# ================================================================== ndtri, erfinv
# Acklam's rational approximation of the normal quantile (relative error 1.2e-9), refined by
# Halley steps on erfc below; the coefficients are the published ones.
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00)


def _polynomial(coefficients, t):
    total = np.zeros_like(t)
    for c in coefficients:
        total = total * t + c
    return total


_erfc_each = np.frompyfunc(math.erfc, 1, 1)
_erf_each = np.frompyfunc(math.erf, 1, 1)


def _erfc(t):
    return np.asarray(_erfc_each(t), np.float64)  # frompyfunc gives a Python float for 0-d


def _erf(t):
    return np.asarray(_erf_each(t), np.float64)


def _ndtri64(p):
    """The normal quantile of float64 ``p``: Acklam's approximation of the lower half's
    (``-ndtri(1 - p)`` above 1/2, where ``1 - p`` is exact), then two Halley steps on
    ``Phi(x) - p`` with Phi from erfc, relative to p so that tiny tails keep their digits;
    -inf, inf at 0, 1 and NaN outside [0, 1]."""
    with np.errstate(all="ignore"):
        upper = p > 0.5
        low = np.where(upper, 1 - p, p)
        tail = np.sqrt(-2 * np.log(np.where(low > 0, low, 1.0)))
        q = low - 0.5
        r = q * q
        central = _polynomial(_A, r) * q / (_polynomial(_B, r) * r + 1)
        x = np.where(low >= 0.02425, central, _polynomial(_C, tail) / (
            _polynomial(_D, tail) * tail + 1))
        for _ in range(2):
            error = 0.5 * _erfc(-x / math.sqrt(2)) - low
            u = error * _SQRT_2PI * np.exp(x * x / 2)
            step = u / (1 + x * u / 2)
            x = np.where(np.isfinite(step), x - step, x)
        x = np.where(low == 0, -np.inf, x)
        x = np.where(upper, -x, x)
        return np.where((p < 0) | (p > 1) | np.isnan(p), np.nan, x)


def _erfinv64(y):
    """erfinv of float64 ``y``: ndtri's start, then Newton steps on ``erf(x) - y`` (on
    ``erfc(|x|) - (1 - |y|)`` where |y| > 1/2, so that values near ±1 keep their digits)."""
    with np.errstate(all="ignore"):
        a = np.abs(y)
        x = _ndtri64((a + 1) / 2) / math.sqrt(2)
        for _ in range(3):
            residual = np.where(a <= 0.5, _erf(x) - a,
                                (1 - a) - _erfc(x))
            step = residual / (2 / _SQRT_PI * np.exp(-x * x))
            x = np.where(np.isfinite(step) & (a < 1), x - step, x)
        x = np.where(a == 1, np.inf, np.where(a > 1, np.nan, x))
        return np.where(np.signbit(y), -x, x)


def _host_float64(function):
    def forward(xp):
        return lambda x: function(x.astype(np.float64)).astype(x.dtype, copy=False)
    return forward


_ndtri = define_unary("Ndtri", _host_float64(_ndtri64),
                      lambda x, y, g: g * _SQRT_2PI * exp(square(y) / 2))
_erfinv = define_unary("Erfinv", _host_float64(_erfinv64),
                       lambda x, y, g: g * (_SQRT_PI / 2) * exp(square(y)))
get_op_def("Ndtri").host_only = get_op_def("Erfinv").host_only = True
get_op_def("Ndtri").samples = lambda rng: [
    OpSample(_ndtri, unit_interval(rng, 2, 3), second_order=True,
             reference=_ndtri_by_bisection),
    OpSample(_ndtri, np.array([0.0, 1.0, 1e-300, 0.5, -0.1, 1 - 1e-12]), grad=(),
             reference=_ndtri_by_bisection, rtol=1e-12)]
get_op_def("Erfinv").samples = lambda rng: [
    OpSample(_erfinv, rng.uniform(-0.95, 0.95, (2, 3)), second_order=True,
             reference=_erfinv_by_bisection),
    OpSample(_erfinv, np.float32([-0.5, 0.0, 0.9]), grad=(), rtol=1e-6,
             reference=lambda y: _erfinv_by_bisection(y).astype(np.float32)),
    OpSample(_erfinv, np.array([-1.0, 1.0, 1.5, 1e-300, -0.0]), grad=(),
             reference=lambda y: np.array([-np.inf, np.inf, np.nan, 1e-300 * _SQRT_PI / 2, -0.0]))]


def _erfinv_by_bisection(y):
    """An independent reference: erfinv by 80 bisection steps of Python's erf (|y| < 1)."""
    low, high = np.full(y.shape, -7.0), np.full(y.shape, 7.0)
    for _ in range(80):
        middle = (low + high) / 2
        above = _erf(middle) > y
        low, high = np.where(above, low, middle), np.where(above, middle, high)
    return (low + high) / 2


def _ndtri_by_bisection(p):
    """An independent reference: the x with ``erfc(-x / sqrt(2)) / 2 = p`` by 90 bisection
    steps on the lower half (``-x(1 - p)`` above 1/2; ±inf at 0 and 1, NaN outside)."""
    upper = p > 0.5
    target = np.where(upper, 1 - p, p)
    low, high = np.full(p.shape, -40.0), np.full(p.shape, 0.0)
    for _ in range(90):
        middle = (low + high) / 2
        above = 0.5 * _erfc(-middle / math.sqrt(2)) > target
        low, high = np.where(above, low, middle), np.where(above, middle, high)
    x = np.where(upper, -1, 1) * (low + high) / 2
    x = np.where(p == 0, -np.inf, np.where(p == 1, np.inf, x))
    return np.where((p < 0) | (p > 1), np.nan, x)


def ndtri(x, name=None):
    """The standard normal quantile (the inverse of its CDF), elementwise: -inf at 0, inf at 1,
    NaN outside [0, 1]; accurate to about 1e-15 relative, tails included.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 6) for v in sess.run(tf.math.ndtri([0.5, 0.975])).tolist()]
    [0.0, 1.959964]
    """
    return _ndtri(x, name=name)


def erfinv(x, name=None):
    """The inverse error function, elementwise: ``erf(erfinv(y)) = y`` on (-1, 1), ±inf at ±1.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.erfinv(0.5))), 6)
    0.476936
    """
    return _erfinv(x, name=name)


def erfcinv(x, name=None):
    """The inverse complementary error function, ``-ndtri(x / 2) / sqrt(2)`` (TF's form), on
    [0, 2].

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.erfcinv(0.5))), 6)
    0.476936
    """
    with name_scope(name, "erfcinv", [x]):
        x = convert_to_tensor(x)
        return ndtri(0.5 * x) * (-1 / math.sqrt(2))


__all__ = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "erfcinv", "erfinv", "ndtri"]
