"""The public stateless random functions (``tf.random.stateless_uniform``, ``_normal``,
``_truncated_normal``, ``_categorical``/``_multinomial``, ``_binomial``, ``_gamma``,
``_poisson``, ``_parameterized_truncated_normal``) and the seed helpers built on them
(``tf.random.split``, ``tf.random.fold_in``), with TF's signatures. Values depend only on the
arguments: see :mod:`stateless_random_ops` for how they are drawn.

>>> import autograd_engine as tf
>>> seeds = tf.random.split([1, 2], num=3)
>>> with tf.Session() as sess:
...     sess.run(seeds).shape
(3, 2)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from .broadcast_ops import broadcast_to
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor, stack
from .elementwise_binary_ops import maximum
from .elementwise_unary_ops import cast
from .gather_ops import gather
from .shape_ops import shape as shape_of
from .sort_ops import argsort
from .stateless_random_ops import scaled, stateless_op, stateless_random_gamma_draw, uniform_in


def _shape(shape):
    if hasattr(shape, "op"):
        return convert_to_tensor(shape)
    if isinstance(shape, (list, tuple)) and any(hasattr(d, "op") for d in shape):
        return stack([cast(d, dtypes.int64) for d in shape])
    return convert_to_tensor(np.asarray(shape, np.int64).reshape(-1))


def _seed(seed):
    seed = convert_to_tensor(seed, dtype=None if hasattr(seed, "op") else dtypes.int64)
    if seed.shape.as_tuple() not in (None, (2,), (None,)):
        raise ValueError("seed must have shape [2], not %s" % seed.shape)
    return seed


def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                             alg="auto_select"):
    """Uniform draws in ``[minval, maxval)`` determined by ``seed`` (a pair of ints); for
    integer dtypes ``minval=maxval=None`` draws over the dtype's full range."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "stateless_random_uniform"):
        shape, seed = _shape(shape), _seed(seed)
        if dtype.is_integer:
            if minval is None and maxval is None:
                return stateless_op("StatelessRandomUniformFullInt", shape, seed, dtype)
            if maxval is None:
                raise ValueError("Must specify maxval for integer dtype %s" % dtype.name)
            bounds = [convert_to_tensor(v, dtype=dtype) for v in (minval, maxval)]
            return stateless_op("StatelessRandomUniformInt", shape, seed, dtype, bounds)
        draw = stateless_op("StatelessRandomUniform", shape, seed, dtype)
        return uniform_in(draw, minval, 1.0 if maxval is None else maxval, dtype)


def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                            alg="auto_select"):
    """Normal draws of ``mean`` and ``stddev`` (tensors allowed) determined by ``seed``.

    >>> import autograd_engine as tf
    >>> tf.random.stateless_normal([2, 3], seed=[4, 5]).shape.as_list()
    [2, 3]
    """
    with get_default_graph().name_scope(name or "stateless_random_normal"):
        draw = stateless_op("StatelessRandomNormal", _shape(shape), _seed(seed), dtype)
        return scaled(draw, stddev, mean, dtypes.as_dtype(dtype))


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None, alg="auto_select"):
    """Normal draws redrawn beyond two standard deviations, determined by ``seed``."""
    with get_default_graph().name_scope(name or "stateless_truncated_normal"):
        draw = stateless_op("StatelessTruncatedNormal", _shape(shape), _seed(seed), dtype)
        return scaled(draw, stddev, mean, dtypes.as_dtype(dtype))


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """``num_samples`` class ids per row of the ``[batch, classes]`` ``logits``, determined by
    ``seed`` (a class of logit -inf never comes up)."""
    with get_default_graph().name_scope(name or "stateless_categorical"):
        logits = convert_to_tensor(logits)
        if logits.shape.ndims not in (None, 2):
            raise ValueError("logits should be a matrix, got shape %s" % logits.shape)
        shape = stack([shape_of(logits, out_type=dtypes.int64)[0],
                       cast(num_samples, dtypes.int64)])
        return stateless_op("StatelessMultinomial", shape, _seed(seed), dtype,
                            (cast(logits, dtypes.float64),))


def stateless_multinomial(logits, num_samples, seed, output_dtype=dtypes.int64, name=None):
    """TF1's older name of :func:`stateless_categorical`."""
    return stateless_categorical(logits, num_samples, seed, output_dtype, name)


def stateless_random_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32, name=None):
    """Binomial draws of ``counts`` trials of success probability ``probs`` (both broadcast to
    ``shape``)."""
    with get_default_graph().name_scope(name or "stateless_random_binomial"):
        shape = _shape(shape)
        counts = broadcast_to(cast(counts, dtypes.float64), shape)
        probs = broadcast_to(cast(probs, dtypes.float64), shape)
        return stateless_op("StatelessRandomBinomial", shape, _seed(seed), output_dtype,
                            (counts, probs))


def stateless_random_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """Gamma draws of concentration ``alpha`` and rate ``beta`` (broadcast to ``shape``);
    differentiable in both (the implicit reparameterization gradient in ``alpha``)."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "stateless_random_gamma"):
        shape = _shape(shape)
        draw = stateless_random_gamma_draw(shape, _seed(seed), alpha, dtype)
        if beta is None:
            return draw
        return draw / broadcast_to(convert_to_tensor(beta, dtype=dtype), shape)


def stateless_random_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """Poisson draws of rate ``lam`` (broadcast to ``shape``), of ``dtype``."""
    with get_default_graph().name_scope(name or "stateless_random_poisson"):
        shape = _shape(shape)
        lam = broadcast_to(cast(lam, dtypes.float64), shape)
        return stateless_op("StatelessRandomPoisson", shape, _seed(seed), dtype, (lam,))


def stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0, minvals=-2.0,
                                             maxvals=2.0, name=None):
    """Normal draws of ``means`` and ``stddevs`` kept inside ``[minvals, maxvals]`` (all
    broadcast to ``shape``)."""
    with get_default_graph().name_scope(name or "stateless_parameterized_truncated_normal"):
        shape = _shape(shape)
        means = convert_to_tensor(means)
        dtype = means.dtype if means.dtype.is_floating else dtypes.float32
        params = [broadcast_to(convert_to_tensor(v, dtype=dtype) if not hasattr(v, "op")
                               else cast(v, dtype), shape)
                  for v in (means, stddevs, minvals, maxvals)]
        return stateless_op("StatelessParameterizedTruncatedNormal", shape, _seed(seed), dtype,
                            params)


def split(seed, num=2, alg="auto_select"):
    """``num`` new seed pairs (``[num, 2]``) drawn from ``seed``, as TF's
    ``tf.random.split``."""
    seed = _seed(seed)
    return stateless_random_uniform([num, 2], seed, minval=None, maxval=None, dtype=seed.dtype)


def fold_in(seed, data, alg="auto_select"):
    """A new seed pair from ``seed`` and the integer ``data`` (TF's ``tf.random.fold_in``):
    a draw from ``seed`` beside ``data``."""
    data = convert_to_tensor(data)
    drawn = stateless_random_uniform([], _seed(seed), minval=None, maxval=None, dtype=data.dtype)
    return stack([drawn, data])


def stateless_shuffle(value, seed, alg="auto_select", name=None):
    """``value`` shuffled along its first dimension, the order fixed by ``seed``
    (``tf.random.experimental.stateless_shuffle``)."""
    with get_default_graph().name_scope(name or "stateless_shuffle"):
        value = convert_to_tensor(value)
        keys = stateless_random_uniform(shape_of(value, out_type=dtypes.int64)[:1], seed,
                                        dtype=dtypes.float64)
        return gather(value, argsort(keys))


def tiny_floor(sample, dtype):
    """``sample`` kept at or above the dtype's smallest normal number (TF1's gamma does)."""
    return maximum(convert_to_tensor(np.finfo(dtype.np_dtype).tiny, dtype=dtype), sample)


def output_shape(shape, parameter):
    """``shape + parameter's shape`` as an int64 vector (TF1's random_gamma/poisson rule);
    a constant when both are known while building."""
    shape = _shape(shape)
    known = constant_value(shape)
    if known is not None and parameter.shape.is_fully_defined():
        return convert_to_tensor(np.concatenate([np.asarray(known, np.int64).reshape(-1),
                                                 np.int64(parameter.shape.as_list())]))
    return concat([cast(shape, dtypes.int64), shape_of(parameter, out_type=dtypes.int64)], 0)


__all__ = ["stateless_random_uniform", "stateless_random_normal", "stateless_truncated_normal",
           "stateless_categorical", "stateless_multinomial", "stateless_random_binomial",
           "stateless_random_gamma", "stateless_random_poisson",
           "stateless_parameterized_truncated_normal", "split", "fold_in", "stateless_shuffle",
           "tiny_floor",
           "output_shape"]
