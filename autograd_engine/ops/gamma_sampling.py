"""Gamma draws by inversion, and their derivative with respect to the shape ``alpha``.

A gamma sample here is ``x = P^-1(alpha, u)`` for a uniform ``u`` (``P``: the regularized lower
incomplete gamma function). Inversion makes the sample a smooth function of ``alpha`` for a
fixed ``u``, and its derivative ``dx/dalpha = -(dP/dalpha)(alpha, x) / p(x; alpha)`` is the
implicit reparameterization gradient TF1 gives ``tf.random_gamma`` (Figurnov et al., 2018).
All in float64 numpy on the host.

>>> x = gamma_from_uniform(np.array([2.0]), np.array([0.5]))
>>> round(float(x[0]), 6), round(float(lower_regularized_gamma(np.array([2.0]), x)[0]), 6)
(1.678347, 0.5)
"""
import math

import numpy as np

_LGAMMA = np.vectorize(math.lgamma, otypes=[np.float64])


def log_gamma(x):
    """``lgamma`` of each element (float64)."""
    return _LGAMMA(x)


def digamma(x):
    """The digamma function for positive ``x``: the recurrence up to 6, then its asymptotic
    series."""
    x = np.array(x, np.float64)
    shift = np.zeros_like(x)
    while True:
        small = x < 6.0
        if not small.any():
            break
        shift = shift - np.where(small, 1.0 / np.where(small, x, 1.0), 0.0)
        x = np.where(small, x + 1.0, x)
    inverse_square = 1.0 / (x * x)
    series = inverse_square * (1.0 / 12 - inverse_square * (1.0 / 120 - inverse_square * (
        1.0 / 252 - inverse_square * (1.0 / 240 - inverse_square / 132))))
    return shift + np.log(x) - 0.5 / x - series


def _series_terms(alpha, x):
    """The terms ``x^(a+n) e^-x / Gamma(a+n+1)``, n = 0..N, of ``P(a, x)``'s series, as
    ``[N, ...]`` (N large enough for the largest ``x``)."""
    largest = float(np.max(x)) if x.size else 0.0
    # the terms fall once n passes x - alpha: some standard deviations of x beyond that
    count = int(max(0.0, float(np.max(x - alpha)) if x.size else 0.0)
                + 10.0 * np.sqrt(largest) + 40)
    n = np.arange(count, dtype=np.float64).reshape((-1,) + (1,) * alpha.ndim)
    safe_x = np.maximum(x, 1e-300)
    # lgamma(a + n + 1) = lgamma(a + 1) + log(a + 1) + ... + log(a + n)
    log_factorials = log_gamma(alpha + 1.0) + np.concatenate(
        [np.zeros((1,) + alpha.shape), np.cumsum(np.log(alpha + n[1:]), axis=0)])
    logs = (alpha + n) * np.log(safe_x) - x - log_factorials
    return n, np.exp(logs)


def _series_sum(alpha, x, lgamma_alpha):
    """``P(alpha, x)``'s series for ``0 < x < alpha + 1``: each term is the one before times
    ``x / (alpha + n)``, so one exp per element."""
    count = int(10.0 * np.sqrt(float(np.max(x))) + 40) if x.size else 1
    ratios = x / (alpha + np.arange(1, count, dtype=np.float64).reshape(-1, 1))
    first = np.exp(alpha * np.log(x) - x - lgamma_alpha - np.log(alpha))
    return first * (1.0 + np.cumprod(ratios, axis=0).sum(axis=0))


def _upper_by_continued_fraction(alpha, x, lgamma_alpha):
    """``Q(alpha, x) = 1 - P(alpha, x)`` by its continued fraction (modified Lentz, as in
    Numerical Recipes' gcf): fast where ``x >= alpha + 1``, where the series is slow."""
    tiny = 1e-300
    b = x + 1.0 - alpha
    c = np.full_like(x, 1.0 / tiny)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, 1000):
        an = -i * (i - alpha)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < tiny, tiny, d)
        c = b + an / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        d = 1.0 / d
        step = d * c
        h = h * step
        if np.all(np.abs(step - 1.0) < 1e-15):
            break
    return np.exp(alpha * np.log(x) - x - lgamma_alpha) * h


def lower_regularized_gamma(alpha, x, lgamma_alpha=None):
    """``P(alpha, x)`` for positive ``alpha`` and ``x >= 0`` (0 at ``x = 0``): the series
    below ``alpha + 1``, one minus the continued fraction above (``lgamma_alpha``:
    ``lgamma(alpha)`` when the caller has it)."""
    alpha, x = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(x, np.float64))
    lgamma_alpha = log_gamma(alpha) if lgamma_alpha is None else lgamma_alpha
    out = np.zeros(x.shape)
    series = (x > 0) & (x < alpha + 1.0)
    fraction = x >= alpha + 1.0
    if series.any():
        out[series] = np.minimum(_series_sum(alpha[series], x[series],
                                             lgamma_alpha[series]), 1.0)
    if fraction.any():
        out[fraction] = 1.0 - _upper_by_continued_fraction(alpha[fraction], x[fraction],
                                                           lgamma_alpha[fraction])
    return out


def _density(alpha, x, lgamma_alpha=None):
    lgamma_alpha = log_gamma(alpha) if lgamma_alpha is None else lgamma_alpha
    return np.exp((alpha - 1.0) * np.log(np.maximum(x, 1e-300)) - x - lgamma_alpha)


def gamma_from_uniform(alpha, u):
    """``P^-1(alpha, u)``: Newton's method from Numerical Recipes' starting point, in float64."""
    with np.errstate(all="ignore"):  # the branch np.where does not pick may overflow
        return _invert(alpha, u)


def _invert(alpha, u):
    alpha, u = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(u, np.float64))
    shape = alpha.shape
    big = alpha > 1.0
    tail = np.where(u < 0.5, u, 1.0 - u)
    t = np.sqrt(-2.0 * np.log(np.maximum(tail, 1e-300)))
    z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
    z = np.where(u < 0.5, -z, z)
    safe_alpha = np.maximum(alpha, 1e-300)
    start_big = np.maximum(1e-3, alpha * (1.0 - 1.0 / (9.0 * safe_alpha)
                                          - z / (3.0 * np.sqrt(safe_alpha))) ** 3)
    knee = 1.0 - alpha * (0.253 + alpha * 0.12)
    start_small = np.where(u < knee, (u / knee) ** (1.0 / safe_alpha),
                           1.0 - np.log(np.maximum(1.0 - (u - knee) / (1.0 - knee), 1e-300)))
    x = np.where(big, start_big, start_small).reshape(-1)
    alpha, u = alpha.reshape(-1), u.reshape(-1)
    lgammas = log_gamma(alpha)
    active = np.arange(x.size)
    for _ in range(60):  # Newton-Halley steps on the elements not yet converged
        a, v, at, lg = alpha[active], u[active], x[active], lgammas[active]
        step = (lower_regularized_gamma(a, at, lg) - v) / np.maximum(_density(a, at, lg),
                                                                      1e-300)
        # Halley's correction, damped as in Numerical Recipes' invgammp
        step = step / (1.0 - 0.5 * np.minimum(1.0, step * ((a - 1.0) / np.maximum(at, 1e-300)
                                                          - 1.0)))
        moved = at - step
        x[active] = np.where(moved <= 0, 0.5 * at, moved)
        active = active[np.abs(step) > 1e-12 * np.maximum(x[active], 1e-300)]
        if not active.size:
            break
    return x.reshape(shape)


def gamma_sample_derivative(alpha, x):
    """``dx/dalpha`` of the gamma sample ``x`` of shape ``alpha`` (the implicit
    reparameterization gradient)."""
    alpha, x = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(x, np.float64))
    n, terms = _series_terms(alpha, x)
    log_x = np.log(np.maximum(x, 1e-300))
    d_alpha = (terms * (log_x - digamma(alpha + n + 1.0))).sum(axis=0)
    return np.where(x > 0, -d_alpha / np.maximum(_density(alpha, x), 1e-300), 0.0)


__all__ = ["log_gamma", "digamma", "lower_regularized_gamma", "gamma_from_uniform",
           "gamma_sample_derivative"]
