"""``tf.distributions``: ``Normal``, ``Uniform``, ``Bernoulli``, ``Categorical`` and
``Multinomial`` with ``sample``, ``log_prob``, ``prob``, ``entropy``, ``mean``, ``stddev``,
``variance``, and ``kl_divergence`` between two of a kind (Normal, Bernoulli, Categorical), as
TF1's. Every method is built from the public ops, so log-probabilities, entropies and
divergences are differentiable in the parameters (VAE and policy-gradient losses).

>>> import autograd_engine as tf
>>> d = Normal(loc=0.0, scale=2.0)
>>> with tf.Session() as sess:
...     [round(float(v), 4) for v in sess.run([d.log_prob(1.0), d.entropy()])]
[-1.7371, 2.1121]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .array_tail import broadcast_dynamic_shape
from .concat_split_ops import concat
from .distribution_registry import (FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED, RegisterKL,
                                    kl_divergence)
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import less, logical_and, greater_equal, where_v2
from .elementwise_unary_ops import cast, exp, log, sigmoid, sqrt, square
from .activation_ops import softplus
from .nn_ops import log_softmax, sigmoid_cross_entropy_with_logits, softmax
from .mask_ops import one_hot
from .random_ops import random_normal, random_uniform
from .random_ops_extra import multinomial
from .reduction_ops import argmax, reduce_sum
from .shape_ops import shape
from .special_math_ops import erf, lgamma

_HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)


def full_sample_shape(sample_shape, batch_shape):
    """``sample_shape + batch_shape`` as an int32 vector: the shape of a draw."""
    sample = convert_to_tensor(np.asarray(sample_shape, np.int32).reshape(-1))
    return concat([sample, cast(batch_shape, dtypes.int32)], 0)


class Distribution:
    """What every distribution offers; subclasses define the ``_``-less methods they can."""
    reparameterization_type = NOT_REPARAMETERIZED

    def __init__(self, name, dtype, parameters):
        self._name = name
        self._dtype = dtype
        self._parameters = parameters

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    parameters = property(lambda self: dict(self._parameters))

    def _scope(self, method):
        return get_default_graph().name_scope("%s/%s" % (self._name, method))

    def prob(self, value, name="prob"):
        """``exp(log_prob(value))``."""
        with self._scope(name):
            return exp(self.log_prob(value))

    def stddev(self, name="stddev"):
        """The standard deviation, ``sqrt(variance())``."""
        with self._scope(name):
            return sqrt(self.variance())

    def log_cdf(self, value, name="log_cdf"):
        """``log(cdf(value))``."""
        with self._scope(name):
            return log(self.cdf(value))

    def survival_function(self, value, name="survival_function"):
        """``1 - cdf(value)``."""
        with self._scope(name):
            return 1.0 - self.cdf(value)

    def kl_divergence(self, other, name="kl_divergence"):
        """``KL(self || other)`` by the registered rule (see ``kl_divergence``)."""
        return kl_divergence(self, other, name=name)

    def cross_entropy(self, other, name="cross_entropy"):
        """``entropy() + KL(self || other)``: the cross entropy of ``other`` under ``self``."""
        with self._scope(name):
            return self.entropy() + kl_divergence(self, other)

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._scope(name):
            return self._batch_shape()

    @property
    def batch_shape(self):
        return self._static_batch_shape()


class Normal(Distribution):
    """The normal distribution with mean ``loc`` and standard deviation ``scale``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        self.loc = convert_to_tensor(loc)
        self.scale = convert_to_tensor(scale, dtype=self.loc.dtype)
        super().__init__(name, self.loc.dtype, {"loc": self.loc, "scale": self.scale})

    def _batch_shape(self):
        return broadcast_dynamic_shape(shape(self.loc), shape(self.scale))

    def _static_batch_shape(self):
        return (self.loc + self.scale).shape

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            draws = random_normal(full_sample_shape(sample_shape, self._batch_shape()),
                                  dtype=self.dtype, seed=seed)
            return draws * self.scale + self.loc

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            z = (convert_to_tensor(value, dtype=self.dtype) - self.loc) / self.scale
            return -0.5 * square(z) - log(self.scale) - _HALF_LOG_TWO_PI

    def cdf(self, value, name="cdf"):
        with self._scope(name):
            z = (convert_to_tensor(value, dtype=self.dtype) - self.loc) / self.scale
            return 0.5 * (1.0 + erf(z / math.sqrt(2.0)))

    def entropy(self, name="entropy"):
        with self._scope(name):
            return 0.5 + _HALF_LOG_TWO_PI + log(self.scale) + array_ops.zeros_like(self.loc)

    def mean(self, name="mean"):
        with self._scope(name):
            return self.loc + array_ops.zeros_like(self.scale)

    def mode(self, name="mode"):
        return self.mean(name)

    def variance(self, name="variance"):
        with self._scope(name):
            return square(self.scale) + array_ops.zeros_like(self.loc)

    def stddev(self, name="stddev"):
        with self._scope(name):
            return self.scale + array_ops.zeros_like(self.loc)


class Uniform(Distribution):
    """The uniform distribution on ``[low, high)``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True,
                 name="Uniform"):
        self.low = convert_to_tensor(low)
        self.high = convert_to_tensor(high, dtype=self.low.dtype)
        super().__init__(name, self.low.dtype, {"low": self.low, "high": self.high})

    def _batch_shape(self):
        return broadcast_dynamic_shape(shape(self.low), shape(self.high))

    def _static_batch_shape(self):
        return (self.low + self.high).shape

    def range(self, name="range"):  # noqa: A003 - TF's method name
        with self._scope(name):
            return self.high - self.low

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            unit = random_uniform(full_sample_shape(sample_shape, self._batch_shape()),
                                  dtype=self.dtype, seed=seed)
            return self.low + (self.high - self.low) * unit

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = convert_to_tensor(value, dtype=self.dtype)
            inside = logical_and(greater_equal(value, self.low), less(value, self.high))
            density = -log(self.high - self.low) + array_ops.zeros_like(value)
            return where_v2(inside, density, array_ops.zeros_like(density) - np.inf)

    def entropy(self, name="entropy"):
        with self._scope(name):
            return log(self.high - self.low)

    def mean(self, name="mean"):
        with self._scope(name):
            return (self.low + self.high) / 2.0

    def variance(self, name="variance"):
        with self._scope(name):
            return square(self.high - self.low) / 12.0


def _logits_and_probs(logits, probs, to_logits, to_probs):
    if (logits is None) == (probs is None):
        raise ValueError("Must pass probs or logits, but not both.")
    if logits is None:
        probs = convert_to_tensor(probs)
        return to_logits(probs), probs
    logits = convert_to_tensor(logits)
    return logits, to_probs(logits)


class Bernoulli(Distribution):
    """Bernoulli outcomes (0 or 1, of ``dtype``) with success probability ``probs`` (or
    ``sigmoid(logits)``)."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False,
                 allow_nan_stats=True, name="Bernoulli"):
        self.logits, self.probs = _logits_and_probs(
            logits, probs, lambda p: log(p) - log(1.0 - p), sigmoid)
        super().__init__(name, dtypes.as_dtype(dtype), {"logits": self.logits})

    def _batch_shape(self):
        return shape(self.logits)

    def _static_batch_shape(self):
        return self.logits.shape

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            unit = random_uniform(full_sample_shape(sample_shape, self._batch_shape()),
                                  dtype=self.probs.dtype, seed=seed)
            return cast(less(unit, self.probs), self.dtype)

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = cast(convert_to_tensor(value), self.logits.dtype)
            logits = self.logits + array_ops.zeros_like(value)
            return -sigmoid_cross_entropy_with_logits(labels=value + array_ops.zeros_like(
                logits), logits=logits)

    def entropy(self, name="entropy"):
        with self._scope(name):
            return sigmoid_cross_entropy_with_logits(labels=self.probs, logits=self.logits)

    def mean(self, name="mean"):
        with self._scope(name):
            return array_ops.identity(self.probs)

    def mode(self, name="mode"):
        with self._scope(name):
            return cast(self.probs > 0.5, self.dtype)

    def variance(self, name="variance"):
        with self._scope(name):
            return self.probs * (1.0 - self.probs)


class Categorical(Distribution):
    """A class id in ``[0, K)`` (of ``dtype``) drawn with probabilities ``probs`` (or
    ``softmax(logits)``) over the last dimension."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False,
                 allow_nan_stats=True, name="Categorical"):
        self.logits, self.probs = _logits_and_probs(logits, probs, log, softmax)
        super().__init__(name, dtypes.as_dtype(dtype), {"logits": self.logits})

    def _batch_shape(self):
        return shape(self.logits)[:-1]

    def _static_batch_shape(self):
        return self.logits.shape[:-1]

    @property
    def event_size(self):
        return shape(self.logits)[-1]

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            count = int(np.prod(sample_shape))
            flat = array_ops.reshape(self.logits, [-1, self.logits.shape.as_tuple()[-1]])
            draws = multinomial(flat, count, seed=seed, output_dtype=self.dtype)
            draws = array_ops.transpose(draws)  # [count, batch]
            return array_ops.reshape(draws, full_sample_shape(sample_shape, self._batch_shape()))

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = cast(convert_to_tensor(value), dtypes.int32)
            log_probs = log_softmax(self.logits)
            picked = one_hot(value, shape(self.logits)[-1], dtype=log_probs.dtype)
            return reduce_sum(picked * log_probs, -1)

    def entropy(self, name="entropy"):
        with self._scope(name):
            return -reduce_sum(softmax(self.logits) * log_softmax(self.logits), -1)

    def mode(self, name="mode"):
        with self._scope(name):
            return cast(argmax(self.logits, -1), self.dtype)


class Multinomial(Distribution):
    """Counts of ``total_count`` draws over ``K`` classes with probabilities ``probs`` (or
    ``softmax(logits)``) over the last dimension."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False,
                 allow_nan_stats=True, name="Multinomial"):
        self.logits, self.probs = _logits_and_probs(logits, probs, log, softmax)
        self.total_count = convert_to_tensor(total_count, dtype=self.logits.dtype)
        super().__init__(name, self.logits.dtype, {"total_count": self.total_count,
                                                   "logits": self.logits})

    def _batch_shape(self):
        return shape(self.logits)[:-1]

    def _static_batch_shape(self):
        return self.logits.shape[:-1]

    def log_prob(self, counts, name="log_prob"):
        with self._scope(name):
            counts = convert_to_tensor(counts, dtype=self.dtype)
            return (lgamma(self.total_count + 1.0) - reduce_sum(lgamma(counts + 1.0), -1)
                    + reduce_sum(counts * log_softmax(self.logits), -1))

    def mean(self, name="mean"):
        with self._scope(name):
            return array_ops.expand_dims(self.total_count, -1) * self.probs

    def variance(self, name="variance"):
        with self._scope(name):
            return self.mean() * (1.0 - self.probs)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            total = _static_count(self.total_count)
            count = int(np.prod(sample_shape))
            depth = self.logits.shape.as_tuple()[-1]
            flat = array_ops.reshape(self.logits, [-1, depth])
            draws = multinomial(flat, count * total, seed=seed)  # [batch, count * total]
            counts = reduce_sum(one_hot(array_ops.reshape(draws, [-1, count, total]), depth,
                                        dtype=self.dtype), 2)  # [batch, count, depth]
            counts = array_ops.transpose(counts, [1, 0, 2])
            out = concat([full_sample_shape(sample_shape, self._batch_shape()),
                          array_ops.reshape(shape(self.logits)[-1], [1])], 0)
            return array_ops.reshape(counts, out)


def _static_count(total_count):
    value = constant_value(total_count)
    if value is None or np.size(value) != 1:
        raise ValueError("Multinomial.sample needs a scalar total_count known while building "
                         "the graph.")
    return int(np.reshape(value, -1)[0])


@RegisterKL(Normal, Normal)
def _kl_normal(a, b, name=None):
    ratio = square(a.scale / b.scale)
    return 0.5 * (square(a.loc - b.loc) / square(b.scale) + ratio - 1.0 - log(ratio))


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli(a, b, name=None):
    delta0 = softplus(-b.logits) - softplus(-a.logits)
    delta1 = softplus(b.logits) - softplus(a.logits)
    return sigmoid(a.logits) * delta0 + sigmoid(-a.logits) * delta1


@RegisterKL(Categorical, Categorical)
def _kl_categorical(a, b, name=None):
    return reduce_sum(softmax(a.logits) * (log_softmax(a.logits) - log_softmax(b.logits)), -1)


__all__ = ["Bernoulli", "Categorical", "Distribution", "Multinomial", "Normal", "Uniform",
           "kl_divergence"]
