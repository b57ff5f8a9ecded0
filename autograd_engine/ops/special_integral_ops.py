"""The integral functions of ``tf.math.special``: Dawson's integral ``dawsn``, the exponential
integral ``expint`` (Ei), the Fresnel integrals ``fresnel_cos``/``fresnel_sin`` and Spence's
function ``spence`` (the dilogarithm ``Li2(1 - x)``), each with TF's gradient.

numpy has none of them and scipy is not a dependency: each is computed in float64 on the host
from its defining integral by composite Gauss-Legendre quadrature where the integrand is smooth
on a short interval, and from power series or asymptotic expansions elsewhere (stated per
function). Checked against TensorFlow's values in ``tests/test_special.py``.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     round(float(sess.run(tf.math.special.dawsn(1.0))), 5)
0.53808
"""
import math

import numpy as np

from .array_ops import ones_like
from .elementwise_binary_ops import equal, where
from .elementwise_unary_ops import cos, exp, log, sin, square
from .op_families import define_unary
from .op_samples import OpSample
from .registry import get_op_def

# Composite Gauss-Legendre: 8 panels of 32 points. (One rule of 200 points is less accurate
# for steep integrands: numpy's nodes and weights near the ends carry errors of 1e-13.)
_PANELS = 8
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_PANEL_NODES = ((np.arange(_PANELS)[:, None] + (_NODES + 1) / 2) / _PANELS).reshape(-1)
_PANEL_WEIGHTS = np.tile(_WEIGHTS / 2, _PANELS) / _PANELS
_EULER_GAMMA = 0.5772156649015329


def integrate(integrand, low, high):
    """``int_low^high integrand(t) dt`` for each element (composite Gauss-Legendre, 256
    points)."""
    low, high = low[..., None], high[..., None]
    width = high - low
    return (width * _PANEL_WEIGHTS * integrand(low + width * _PANEL_NODES)).sum(-1)


def _dawsn(x):
    """``D(x) = int_0^x exp(t^2 - x^2) dt``: for |x| <= 10 as ``int_0^V exp(-v (2|x| - v)) dv``
    (t = |x| - v), V = min(|x|, 45/|x|) beyond which the integrand is below 1e-19 of its start;
    beyond 10 the expansion ``1/(2x) sum_k (2k-1)!! / (2x^2)^k`` (smallest term below 1e-40)."""
    a = np.abs(x)
    near = np.minimum(a, 10.0)
    top = np.minimum(near, 45.0 / np.maximum(near, 1e-300))
    value = integrate(lambda v: np.exp(-v * (2 * near[..., None] - v)), np.zeros_like(a), top)
    far = np.maximum(a, 10.0)
    term, expansion = np.ones_like(a), np.ones_like(a)
    for k in range(1, 60):
        term = term * (2 * k - 1) / (2 * far * far)
        expansion = expansion + term
    value = np.where(a <= 10.0, value, expansion / (2 * far))
    return np.where(x < 0, -value, value)


def _expint(x):
    """Ei(x): for 0 < x <= 40 ``gamma + ln x + sum x^k / (k k!)`` (positive terms), beyond
    it ``e^x / x sum k! / x^k`` (smallest term below 1e-16); for x < 0 ``-E1(-x)``, by its
    series up to |x| = 1 and its continued fraction (modified Lentz) beyond; -inf at 0."""
    with np.errstate(all="ignore"):
        small = np.clip(x, -1.0, 40.0)
        term, total = np.ones_like(x), np.zeros_like(x)
        for k in range(1, 160):
            term = term * small / k
            total = total + term / k
        series = _EULER_GAMMA + np.log(np.abs(small)) + total
        large = np.maximum(x, 40.0)
        term, expansion = np.ones_like(x), np.ones_like(x)
        for k in range(1, 45):
            term = term * k / large
            expansion = expansion + term
        asymptotic = np.exp(large) / large * expansion
        z = np.maximum(-x, 1.0)  # E1(z) by its continued fraction, z > 1
        b = z + 1
        c, d = np.full_like(z, 1e300), 1 / b
        h = d
        for i in range(1, 200):
            an = -i * i
            b = b + 2
            d = 1 / (an * d + b)
            c = b + an / c
            h = h * c * d
        fraction = -h * np.exp(-z)
        value = np.where(x > 40, asymptotic, np.where(x >= -1, series, fraction))
        return np.where(x == 0, -np.inf, value)


def _fresnel_asymptotic(x):
    """(f, g) of the Fresnel integrals' auxiliary functions for x >= 5 (A&S 7.3.27-28)."""
    u = 1 / (np.pi * x * x)
    f, g = np.ones_like(x), np.ones_like(x)
    f_term, g_term = np.ones_like(x), np.ones_like(x)
    for m in range(1, 30):
        f_term = -f_term * (4 * m - 1) * (4 * m - 3) * u * u
        g_term = -g_term * (4 * m + 1) * (4 * m - 1) * u * u
        f, g = f + f_term, g + g_term
    return f / (np.pi * x), g * u / (np.pi * x)


def _fresnel(x, trigonometric, sign):
    """``int_0^x trig(pi t^2 / 2) dt``, by quadrature for |x| <= 5 and the auxiliary
    functions beyond (their expansions' smallest term is below 1e-20 there)."""
    a = np.abs(x)
    near = np.minimum(a, 5.0)
    value = integrate(lambda t: trigonometric(np.pi * t * t / 2), np.zeros_like(a), near)
    far = np.maximum(a, 5.0)
    f, g = _fresnel_asymptotic(far)
    phase = np.pi * far * far / 2
    if trigonometric is np.cos:
        asymptotic = 0.5 + f * np.sin(phase) - g * np.cos(phase)
    else:
        asymptotic = 0.5 - f * np.cos(phase) - g * np.sin(phase)
    value = np.where(a <= 5.0, value, asymptotic)
    return np.where(x < 0, -value, value)


def _spence(x):
    """``int_1^x ln t / (1 - t) dt`` (scipy's spence, ``Li2(1 - x)``) for x >= 0: below 1/2
    by the reflection ``pi^2/6 - ln x ln(1 - x) - Li2(x)`` with Li2's series, above by
    quadrature in ``u = ln t`` of ``u / expm1(-u)``; NaN below 0."""
    with np.errstate(all="ignore"):
        small = np.clip(x, 0.0, 0.5)
        power, dilog = np.ones_like(x), np.zeros_like(x)
        for k in range(1, 70):
            power = power * small
            dilog = dilog + power / (k * k)
        reflected = np.pi ** 2 / 6 - np.where(small > 0, np.log(small) * np.log1p(-small), 0.0) \
            - dilog
        top = np.log(np.maximum(x, 0.5))
        quadrature = integrate(lambda u: u / np.expm1(-u), np.zeros_like(x), top)
        value = np.where(x < 0.5, reflected, np.where(x == 1, 0.0, quadrature))
        return np.where((x < 0) | np.isnan(x), np.nan, value)


def _host_float64(function):
    def forward(xp):
        def kernel(x):
            with np.errstate(all="ignore"):
                return np.asarray(function(x.astype(np.float64))).astype(x.dtype, copy=False)
        return kernel
    return forward


def _define(type_name, function, grad):
    apply = define_unary(type_name, _host_float64(function), grad)
    get_op_def(type_name).host_only = True
    return apply


_dawsn_op = _define("Dawsn", _dawsn, lambda x, y, g: g * (1 - 2 * x * y))
_expint_op = _define("Expint", _expint, lambda x, y, g: g * exp(x) / x)
_fresnel_cos_op = _define("FresnelCos", lambda x: _fresnel(x, np.cos, 1),
                          lambda x, y, g: g * cos(np.pi / 2 * square(x)))
_fresnel_sin_op = _define("FresnelSin", lambda x: _fresnel(x, np.sin, 1),
                          lambda x, y, g: g * sin(np.pi / 2 * square(x)))
_spence_op = _define("Spence", _spence, lambda x, y, g: g * where(
    equal(x, 1.0), -ones_like(x), log(x) / (1 - where(equal(x, 1.0), 0.0 * x, x))))


# ------------------------------------------------------------------ independent references
def _by_series(kind):
    """Power series summed in exact rational steps of Python floats, for |x| small enough
    that they do not cancel: independent of the quadratures above."""
    def each(v):
        total, k = 0.0, 0
        while True:
            if kind == "dawsn":  # sum (-1)^k 2^k x^(2k+1) / (2k+1)!!
                term = (-2) ** k * v ** (2 * k + 1) / math.prod(range(1, 2 * k + 2, 2))
            elif kind == "expint":
                term = v ** (k + 1) / ((k + 1) * math.factorial(k + 1))
            elif kind == "spence":  # Li2(1 - v) = sum (1 - v)^k / k^2
                term = (1 - v) ** (k + 1) / (k + 1) ** 2
            else:  # C and S: sum (-1)^k (pi/2)^(2k+s) x^(4k+2s+1) / ((2k+s)! (4k+2s+1))
                s = 0 if kind == "cos" else 1
                n = 2 * k + s
                term = (-1) ** k * (np.pi / 2) ** n * v ** (2 * n + 1) / (
                    math.factorial(n) * (2 * n + 1))
            total += term
            k += 1
            if abs(term) < 1e-18 * max(abs(total), 1e-300) or k > 400:
                break
        return total + (_EULER_GAMMA + math.log(v) if kind == "expint" else 0.0)
    return lambda x: np.vectorize(each, otypes=[np.float64])(x).astype(x.dtype)


def _samples(apply, values, reference):
    def samples(rng):
        return [OpSample(apply, values(rng, 2, 3), reference=reference, second_order=True,
                         rtol=1e-12, atol=1e-15),
                OpSample(apply, values(rng, 4).astype(np.float32), reference=reference,
                         grad=(), rtol=1e-6)]
    return samples


for _name, _apply, _values, _reference in (
        ("Dawsn", _dawsn_op, lambda rng, *s: rng.uniform(-2, 2, s), _by_series("dawsn")),
        ("Expint", _expint_op, lambda rng, *s: rng.uniform(0.2, 5, s), _by_series("expint")),
        ("FresnelCos", _fresnel_cos_op, lambda rng, *s: rng.uniform(-1.5, 1.5, s),
         _by_series("cos")),
        ("FresnelSin", _fresnel_sin_op, lambda rng, *s: rng.uniform(-1.5, 1.5, s),
         _by_series("sin")),
        ("Spence", _spence_op, lambda rng, *s: rng.uniform(0.6, 1.6, s), _by_series("spence"))):
    get_op_def(_name).samples = _samples(_apply, _values, _reference)


def dawsn(x, name=None):
    """Dawson's integral ``exp(-x^2) int_0^x exp(t^2) dt``, elementwise (odd)."""
    return _dawsn_op(x, name=name)


def expint(x, name=None):
    """The exponential integral ``Ei(x) = -int_-x^inf exp(-t) / t dt`` (principal value),
    elementwise; -inf at 0.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.special.expint(1.0))), 6)
    1.895118
    """
    return _expint_op(x, name=name)


def fresnel_cos(x, name=None):
    """The Fresnel cosine integral ``int_0^x cos(pi t^2 / 2) dt``, elementwise (odd)."""
    return _fresnel_cos_op(x, name=name)


def fresnel_sin(x, name=None):
    """The Fresnel sine integral ``int_0^x sin(pi t^2 / 2) dt``, elementwise (odd)."""
    return _fresnel_sin_op(x, name=name)


def spence(x, name=None):
    """Spence's function ``int_1^x ln t / (1 - t) dt`` (``Li2(1 - x)``) for x >= 0: pi^2/6 at 0,
    0 at 1, NaN for negative x."""
    return _spence_op(x, name=name)


__all__ = ["dawsn", "expint", "fresnel_cos", "fresnel_sin", "integrate", "spence"]
