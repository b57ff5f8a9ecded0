"""TF1's rounding and division variants, elementwise: ``rint`` (halves to even), truncated
division (``truncatediv``, ``truncatemod``: C's rounding toward zero) and the zero-safe
``xdivy``/``xlogy`` (0 where x is 0), each one registration in a family of :mod:`math_ops`,
with TF1's gradient where it has one and its conformance samples.
"""
import math

import numpy as np

from .elementwise_binary_ops import not_equal
from .elementwise_unary_ops import cast, negative, square
from .op_families import define_binary, define_unary
from .op_samples import (BROADCAST_SHAPES, OpSample, away_from_zero, by_element, normal, positive,
                         unary_samples)
from .registry import get_op_def


# ================================================================== rint, truncated division
_rint = define_unary("Rint", lambda xp: xp.rint)  # piecewise constant: no gradient, as in TF1


def _half_to_even_reference(x):
    """The nearest integer from ``floor``: up past a half, and at a half when floor is odd."""
    low = np.floor(x)
    fraction = x - low
    return low + ((fraction > 0.5) | ((fraction == 0.5) & (low % 2 == 1)))


get_op_def("Rint").samples = unary_samples(
    _rint, lambda rng, *shape: 3 * normal(rng, *shape), _half_to_even_reference,
    [-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 2.0 ** 52 - 0.5, 1e300])


def rint(x, name=None):
    """The integer nearest to each element (halves to the even neighbour), as a float.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.rint([-1.5, -0.5, 0.5, 1.5, 1.7])).tolist()
    [-2.0, -0.0, 0.0, 2.0, 2.0]
    """
    return _rint(x, name=name)


def _truncatediv_kernel(xp):
    def truncatediv(x, y):
        quotient = xp.floor_divide(x, y)
        # Floor and truncation differ by one where the division is inexact and the signs differ.
        inexact_negative = (xp.remainder(x, y) != 0) & ((x < 0) != (y < 0))
        return quotient + inexact_negative.astype(quotient.dtype)
    return truncatediv


def _truncatemod_kernel(xp):
    def truncatemod(x, y):
        return xp.fmod(x, y)
    return truncatemod


_truncatediv = define_binary("TruncateDiv", _truncatediv_kernel, allowed=lambda d: d.is_integer,
                             integer_division=True)
_truncatemod = define_binary("TruncateMod", _truncatemod_kernel,
                             allowed=lambda d: d.is_integer or d.is_floating,
                             integer_division=True)


def _truncated_quotient(x, y):
    """The quotient of the magnitudes, negated where the signs differ."""
    quotient = np.abs(x) // np.abs(y)
    return np.where((x < 0) != (y < 0), -quotient, quotient)


def _integer_operands(rng, x_shape, y_shape, dtype):
    """Dividends of both signs (zero included) and nonzero divisors of both signs."""
    divisors = rng.integers(1, 6, y_shape) * rng.choice([-1, 1], y_shape)
    return rng.integers(-20, 21, x_shape).astype(dtype), divisors.astype(dtype)


def _truncated_division_samples(apply, reference, float_edges):
    """Broadcasting int32 and int64 pairs, then ``float_edges`` (x, y) when the op takes floats,
    else int64 beyond float64's exact integers; no gradients (integers, or a sawtooth)."""
    def samples(rng):
        pairs = [_integer_operands(rng, *shapes, dtype)
                 for shapes, dtype in zip(BROADCAST_SHAPES[1:4], (np.int32, np.int64, np.int32))]
        edges = float_edges or (np.int64([2 ** 62 + 1, -2 ** 62 - 1, 7, -7, 0]),
                                np.int64([3, 3, -2, -2, -9]))
        return [OpSample(apply, x, y, reference=reference) for x, y in pairs + [edges]]
    return samples


get_op_def("TruncateDiv").samples = _truncated_division_samples(
    _truncatediv, _truncated_quotient, None)
get_op_def("TruncateMod").samples = _truncated_division_samples(
    _truncatemod, by_element(math.fmod),
    (np.float64([-7.5, 7.5, 0.0, -0.0, 1e300, 0.3]), np.float64([2.0, -2.0, 3.0, 3.0, 7.0, 0.1])))


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


_xdivy = define_binary("Xdivy", _zero_where_x_is(lambda xp, x, y: x / y),
                       lambda x, y, z, g: (g * xdivy(_nonzero_indicator(x), y),
                                           g * xdivy(negative(x), square(y))),
                       allowed=lambda d: d.is_floating)
_xlogy = define_binary("Xlogy", _zero_where_x_is(lambda xp, x, y: x * xp.log(y)),
                       lambda x, y, z, g: (g * xlogy(_nonzero_indicator(x), y), g * xdivy(x, y)),
                       allowed=lambda d: d.is_floating)


def _zero_where_x_is_zero(scalar_function):
    """A reference: ``scalar_function(a, b)`` for each pair of elements, but 0 where a is 0."""
    def each(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            return 0.0 if a == 0 else scalar_function(np.float64(a), np.float64(b))
    return by_element(each)


def _zero_where_x_is_zero_samples(apply, scalar_function, y_values):
    """Broadcasting pairs with x away from 0 (the gradient in x jumps there) and ``y_values``
    (gradients and second order checked); then, in float32, x = 0 with y = 0, inf and NaN."""
    reference = _zero_where_x_is_zero(scalar_function)

    def samples(rng):
        checked = [OpSample(apply, away_from_zero(rng, *x_shape), y_values(rng, *y_shape),
                            reference=reference, second_order=True)
                   for x_shape, y_shape in BROADCAST_SHAPES[1:4]]
        edges = OpSample(apply, np.float32([0.0, 0.0, 0.0, 0.0, 2.0, -3.0]),
                         np.float32([0.0, np.inf, np.nan, -1.0, 0.0, 0.5]), reference=reference,
                         grad=())
        return checked + [edges]
    return samples


# issue 20 (i20c): xlog1py, ``x * log1p(y)`` and 0 where x is 0 (TF's gradients).
_xlog1py = define_binary("Xlog1py", _zero_where_x_is(lambda xp, x, y: x * xp.log1p(y)),
                         lambda x, y, z, g: (g * xlog1py(_nonzero_indicator(x), y),
                                             g * xdivy(x, y + 1)),
                         allowed=lambda d: d.is_floating)
get_op_def("Xlog1py").samples = _zero_where_x_is_zero_samples(
    _xlog1py, lambda a, b: a * np.log1p(b), positive)


def xlog1py(x, y, name=None):
    """``x * log1p(y)``, and 0 where x is 0 whatever y is (-1, inf or NaN).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.math.xlog1py([0.0, 2.0], [-1.0, 1.0])).tolist()]
    [0.0, 1.3863]
    """
    return _xlog1py(x, y, name=name)


get_op_def("Xdivy").samples = _zero_where_x_is_zero_samples(
    _xdivy, lambda a, b: a / b, away_from_zero)
get_op_def("Xlogy").samples = _zero_where_x_is_zero_samples(
    _xlogy, lambda a, b: a * np.log(b), positive)


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


__all__ = ["rint", "truncatediv", "truncatemod", "xdivy", "xlog1py", "xlogy"]
