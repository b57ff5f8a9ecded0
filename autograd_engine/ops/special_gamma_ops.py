"""The incomplete gamma and beta functions and the Hurwitz zeta function: ``igamma``,
``igammac``, ``betainc`` and ``zeta``, with TF's gradients (``igamma``'s in ``a`` too, through
TF's IgammaGradA op; none for betainc's shape parameters or zeta's exponent, as in TF).

numpy has none of these, and scipy is not a dependency: igamma and betainc are computed in float64
from their series and continued fractions (the methods of Numerical Recipes, modified Lentz),
host-only since they need ``math.lgamma`` per element; zeta by Euler-Maclaurin summation, as
array code that runs on a device. Each is checked against TensorFlow's values in
``tests/test_special.py`` and against independent quadratures in its conformance samples.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     round(float(sess.run(tf.math.igamma(0.5, 1.0))), 6)  # erf(1)
0.842701
"""
import math
from fractions import Fraction

import numpy as np

from .broadcast_ops import reduce_to_input_shape
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import exp, log
from .op_families import define_binary
from .op_samples import OpSample, positive, unit_interval
from .registry import OpDef, get_op_def, make_tensor, register
from .shape_rules import broadcast_shape
from .special_math_ops import lgamma, polygamma_kernel


# ================================================================== igamma, igammac
_EPSILON = 1e-16
_TINY = 1e-300
_MAX_TERMS = 5000
_lgamma_each = np.frompyfunc(lambda v: math.lgamma(v) if v > 0 else math.inf, 1, 1)
_digamma64 = polygamma_kernel(0)(np)


def _lgamma64(t):
    return np.asarray(_lgamma_each(t), np.float64)  # a Python float for 0-d


def _until_converged(state, step, active):
    """Runs ``step(state, n, active)`` for n = 1, 2, ... on the elements still ``active`` (a
    mask it returns updated) until none is, or _MAX_TERMS."""
    for n in range(1, _MAX_TERMS):
        if not active.any():
            break
        active = step(state, n, active)
    return state


def _gamma_series(a, x):
    """``sum_n x^n / (a (a+1) ... (a+n))`` and its derivative in ``a``."""
    term = 1 / a
    state = {"term": term, "sum": term.copy(), "dterm": -term / a, "dsum": -term / a,
             "harmonic": 1 / a}

    def step(st, n, active):
        st["harmonic"] = st["harmonic"] + 1 / (a + n)
        st["term"] = np.where(active, st["term"] * x / (a + n), 0.0)
        st["sum"] = st["sum"] + st["term"]
        st["dsum"] = st["dsum"] - st["term"] * st["harmonic"]
        return active & ((np.abs(st["term"]) > _EPSILON * np.abs(st["sum"])) | (n < x))
    state = _until_converged(state, step, np.ones(a.shape, bool))
    return state["sum"], state["dsum"]


def _gamma_continued_fraction(a, x):
    """Q(a, x) / (x^a e^-x / Gamma(a)) by the modified Lentz method (converges for x > a + 1)."""
    b = x + 1 - a
    state = {"b": b, "c": np.full(a.shape, 1 / _TINY), "d": 1 / b, "h": 1 / b}

    def step(st, n, active):
        an = -n * (n - a)
        st["b"] = st["b"] + 2
        d = an * st["d"] + st["b"]
        d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
        c = st["b"] + an / st["c"]
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        delta = np.where(active, d * c, 1.0)
        st["d"], st["c"], st["h"] = d, c, st["h"] * delta
        return active & (np.abs(delta - 1) > _EPSILON)
    return _until_converged(state, step, np.ones(a.shape, bool))["h"]


def _igamma64(a, x):
    """(P, Q): the regularized lower and upper incomplete gamma functions in float64, by the
    series where x < a + 1 and the continued fraction beyond (relative error about 1e-14 up to
    a, x of a few thousand); NaN outside a > 0, x >= 0."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    with np.errstate(all="ignore"):
        bad = ~((a > 0) & (x >= 0))
        a_ok, x_ok = np.where(bad, 1.0, a), np.where(bad | (x == 0), 1.0, x)
        log_prefix = a_ok * np.log(x_ok) - x_ok - _lgamma64(a_ok)
        use_series = x_ok < a_ok + 1
        series, _ = _gamma_series(np.where(use_series, a_ok, 1.0),
                                  np.where(use_series, x_ok, 0.5))
        fraction = _gamma_continued_fraction(np.where(use_series, 1.0, a_ok),
                                             np.where(use_series, 3.0, x_ok))
        p_series = np.exp(log_prefix) * series
        q_fraction = np.exp(log_prefix) * fraction
        p = np.where(use_series, p_series, 1 - q_fraction)
        q = np.where(use_series, 1 - p_series, q_fraction)
        p = np.where(x == 0, 0.0, np.where(x == np.inf, 1.0, p))
        q = np.where(x == 0, 1.0, np.where(x == np.inf, 0.0, q))
        return np.where(bad, np.nan, p), np.where(bad, np.nan, q)


def _igamma_grad_a64(a, x):
    """dP(a, x)/da from the series of P differentiated term by term."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    with np.errstate(all="ignore"):
        bad = ~((a > 0) & (x > 0) & np.isfinite(x))
        a_ok, x_ok = np.where(bad, 1.0, a), np.where(bad, 1.0, x)
        total, derivative = _gamma_series(a_ok, x_ok)
        prefix = np.exp(a_ok * np.log(x_ok) - x_ok - _lgamma64(a_ok))
        value = prefix * (total * (np.log(x_ok) - _digamma64(a_ok)) + derivative)
        value = np.where((x == 0) | (x == np.inf), 0.0, value)
        return np.where(bad & ~((x == 0) | (x == np.inf)), np.nan, value)


def _binary_float64(function):
    def forward(xp):
        def kernel(a, x):
            return function(a, x).astype(np.result_type(a, x), copy=False)
        return kernel
    return forward


def _x_density(a, x):
    """``x^(a-1) e^-x / Gamma(a)``: dP/dx."""
    return exp((a - 1) * log(x) - x - lgamma(a))


_igamma = define_binary("Igamma", _binary_float64(lambda a, x: _igamma64(a, x)[0]),
                        lambda a, x, z, g: (g * _igamma_grad_a(a, x), g * _x_density(a, x)),
                        allowed=lambda d: d.is_floating)
_igammac = define_binary("Igammac", _binary_float64(lambda a, x: _igamma64(a, x)[1]),
                         lambda a, x, z, g: (-g * _igamma_grad_a(a, x), -g * _x_density(a, x)),
                         allowed=lambda d: d.is_floating)
_igamma_grad_a = define_binary("IgammaGradA", _binary_float64(_igamma_grad_a64),
                               allowed=lambda d: d.is_floating)
for _name in ("Igamma", "Igammac", "IgammaGradA"):
    get_op_def(_name).host_only = True


def _igamma_reference(a, x, upper=False):
    """P (or Q) in closed form for integer and half-integer ``a``, an independent check:
    ``P(n, x) = 1 - e^-x sum_{k<n} x^k / k!`` and ``P(n + 1/2, x) = erf(sqrt(x)) -
    e^-x sum_{k<n} x^(k+1/2) / Gamma(k + 3/2)``."""
    def each(a, x):
        if a == int(a):
            lower = 1 - math.exp(-x) * sum(x ** k / math.factorial(k) for k in range(int(a)))
        else:
            lower = math.erf(math.sqrt(x)) - math.exp(-x) * sum(
                x ** (k + 0.5) / math.gamma(k + 1.5) for k in range(int(a)))
        return 1 - lower if upper else lower
    return np.vectorize(each, otypes=[np.float64])(a, x)


def _half_integers(rng, *shape):
    return rng.integers(1, 9, shape) / 2.0


def _igamma_samples(apply, upper):
    def samples(rng):
        def reference(a, x):
            return _igamma_reference(a, x, upper).astype(a.dtype)
        return [OpSample(apply, _half_integers(rng, 2, 3),
                         positive(rng, 2, 3, low=0.2, high=6.0), reference=reference,
                         rtol=1e-12),
                OpSample(apply, _half_integers(rng, 3, 1),
                         positive(rng, 1, 4, low=0.5, high=5.0), reference=reference,
                         rtol=1e-12),
                OpSample(apply, np.array([2.0, 1.0, -1.0, 3.0, 0.5]),
                         np.array([0.0, np.inf, 1.0, -1.0, 1e-3]), grad=(),
                         reference=lambda a, x: _igamma64(a, x)[int(upper)])]
    return samples


get_op_def("Igamma").samples = _igamma_samples(_igamma, False)
get_op_def("Igammac").samples = _igamma_samples(_igammac, True)
get_op_def("IgammaGradA").samples = lambda rng: [OpSample(
    _igamma_grad_a, np.array([0.7, 1.5, 3.0, 8.0]), np.array([0.4, 2.0, 3.5, 4.0]),
    reference=lambda a, x: (_igamma64(a + 1e-6, x)[0] - _igamma64(a - 1e-6, x)[0]) / 2e-6,
    rtol=1e-6)]


def igamma(a, x, name=None):
    """The regularized lower incomplete gamma function ``P(a, x) = gamma(a, x) / Gamma(a)``,
    elementwise with broadcasting; gradients in both ``a`` and ``x`` as in TF.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.igamma(1.0, 2.0))), 6)  # 1 - exp(-2)
    0.864665
    """
    return _igamma(a, x, name=name)


def igammac(a, x, name=None):
    """The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``, accurate
    where it is small.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     "%.6e" % float(sess.run(tf.math.igammac(tf.constant(1.0, tf.float64), 40.0)))
    '4.248354e-18'
    """
    return _igammac(a, x, name=name)


# ================================================================== betainc
def _beta_continued_fraction(a, b, x):
    """The continued fraction of I_x(a, b) (modified Lentz), for x < (a + 1) / (a + b + 2)."""
    qab, qap, qam = a + b, a + 1, a - 1
    d = 1 - qab * x / qap
    d = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
    state = {"c": np.ones_like(a), "d": d, "h": d}

    def step(st, m, active):
        def lentz(coefficient):
            d = 1 + coefficient * st["d"]
            st["d"] = 1 / np.where(np.abs(d) < _TINY, _TINY, d)
            c = 1 + coefficient / st["c"]
            st["c"] = np.where(np.abs(c) < _TINY, _TINY, c)
            return st["d"] * st["c"]
        m2 = 2 * m
        even = lentz(m * (b - m) * x / ((qam + m2) * (a + m2)))
        odd = lentz(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)))
        delta = np.where(active, even * odd, 1.0)
        st["h"] = st["h"] * delta
        return active & (np.abs(odd - 1) > _EPSILON)
    return _until_converged(state, step, np.ones(a.shape, bool))["h"]


def _betainc64(a, b, x):
    """The regularized incomplete beta function I_x(a, b) in float64 (relative error about
    1e-14 for a, b up to a few thousand); NaN outside a, b > 0 and 0 <= x <= 1."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, np.float64) for v in (a, b, x)))
    with np.errstate(all="ignore"):
        bad = ~((a > 0) & (b > 0) & (x >= 0) & (x <= 1))
        edge = (x == 0) | (x == 1)
        a_ok, b_ok = np.where(bad, 1.0, a), np.where(bad, 1.0, b)
        x_ok = np.where(bad | edge, 0.5, x)
        log_front = (_lgamma64(a_ok + b_ok) - _lgamma64(a_ok) - _lgamma64(b_ok)
                     + a_ok * np.log(x_ok) + b_ok * np.log1p(-x_ok))
        direct = x_ok < (a_ok + 1) / (a_ok + b_ok + 2)
        fraction = _beta_continued_fraction(np.where(direct, a_ok, b_ok),
                                            np.where(direct, b_ok, a_ok),
                                            np.where(direct, x_ok, 1 - x_ok))
        front = np.exp(log_front)
        value = np.where(direct, front * fraction / a_ok, 1 - front * fraction / b_ok)
        value = np.where(x == 0, 0.0, np.where(x == 1, 1.0, value))
        return np.where(bad, np.nan, value)


class BetaincOp(OpDef):
    """``betainc(a, b, x)``, three same-dtype floating inputs broadcast together; TF's gradient
    in ``x`` only (``x^(a-1) (1-x)^(b-1) / B(a, b)``), None for ``a`` and ``b``."""
    type_name = "Betainc"
    host_only = True

    def infer(self, op):
        dtypes_ = {t.dtype for t in op.inputs}
        if len(dtypes_) > 1:
            raise TypeError("Inputs 'a', 'b' and 'x' of 'Betainc' Op must share one dtype, got "
                            "%s" % ", ".join(t.dtype.name for t in op.inputs))
        dtype = op.inputs[0].dtype
        if not dtype.is_floating:
            raise TypeError("Value passed to parameter 'a' has DataType %s not in list of "
                            "allowed values: float32, float64" % dtype.name)
        return [(dtype, broadcast_shape(*op.inputs))]

    def kernel(self, op, ctx):
        dtype = op.outputs[0].dtype.np_dtype
        return lambda a, b, x: _betainc64(a, b, x).astype(dtype, copy=False)

    def gradient(self, op, grad):
        a, b, x = op.inputs
        log_density = (a - 1) * log(x) + (b - 1) * log(1 - x) - (lgamma(a) + lgamma(b)
                                                                  - lgamma(a + b))
        return [None, None, reduce_to_input_shape(grad * exp(log_density), x, [a, b])]

    def samples(self, rng):
        def reference(a, b, x):
            """I_x(a, b) for integer a and b: the binomial tail ``sum_{j >= a} C(n, j)
            x^j (1-x)^(n-j)``, n = a + b - 1 (an independent check)."""
            def each(a, b, x):
                n = int(a + b - 1)
                return sum(math.comb(n, j) * x ** j * (1 - x) ** (n - j)
                           for j in range(int(a), n + 1))
            return np.vectorize(each, otypes=[np.float64])(a, b, x)
        def integers(*shape):
            return rng.integers(1, 7, shape).astype(np.float64)
        return [OpSample(betainc, integers(2, 3), integers(2, 3), unit_interval(rng, 2, 3),
                         reference=reference, grad=(2,), rtol=1e-12),
                OpSample(betainc, np.float64(2.0), integers(3), unit_interval(rng, 2, 1),
                         reference=reference, grad=(2,), rtol=1e-12),
                OpSample(betainc, np.array([1.0, 2.0, -1.0, 2.0]), np.array([1.0, 3.0, 1.0, 2.0]),
                         np.array([0.0, 1.0, 0.5, 1.5]), grad=(),
                         reference=lambda a, b, x: np.array([0.0, 1.0, np.nan, np.nan]))]


register(BetaincOp)


def betainc(a, b, x, name=None):
    """The regularized incomplete beta function ``I_x(a, b)``, elementwise with broadcasting;
    as in TF, only ``x`` has a gradient.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.betainc(2.0, 3.0, 0.5))), 6)
    0.6875
    """
    a, b, x = (convert_to_tensor(v) for v in (a, b, x))
    return make_tensor("Betainc", (a, b, x), None, name)


# ================================================================== zeta
def _bernoulli_even(count):
    """B_2, B_4, ..., B_2count, from the recurrence ``sum_k C(m+1, k) B_k = 0``."""
    numbers = [Fraction(1)]
    for m in range(1, 2 * count + 1):
        numbers.append(-sum(math.comb(m + 1, k) * numbers[k] for k in range(m)) / (m + 1))
    return [float(numbers[2 * j]) for j in range(1, count + 1)]


# B_2j / (2j)!: the Euler-Maclaurin coefficients of zeta's tail
_ZETA_TAIL = [b / math.factorial(2 * j) for j, b in enumerate(_bernoulli_even(12), 1)]
_ZETA_TERMS = 12            # sum the first terms directly, then Euler-Maclaurin


def _zeta_kernel(xp):
    """Hurwitz zeta ``sum_k (q + k)^-s`` by Euler-Maclaurin: twelve terms summed, the tail as
    an integral plus 12 Bernoulli corrections (relative error below 1e-15 for s > 1, q > 0).
    inf at s = 1, NaN for s < 1 or q <= 0 (TF's domain, where cephes also gives NaN)."""
    def zeta(s_in, q_in):
        with np.errstate(all="ignore"):
            s, q = s_in.astype(np.float64), q_in.astype(np.float64)
            total = xp.zeros(xp.broadcast(s, q).shape if hasattr(xp, "broadcast") else
                             (s + q).shape)
            for k in range(_ZETA_TERMS):
                total = total + (q + k) ** -s
            w = q + _ZETA_TERMS
            total = total + w ** (1 - s) / (s - 1) + 0.5 * w ** -s
            factor = s * w ** (-s - 1)
            for j, coefficient in enumerate(_ZETA_TAIL):
                total = total + coefficient * factor
                factor = factor * (s + 2 * j + 1) * (s + 2 * j + 2) / (w * w)
            total = xp.where(s == 1, np.inf, total)
            total = xp.where((s < 1) | (q <= 0), np.nan, total)
        return total.astype(s_in.dtype, copy=False)
    return zeta


_zeta = define_binary("Zeta", _zeta_kernel,
                      lambda s, q, z, g: (None, -g * s * _zeta(s + 1, q)),
                      allowed=lambda d: d.is_floating)


def _zeta_reference(s, q):
    """sum_{k < 20000} (q + k)^-s plus the integral of the rest and half its first term."""
    k = np.arange(20000.0)
    s64, q64 = np.broadcast_arrays(s.astype(np.float64), q.astype(np.float64))
    direct = ((q64[..., None] + k) ** -s64[..., None]).sum(-1)
    w = q64 + 20000
    return (direct + w ** (1 - s64) / (s64 - 1) + 0.5 * w ** -s64).astype(s.dtype)


get_op_def("Zeta").samples = lambda rng: [
    OpSample(_zeta, positive(rng, 2, 3, low=1.5, high=5.0), positive(rng, 2, 3, low=0.3,
                                                                     high=4.0),
             reference=_zeta_reference, grad=(1,), second_order=True, rtol=1e-10),
    OpSample(_zeta, np.array([2.0, 1.0, 0.5, 3.0]), np.array([1.0, 2.0, 1.0, -1.0]),
             reference=lambda s, q: np.array([np.pi ** 2 / 6, np.inf, np.nan, np.nan]),
             grad=(), rtol=1e-14)]


def zeta(x, q, name=None):
    """The Hurwitz zeta function ``sum_k (q + k)^-x``, elementwise with broadcasting; as in
    TF, only ``q`` has a gradient (``-x zeta(x + 1, q)``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.zeta(2.0, 1.0))), 6)  # pi^2 / 6
    1.644934
    """
    return _zeta(x, q, name=name)


__all__ = ["betainc", "igamma", "igammac", "zeta"]
