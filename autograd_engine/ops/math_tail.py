"""The rest of ``tf.math`` (issue 20, i20c): ``cumulative_logsumexp`` and ``multiply_no_nan``
(ops of their own, with TF's gradients), ``nextafter``, and, built from existing ops,
``polyval``, ``reciprocal_no_nan``, ``reduce_variance``, ``reduce_std``, ``scalar_mul``,
``lbeta`` and ``approx_max_k``/``approx_min_k`` (exact top-k, a valid answer for any recall
target).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(tf.math.polyval([1.0, 0.0, -2.0], 3.0)).tolist()  # x^2 - 2 at x = 3
7.0
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import transpose, zeros_like
from .array_tail import div_no_nan
from .complex_conj import conj
from .complex_ops import real
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import greater, less, where
from .elementwise_unary_ops import exp, log, negative, sqrt, square
from .indexed_slices import IndexedSlices
from .op_families import check_axis, define_binary, static_axis, static_value
from .op_samples import BROADCAST_SHAPES, OpSample, away_from_zero, normal
from .reduction_ops import reduce_mean, reduce_sum
from .registry import OpDef, get_op_def, make_tensor, register
from .special_math_ops import lgamma
from .top_k_ops import top_k


# ================================================================== cumulative_logsumexp
def _cumulative_logsumexp_numpy(x, axis, exclusive, reverse):
    t = np.flip(x, axis) if reverse else x
    with np.errstate(invalid="ignore"):
        out = np.logaddexp.accumulate(t, axis=axis) if t.shape[axis] else t.copy()
    if exclusive:
        start = np.full_like(np.take(out, [0], axis=axis), -np.inf)
        out = np.concatenate([start, np.delete(out, -1, axis=axis)], axis=axis)
    return np.flip(out, axis) if reverse else out


class CumulativeLogsumexpOp(OpDef):
    """``log(cumsum(exp(x)))`` along a static ``axis`` without overflow (``logaddexp``
    accumulated), ``exclusive`` and ``reverse`` as in cumsum. Host-only: numpy's
    ``logaddexp.accumulate`` has no CuPy counterpart."""
    type_name = "CumulativeLogsumexp"
    host_only = True

    def infer(self, op):
        x = op.inputs[0]
        if not x.dtype.is_floating:
            raise TypeError("Value passed to parameter 'x' has DataType %s not in list of "
                            "allowed values: float16, float32, float64" % x.dtype.name)
        check_axis(op.attrs["axis"], x.shape.ndims, "Expected axis")
        return [(x.dtype, x.shape)]

    def kernel(self, op, ctx):
        axis, exclusive, reverse = (op.attrs[k] for k in ("axis", "exclusive", "reverse"))
        return lambda x: _cumulative_logsumexp_numpy(x, axis, exclusive, reverse)

    def gradient(self, op, grad):
        """TF's: the positive and negative parts of the gradient, each in log space, summed by
        the reverse cumulative logsumexp (so nothing overflows)."""
        x, y = op.inputs[0], op.outputs[0]
        attrs = dict(op.attrs, reverse=not op.attrs["reverse"])
        floor = float(np.finfo(x.dtype.np_dtype).min)

        def part(values, chosen):
            logs = where(chosen, log(where(chosen, values, values * 0 + 1)), values * 0 + floor)
            return exp(make_tensor(self.type_name, (logs - y,), attrs) + x)
        return [part(grad, greater(grad, 0)) - part(-grad, less(grad, 0))]

    def samples(self, rng):
        def sample(x, axis, exclusive=False, reverse=False, **options):
            return OpSample(lambda t: cumulative_logsumexp(t, axis, exclusive, reverse), x,
                            reference=lambda t: _reference(t, axis, exclusive, reverse),
                            **options)

        def _reference(t, axis, exclusive, reverse):
            moved = np.moveaxis(t.astype(np.float64), axis, -1)
            if reverse:
                moved = moved[..., ::-1]
            out = np.empty_like(moved)
            for i in range(moved.shape[-1]):
                window = moved[..., :i + (0 if exclusive else 1)]
                top = window.max(-1, keepdims=True) if window.shape[-1] else None
                out[..., i] = -np.inf if top is None else (
                    np.log(np.exp(window - top).sum(-1)) + top[..., 0])
            if reverse:
                out = out[..., ::-1]
            return np.moveaxis(out, -1, axis).astype(t.dtype)
        return [sample(normal(rng, 3, 4) * 3, 1, second_order=True),
                sample(normal(rng, 5), 0, reverse=True),
                sample(normal(rng, 2, 3), 0, exclusive=True, grad=()),
                sample(np.float32([[-1000.0, 0.0, 1000.0], [1.0, 1.0, 1.0]]), -1,
                       reverse=True, exclusive=True, grad=(), rtol=1e-6)]


register(CumulativeLogsumexpOp)


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """``log(cumsum(exp(x), axis))`` computed without overflow or underflow; ``exclusive``
    leaves each element out of its own sum (the first is -inf), ``reverse`` sums from the end.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 3) for v in sess.run(tf.math.cumulative_logsumexp([-1e3, -1e3])).tolist()]
    [-1000.0, -999.307]
    """
    x = convert_to_tensor(x)
    axis = static_axis(axis, "cumulative_logsumexp's axis")
    if x.shape.ndims is not None:
        axis = check_axis(axis, x.shape.ndims, "Expected axis")
    return make_tensor("CumulativeLogsumexp", (x,), {
        "axis": axis, "exclusive": bool(exclusive), "reverse": bool(reverse)}, name)


# ================================================================== multiply_no_nan, nextafter
def _mul_no_nan_kernel(xp):
    def mul_no_nan(x, y):
        with np.errstate(invalid="ignore"):
            product = x * y
        return xp.where(y == 0, xp.zeros((), product.dtype), product)
    return mul_no_nan


def _mul_no_nan_samples(rng):
    def reference(x, y):
        with np.errstate(invalid="ignore"):
            return np.where(y == 0, 0.0, x * y).astype(x.dtype)
    return [OpSample(_multiply_no_nan, normal(rng, *a), away_from_zero(rng, *b),
                     reference=reference, second_order=True) for a, b in BROADCAST_SHAPES[:3]] + [
        OpSample(_multiply_no_nan, np.float32([np.inf, np.nan, 2.0, -np.inf]),
                 np.float32([0.0, 0.0, 3.0, 2.0]), reference=reference, grad=())]


_multiply_no_nan = define_binary(
    "MulNoNan", _mul_no_nan_kernel,
    lambda x, y, z, g: (multiply_no_nan(g, y), multiply_no_nan(x, g)),
    allowed=lambda d: d.is_floating or d.is_complex, samples=_mul_no_nan_samples)


def multiply_no_nan(x, y, name=None):
    """``x * y``, but 0 wherever ``y`` is 0, even where ``x`` is inf or NaN.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.multiply_no_nan([float("inf"), 2.0], [0.0, 3.0])).tolist()
    [0.0, 6.0]
    """
    return _multiply_no_nan(x, y, name=name)


_nextafter = define_binary(
    "NextAfter", lambda xp: xp.nextafter, allowed=lambda d: d in (dtypes.float32, dtypes.float64),
    samples=lambda rng: [OpSample(_nextafter, normal(rng, 2, 3), normal(rng, 2, 3),
                                  reference=np.nextafter),
                         OpSample(_nextafter, np.float32([1.0, 0.0, -2.0, 1.0]),
                                  np.float32([2.0, -1.0, -3.0, 1.0]), reference=np.nextafter)])
get_op_def("NextAfter").differentiable = False


def nextafter(x1, x2, name=None):
    """The next representable value after ``x1`` in the direction of ``x2``, elementwise
    (float32 or float64; no gradient, as in TF).

    >>> import autograd_engine as tf
    >>> import numpy as np
    >>> with tf.Session() as sess:
    ...     float(sess.run(tf.math.nextafter(np.float64(1.0), np.float64(2.0)))) - 1.0
    2.220446049250313e-16
    """
    return _nextafter(x1, x2, name=name)


# ================================================================== built from existing ops
def polyval(coeffs, x, name=None):
    """The polynomial ``coeffs[0] x^(n-1) + ... + coeffs[n-1]`` at ``x``, by Horner's rule
    (zeros for no coefficients)."""
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError("Argument coeffs must be list type, found %s." % type(coeffs))
    with name_scope(name, "polyval", [x]):
        x = convert_to_tensor(x)
        if not coeffs:
            return zeros_like(x)
        total = convert_to_tensor(coeffs[0], dtype=x.dtype)
        for coefficient in coeffs[1:]:
            total = total * x + convert_to_tensor(coefficient, dtype=x.dtype)
        return total


def reciprocal_no_nan(x, name=None):
    """``1 / x``, and 0 where x is 0.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.reciprocal_no_nan([2.0, 0.0])).tolist()
    [0.5, 0.0]
    """
    with name_scope(name, "reciprocal_no_nan", [x]):
        x = convert_to_tensor(x)
        return div_no_nan(convert_to_tensor(1, dtype=x.dtype), x)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The variance over ``axis`` (all axes by default): the mean squared deviation from the
    mean (real for complex inputs, ``|x - mean|^2``); integers are a TypeError, as in TF.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.reduce_variance([[1.0, 3.0], [2.0, 6.0]], axis=1)).tolist()
    [1.0, 4.0]
    """
    with name_scope(name, "reduce_variance", [input_tensor]):
        x = convert_to_tensor(input_tensor)
        if not (x.dtype.is_floating or x.dtype.is_complex):
            raise TypeError("Input must be either real or complex, got %s" % x.dtype.name)
        deviation = x - reduce_mean(x, axis=axis, keepdims=True)
        squares = real(deviation * conj(deviation)) if x.dtype.is_complex else square(deviation)
        return reduce_mean(squares, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The standard deviation over ``axis``: ``sqrt(reduce_variance(...))``."""
    with name_scope(name, "reduce_std", [input_tensor]):
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def scalar_mul(scalar, x, name=None):
    """``scalar * x`` for a scalar of ``x``'s dtype; ``x`` may be an IndexedSlices (a sparse
    gradient), which stays one. A non-scalar ``scalar`` is a ValueError, as in TF.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.math.scalar_mul(2.0, [1.0, -3.0])).tolist()
    [2.0, -6.0]
    """
    values = x.values if isinstance(x, IndexedSlices) else convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=values.dtype)
    if scalar.shape.ndims != 0:
        raise ValueError("Only scalar multiply works, got shape %s" % scalar.shape)
    with name_scope(name, "scalar_mul", [scalar, values]):
        if isinstance(x, IndexedSlices):
            return IndexedSlices(scalar * x.values, x.indices, x.dense_shape)
        return scalar * values


def lbeta(x, name=None):
    """``log(|Beta(x)|)`` over the last axis: ``sum(lgamma(x)) - lgamma(sum(x))``, computed
    in log space so it does not overflow.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.math.lbeta([2.0, 3.0]))), 6)  # log(1/12)
    -2.484907
    """
    with name_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x)
        return reduce_sum(lgamma(x), -1) - lgamma(reduce_sum(x, -1))


def _top_k_along(operand, k, dimension, largest):
    operand = convert_to_tensor(operand)
    rank = operand.shape.ndims
    if rank is None:
        raise ValueError("approx_max_k/approx_min_k need the operand's rank known")
    dimension = check_axis(int(static_value(dimension, "reduction_dimension")), rank,
                           "Expected reduction_dimension")
    permutation = list(range(rank))
    permutation[dimension], permutation[-1] = permutation[-1], permutation[dimension]
    moved = operand if dimension == rank - 1 else transpose(operand, permutation)
    values, indices = top_k(moved if largest else negative(moved), k)
    values = values if largest else negative(values)
    if dimension != rank - 1:
        values, indices = transpose(values, permutation), transpose(indices, permutation)
    return values, indices


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The ``k`` largest values along ``reduction_dimension`` and their indices. TF's TPU
    algorithm trades recall for speed; the exact top-k returned here meets any recall target.

    >>> import autograd_engine as tf
    >>> values, indices = tf.math.approx_max_k([[1.0, 5.0, 3.0]], 2)
    >>> with tf.Session() as sess:
    ...     [v.tolist() for v in sess.run([values, indices])]
    [[[5.0, 3.0]], [[1, 2]]]
    """
    with name_scope(name, "approx_max_k", [operand]):
        return _top_k_along(operand, k, reduction_dimension, True)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The ``k`` smallest values along ``reduction_dimension`` and their indices (exact; see
    :func:`approx_max_k`)."""
    with name_scope(name, "approx_min_k", [operand]):
        return _top_k_along(operand, k, reduction_dimension, False)


def approx_top_k(input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,  # noqa: A002
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """TF1's raw ``tf.approx_top_k``: :func:`approx_max_k` when ``is_max_k``, else
    :func:`approx_min_k` (exact here).

    >>> import autograd_engine as tf
    >>> values, _ = tf.approx_top_k([[1.0, 5.0, 3.0]], 1, is_max_k=False)
    >>> tf.Session().run(values).tolist()
    [[1.0]]
    """
    with name_scope(name, "ApproxTopK", [input]):
        return _top_k_along(input, k, reduction_dimension, bool(is_max_k))


__all__ = ["approx_max_k", "approx_top_k", "approx_min_k", "cumulative_logsumexp", "lbeta",
           "multiply_no_nan",
           "nextafter", "polyval", "reciprocal_no_nan", "reduce_std", "reduce_variance",
           "scalar_mul"]
