"""The Bessel functions of ``tf.math.special`` beyond I0 and I1 (those are
:mod:`special_ops`): ``bessel_j0/j1`` (first kind), ``bessel_y0/y1`` (second kind) and the
modified ``bessel_k0/k1`` with their scaled forms ``k0e/k1e`` (``exp(x) K(x)``), each with TF's
gradient.

numpy has none of them and scipy is not a dependency: each is computed in float64 on the host
from an integral representation (trapezoidal rule, spectrally accurate for the periodic or
doubly-exponentially decaying integrands of J and K; composite Gauss-Legendre for Y), the power
series of Y near 0 and Hankel's asymptotic expansion for x > 25. Checked against TensorFlow's values in
``tests/test_special.py`` (about 1e-14 relative, or 1e-15 absolute next to the zeros of J and Y).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     [round(v, 6) for v in sess.run(tf.math.special.bessel_j0([0.0, 1.0])).tolist()]
[1.0, 0.765198]
"""
import math

import numpy as np

from .array_ops import ones_like
from .elementwise_binary_ops import equal, where
from .op_families import define_unary
from .op_samples import OpSample
from .registry import get_op_def
from .special_integral_ops import integrate

_EULER_GAMMA = 0.5772156649015329
_ASYMPTOTIC_FROM = 25.0
_SERIES_UP_TO = 4.0  # where the series of Y has not yet lost two digits to cancellation
# J_n(x) = 1/(2 pi) integral over a period of cos(n t - x sin t): 128 points are exact to
# rounding for |x| <= 25 (the error is about J_128(25)).
_PERIOD = np.arange(128) * (2 * np.pi / 128)


def _hankel(order, x):
    """(P, Q) of Hankel's expansion of J_n and Y_n at x >= 25 (terms to the 40th)."""
    mu = 4.0 * order * order
    p, q = np.ones_like(x), np.zeros_like(x)
    term = np.ones_like(x)
    for k in range(1, 41):
        term = term * (mu - (2 * k - 1) ** 2) / (k * 8 * x)
        if k % 2:
            q = q + (-1) ** (k // 2) * term
        else:
            p = p + (-1) ** (k // 2) * term
    return p, q


def _j_kernel(order):
    def j(x):
        a = np.abs(x)
        near = np.minimum(a, _ASYMPTOTIC_FROM)
        trapezoid = np.mean(np.cos(order * _PERIOD - near[..., None] * np.sin(_PERIOD)), -1)
        far = np.maximum(a, _ASYMPTOTIC_FROM)
        p, q = _hankel(order, far)
        phase = far - (order / 2 + 0.25) * np.pi
        asymptotic = np.sqrt(2 / (np.pi * far)) * (p * np.cos(phase) - q * np.sin(phase))
        value = np.where(a <= _ASYMPTOTIC_FROM, trapezoid, asymptotic)
        return np.where(x < 0, -value, value) if order == 1 else value
    return j


def _y_kernel(order):
    """Y_n for x > 0: the power series (A&S 9.1.11) up to 4, the integral ``1/pi int_0^pi
    sin(x sin t - n t) dt - 1/pi int_0^inf (e^(nt) + (-1)^n e^(-nt)) e^(-x sinh t) dt`` up to
    25, Hankel's expansion beyond; -inf at 0, NaN below."""
    j = _j_kernel(order)

    def y(x):
        with np.errstate(all="ignore"):
            small = np.clip(x, 1e-300, _SERIES_UP_TO)
            quarter = -small * small / 4
            term = np.ones_like(small) / math.factorial(order)
            harmonic_k, harmonic_nk = 0.0, sum(1.0 / m for m in range(1, order + 1))
            series = term * (harmonic_k + harmonic_nk - 2 * _EULER_GAMMA)
            for k in range(1, 60):
                term = term * quarter / (k * (k + order))
                harmonic_k += 1.0 / k
                harmonic_nk += 1.0 / (k + order)
                series = series + term * (harmonic_k + harmonic_nk - 2 * _EULER_GAMMA)
            half = small / 2
            power = -(1 / np.pi) * (1 / half if order == 1 else 0.0)
            power_series = (power + (2 / np.pi) * np.log(half) * j(small)
                            - (1 / np.pi) * half ** order * series)
            middle = np.clip(x, _SERIES_UP_TO, _ASYMPTOTIC_FROM)
            along = middle[..., None]
            oscillating = integrate(lambda t: np.sin(along * np.sin(t) - order * t),
                                    np.zeros_like(middle), np.full_like(middle, np.pi))
            decaying = integrate(lambda t: (np.exp(order * t) + (-1) ** order * np.exp(
                -order * t)) * np.exp(-along * np.sinh(t)), np.zeros_like(middle),
                np.arcsinh(45.0 / middle))
            integral = (oscillating - decaying) / np.pi
            far = np.maximum(x, _ASYMPTOTIC_FROM)
            p, q = _hankel(order, far)
            phase = far - (order / 2 + 0.25) * np.pi
            asymptotic = np.sqrt(2 / (np.pi * far)) * (p * np.sin(phase) + q * np.cos(phase))
            value = np.where(x <= _SERIES_UP_TO, power_series, np.where(x <= _ASYMPTOTIC_FROM, integral,
                                                              asymptotic))
            value = np.where(x == 0, -np.inf, value)
            return np.where((x < 0) | np.isnan(x), np.nan, value)
    return y


def _ke_kernel(order):
    """exp(x) K_n(x) = int_0^inf exp(-x (cosh t - 1)) cosh(n t) dt, by the trapezoidal rule on
    [0, T] with x (cosh T - 1) = 45 (the integrand is analytic and decays doubly
    exponentially, so 160 points reach rounding); inf at 0, NaN below."""
    steps = np.arange(161)
    weights = np.where((steps == 0) | (steps == 160), 0.5, 1.0)

    def ke(x):
        with np.errstate(all="ignore"):
            safe = np.where(x > 0, x, 1.0)
            top = np.arccosh(1 + 45.0 / safe)[..., None]
            t = top * steps / 160
            integrand = np.exp(-safe[..., None] * (np.cosh(t) - 1)) * np.cosh(order * t)
            value = (integrand * weights).sum(-1) * top[..., 0] / 160
            value = np.where(x == 0, np.inf, value)
            return np.where((x < 0) | np.isnan(x), np.nan, value)
    return ke


def _unscaled_k(order):
    ke = _ke_kernel(order)

    def k(x):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.where(x == 0, np.inf, ke(x) * np.exp(-np.where(x > 0, x, 0.0)))
    return k


def _host_float64(function):
    def forward(xp):
        return lambda x: np.asarray(function(x.astype(np.float64))).astype(x.dtype, copy=False)
    return forward


def _over_x(x, y):
    """``y / x``, with 0 at x = 0 (where the callers impute their limits)."""
    return where(equal(x, 0.0), 0.0 * x, y / where(equal(x, 0.0), ones_like(x), x))


def _define(type_name, kernel, grad):
    apply = define_unary(type_name, _host_float64(kernel), grad)
    get_op_def(type_name).host_only = True
    return apply


_j0 = _define("BesselJ0", _j_kernel(0), lambda x, y, g: -g * _j1(x))
_j1 = _define("BesselJ1", _j_kernel(1), lambda x, y, g: g * where(
    equal(x, 0.0), 0.5 * ones_like(x), _j0(x) - _over_x(x, y)))
_y0 = _define("BesselY0", _y_kernel(0), lambda x, y, g: -g * _y1(x))
_y1 = _define("BesselY1", _y_kernel(1), lambda x, y, g: g * (_y0(x) - y / x))
_k0 = _define("BesselK0", _unscaled_k(0), lambda x, y, g: -g * _k1(x))
_k0e = _define("BesselK0e", _ke_kernel(0), lambda x, y, g: g * (y - _k1e(x)))
_k1 = _define("BesselK1", _unscaled_k(1), lambda x, y, g: -g * (_k0(x) + y / x))
_k1e = _define("BesselK1e", _ke_kernel(1), lambda x, y, g: g * (y - _k0e(x) - y / x))


# ------------------------------------------------------------------ independent references
def _j_reference(order):
    """J_n by its power series, summed in float64 only where it does not cancel (|x| < 6)."""
    def reference(x):
        quarter = -x.astype(np.float64) ** 2 / 4
        term = (x.astype(np.float64) / 2) ** order / math.factorial(order)
        total = term
        for k in range(1, 50):
            term = term * quarter / (k * (k + order))
            total = total + term
        return total.astype(x.dtype)
    return reference


def _k_reference(order, scaled):
    """K_n from ``int_0^inf exp(-x cosh t) cosh(nt) dt`` by 400-point Gauss-Legendre on
    [0, 12]: independent of the trapezoidal kernel."""
    nodes, weights = np.polynomial.legendre.leggauss(400)
    t = 6 * (nodes + 1)

    def reference(x):
        a = x.astype(np.float64)[..., None]
        shift = a if scaled else 0.0
        value = (6 * weights * np.exp(-a * np.cosh(t) + shift) * np.cosh(order * t)).sum(-1)
        return value.astype(x.dtype)
    return reference


def _samples(apply, reference, domain):
    low, high = domain

    def samples(rng):
        return [OpSample(apply, rng.uniform(low, high, (2, 3)), reference=reference,
                         second_order=True, rtol=1e-11, atol=1e-14),
                OpSample(apply, np.float32(rng.uniform(low, high, 4)), grad=(), rtol=1e-5,
                         atol=1e-6, reference=reference)]
    return samples


for _name, _apply, _reference, _domain in (
        ("BesselJ0", _j0, _j_reference(0), (-6.0, 6.0)),
        ("BesselJ1", _j1, _j_reference(1), (-6.0, 6.0)),
        ("BesselY0", _y0, None, (0.5, 6.0)), ("BesselY1", _y1, None, (0.5, 6.0)),
        ("BesselK0", _k0, _k_reference(0, False), (0.2, 6.0)),
        ("BesselK0e", _k0e, _k_reference(0, True), (0.2, 6.0)),
        ("BesselK1", _k1, _k_reference(1, False), (0.2, 6.0)),
        ("BesselK1e", _k1e, _k_reference(1, True), (0.2, 6.0))):
    get_op_def(_name).samples = _samples(_apply, _reference, _domain)


def _wronskian_sample(rng):
    """Y0 and Y1 through ``J1 Y0 - J0 Y1 = 2 / (pi x)`` (A&S 9.1.16) at small, middle and
    large x (the three methods of the kernel)."""
    x = np.array([0.3, 2.5, 3.9, 4.1, 17.0, 24.9, 25.1, 80.0])

    def check(values):
        y0, y1 = values
        np.testing.assert_allclose(_j_kernel(1)(x) * y0 - _j_kernel(0)(x) * y1,
                                   2 / (np.pi * x), rtol=1e-13)
    return OpSample(lambda t: [_y0(t), _y1(t)], x, validate=check, grad=())


_y1_samples = _samples(_y1, None, (0.5, 6.0))
get_op_def("BesselY1").samples = lambda rng: _y1_samples(rng) + [_wronskian_sample(rng)]


def bessel_j0(x, name=None):
    """The Bessel function of the first kind of order 0, elementwise."""
    return _j0(x, name=name)


def bessel_j1(x, name=None):
    """The Bessel function of the first kind of order 1 (odd), elementwise."""
    return _j1(x, name=name)


def bessel_y0(x, name=None):
    """The Bessel function of the second kind of order 0 (x > 0; -inf at 0, NaN below)."""
    return _y0(x, name=name)


def bessel_y1(x, name=None):
    """The Bessel function of the second kind of order 1 (x > 0; -inf at 0, NaN below)."""
    return _y1(x, name=name)


def bessel_k0(x, name=None):
    """The modified Bessel function of the second kind of order 0 (x > 0)."""
    return _k0(x, name=name)


def bessel_k0e(x, name=None):
    """``exp(x) K0(x)``: K0 scaled so that it does not underflow for large x."""
    return _k0e(x, name=name)


def bessel_k1(x, name=None):
    """The modified Bessel function of the second kind of order 1 (x > 0)."""
    return _k1(x, name=name)


def bessel_k1e(x, name=None):
    """``exp(x) K1(x)``, elementwise."""
    return _k1e(x, name=name)


__all__ = ["bessel_j0", "bessel_j1", "bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e",
           "bessel_y0", "bessel_y1"]
