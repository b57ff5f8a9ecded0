"""``tf.distributions`` built on gamma draws: ``Gamma``, ``Exponential`` (a Gamma of
concentration 1, so the Gamma KL rule covers it), ``Beta``, ``Dirichlet`` and
``DirichletMultinomial``, with TF1's ``sample``, ``log_prob``, ``cdf``, ``entropy``, moments,
``mode`` (NaN where undefined, or a failing check with ``allow_nan_stats=False``) and KL rules.

Samples come from ``random_gamma``, which is reparameterised, so Gamma, Exponential, Beta and
Dirichlet draws are differentiable in their parameters (``FULLY_REPARAMETERIZED``).

>>> import autograd_engine as tf
>>> beta = tf.distributions.Beta(2.0, 3.0)
>>> with tf.Session() as sess:
...     [round(float(v), 4) for v in sess.run([beta.log_prob(0.3), beta.mean()])]
[0.5676, 0.4]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import control_dependencies
from ..framework.tensor import TensorLike
from . import array_ops
from .array_tail import broadcast_dynamic_shape
from .check_ops import assert_all
from .constant_op import convert_to_tensor
from .concat_split_ops import concat
from .distribution_registry import FULLY_REPARAMETERIZED, RegisterKL
from .distributions import Distribution, Multinomial
from .elementwise_binary_ops import greater, logical_and, where_v2
from .elementwise_unary_ops import cast, log, log1p, sqrt, square
from .matmul_ops import matmul
from .diagonal_ops import matrix_set_diag
from .random_ops import random_uniform
from .random_tail import random_gamma
from .reduction_ops import reduce_all, reduce_sum
from .rounding_division_ops import xlogy
from .shape_ops import shape
from .special_gamma_ops import betainc, igamma
from .special_math_ops import digamma, lgamma


def float_parameter(value, dtype=None):
    """``value`` as a tensor of ``dtype``; Python or numpy integers become float32 (TF's
    distributions are over floats)."""
    if dtype is not None:
        return convert_to_tensor(value, dtype=dtype)
    if not isinstance(value, TensorLike) and np.asarray(value).dtype.kind in "iub":
        return convert_to_tensor(value, dtype=dtypes.float32)
    return convert_to_tensor(value)


def log_beta(a, b):
    """``log(Beta(a, b))`` elementwise."""
    return lgamma(a) + lgamma(b) - lgamma(a + b)


def defined_where(defined, value, allow_nan_stats, message):
    """``value`` where ``defined`` holds and NaN elsewhere; with ``allow_nan_stats=False`` a
    check that fails the run (InvalidArgumentError naming ``message``) instead."""
    defined = logical_and(defined, array_ops.ones_like(value, dtype=dtypes.bool))
    if allow_nan_stats:
        return where_v2(defined, value, array_ops.zeros_like(value) + np.nan)
    with control_dependencies([assert_all(defined, [], message, None, "defined")]):
        return array_ops.identity(value)


def _sample_list(sample_shape):
    return np.asarray(sample_shape, np.int32).reshape(-1)


class Gamma(Distribution):
    """The gamma distribution of shape ``concentration`` and inverse scale ``rate``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True,
                 name="Gamma"):
        self.concentration = float_parameter(concentration)
        self.rate = float_parameter(rate, self.concentration.dtype)
        self.allow_nan_stats = allow_nan_stats
        super().__init__(name, self.concentration.dtype,
                         {"concentration": self.concentration, "rate": self.rate})

    def _batch_shape(self):
        return broadcast_dynamic_shape(shape(self.concentration), shape(self.rate))

    def _static_batch_shape(self):
        return (self.concentration + self.rate).shape

    def _broadcast(self, value):
        return value + array_ops.zeros_like(self.concentration + self.rate)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            return random_gamma(_sample_list(sample_shape), self._broadcast(self.concentration),
                                self._broadcast(self.rate), dtype=self.dtype, seed=seed)

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = convert_to_tensor(value, dtype=self.dtype)
            return (xlogy(self.concentration - 1.0, value) - self.rate * value
                    - lgamma(self.concentration) + self.concentration * log(self.rate))

    def cdf(self, value, name="cdf"):
        with self._scope(name):
            return igamma(self.concentration, self.rate * convert_to_tensor(value, self.dtype))

    def entropy(self, name="entropy"):
        with self._scope(name):
            c = self.concentration
            return c - log(self.rate) + lgamma(c) + (1.0 - c) * digamma(c)

    def mean(self, name="mean"):
        with self._scope(name):
            return self._broadcast(self.concentration / self.rate)

    def variance(self, name="variance"):
        with self._scope(name):
            return self._broadcast(self.concentration / square(self.rate))

    def stddev(self, name="stddev"):
        with self._scope(name):
            return self._broadcast(sqrt(self.concentration) / self.rate)

    def mode(self, name="mode"):
        with self._scope(name):
            return defined_where(greater(self.concentration, 1.0),
                                 self._broadcast((self.concentration - 1.0) / self.rate),
                                 self.allow_nan_stats,
                                 "mode not defined when any concentration <= 1")


class Exponential(Gamma):
    """The exponential distribution of ``rate``: a Gamma of concentration 1."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        rate = float_parameter(rate)
        super().__init__(array_ops.ones_like(rate), rate, validate_args, allow_nan_stats, name)
        self._parameters = {"rate": self.rate}

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            full = concat([_sample_list(sample_shape), shape(self.rate)], 0)
            unit = random_uniform(full, minval=np.finfo(self.dtype.as_numpy_dtype).tiny,
                                  maxval=1.0, dtype=self.dtype, seed=seed)
            return -log(unit) / self.rate


class Beta(Distribution):
    """The beta distribution on ``[0, 1]`` with ``concentration1`` (alpha) and
    ``concentration0`` (beta)."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, concentration1=None, concentration0=None, validate_args=False,
                 allow_nan_stats=True, name="Beta"):
        self.concentration1 = float_parameter(concentration1)
        self.concentration0 = float_parameter(concentration0, self.concentration1.dtype)
        self.total_concentration = self.concentration1 + self.concentration0
        self.allow_nan_stats = allow_nan_stats
        super().__init__(name, self.concentration1.dtype,
                         {"concentration1": self.concentration1,
                          "concentration0": self.concentration0})

    def _batch_shape(self):
        return shape(self.total_concentration)

    def _static_batch_shape(self):
        return self.total_concentration.shape

    def _broadcast(self, value):
        return value + array_ops.zeros_like(self.total_concentration)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            sizes = _sample_list(sample_shape)
            ones = random_gamma(sizes, self._broadcast(self.concentration1), dtype=self.dtype,
                                seed=seed)
            zeros = random_gamma(sizes, self._broadcast(self.concentration0), dtype=self.dtype,
                                 seed=None if seed is None else seed + 1)
            return ones / (ones + zeros)

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = convert_to_tensor(value, dtype=self.dtype)
            return (xlogy(self.concentration1 - 1.0, value)
                    + (self.concentration0 - 1.0) * log1p(-value)
                    - log_beta(self.concentration1, self.concentration0))

    def cdf(self, value, name="cdf"):
        with self._scope(name):
            return betainc(self._broadcast(self.concentration1),
                           self._broadcast(self.concentration0),
                           convert_to_tensor(value, dtype=self.dtype))

    def entropy(self, name="entropy"):
        with self._scope(name):
            c1, c0, total = self.concentration1, self.concentration0, self.total_concentration
            return (log_beta(c1, c0) - (c1 - 1.0) * digamma(c1) - (c0 - 1.0) * digamma(c0)
                    + (total - 2.0) * digamma(total))

    def mean(self, name="mean"):
        with self._scope(name):
            return self.concentration1 / self.total_concentration

    def variance(self, name="variance"):
        with self._scope(name):
            mean = self.concentration1 / self.total_concentration
            return mean * (1.0 - mean) / (1.0 + self.total_concentration)

    def mode(self, name="mode"):
        with self._scope(name):
            defined = logical_and(greater(self.concentration1, 1.0),
                                  greater(self.concentration0, 1.0))
            return defined_where(defined, (self.concentration1 - 1.0)
                                 / (self.total_concentration - 2.0), self.allow_nan_stats,
                                 "mode not defined when any concentration <= 1")


class Dirichlet(Distribution):
    """The Dirichlet distribution over the simplex of the last dimension of
    ``concentration``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True,
                 name="Dirichlet"):
        self.concentration = float_parameter(concentration)
        self.total_concentration = reduce_sum(self.concentration, -1)
        self.allow_nan_stats = allow_nan_stats
        super().__init__(name, self.concentration.dtype, {"concentration": self.concentration})

    def _batch_shape(self):
        return shape(self.concentration)[:-1]

    def _static_batch_shape(self):
        return self.concentration.shape[:-1]

    def _event_size(self):
        return cast(shape(self.concentration)[-1], self.dtype)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            draws = random_gamma(_sample_list(sample_shape), self.concentration,
                                 dtype=self.dtype, seed=seed)
            return draws / reduce_sum(draws, -1, keepdims=True)

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = convert_to_tensor(value, dtype=self.dtype)
            return (reduce_sum(xlogy(self.concentration - 1.0, value), -1)
                    - reduce_sum(lgamma(self.concentration), -1)
                    + lgamma(self.total_concentration))

    def entropy(self, name="entropy"):
        with self._scope(name):
            c, total = self.concentration, self.total_concentration
            return (reduce_sum(lgamma(c), -1) - lgamma(total)
                    + (total - self._event_size()) * digamma(total)
                    - reduce_sum((c - 1.0) * digamma(c), -1))

    def mean(self, name="mean"):
        with self._scope(name):
            return self.concentration / array_ops.expand_dims(self.total_concentration, -1)

    def variance(self, name="variance"):
        with self._scope(name):
            mean = self.mean()
            return mean * (1.0 - mean) / (1.0 + array_ops.expand_dims(
                self.total_concentration, -1))

    def covariance(self, name="covariance"):
        """The ``[..., K, K]`` covariance: ``-mean_i mean_j / (1 + total)`` off the diagonal."""
        with self._scope(name):
            mean = self.mean()
            outer = matmul(array_ops.expand_dims(mean, -1), array_ops.expand_dims(mean, -2))
            scale = 1.0 + array_ops.expand_dims(array_ops.expand_dims(
                self.total_concentration, -1), -1)
            return matrix_set_diag(-outer / scale, self.variance())

    def mode(self, name="mode"):
        with self._scope(name):
            mode = (self.concentration - 1.0) / array_ops.expand_dims(
                self.total_concentration - self._event_size(), -1)
            defined = array_ops.expand_dims(reduce_all(greater(self.concentration, 1.0), -1),
                                            -1)
            return defined_where(defined, mode, self.allow_nan_stats,
                                 "mode not defined when any concentration <= 1")


class DirichletMultinomial(Distribution):
    """Counts of ``total_count`` draws over ``K`` classes whose probabilities are themselves
    drawn from ``Dirichlet(concentration)``."""

    def __init__(self, total_count, concentration, validate_args=False, allow_nan_stats=True,
                 name="DirichletMultinomial"):
        self.concentration = float_parameter(concentration)
        self.total_count = float_parameter(total_count, self.concentration.dtype)
        self.total_concentration = reduce_sum(self.concentration, -1)
        super().__init__(name, self.concentration.dtype,
                         {"total_count": self.total_count, "concentration": self.concentration})

    def _batch_shape(self):
        return broadcast_dynamic_shape(shape(self.total_count),
                                       shape(self.concentration)[:-1])

    def _static_batch_shape(self):
        return (self.total_count + self.total_concentration).shape

    def _count_column(self):
        return array_ops.expand_dims(self.total_count, -1)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            batch_concentration = self.concentration + array_ops.zeros_like(
                self._count_column())
            draws = random_gamma(_sample_list(sample_shape), batch_concentration,
                                 dtype=self.dtype, seed=seed)
            probs = draws / reduce_sum(draws, -1, keepdims=True)
            counts = Multinomial(self.total_count, probs=probs).sample(
                seed=None if seed is None else seed + 1)
            return counts

    def log_prob(self, counts, name="log_prob"):
        with self._scope(name):
            counts = convert_to_tensor(counts, dtype=self.dtype)
            c = self.concentration
            ordered = (reduce_sum(lgamma(c + counts), -1) - lgamma(reduce_sum(c + counts, -1))
                       - reduce_sum(lgamma(c), -1) + lgamma(self.total_concentration))
            return (ordered + lgamma(self.total_count + 1.0)
                    - reduce_sum(lgamma(counts + 1.0), -1))

    def _probs_and_scale(self):
        total = array_ops.expand_dims(self.total_concentration, -1)
        count = self._count_column()
        return self.concentration / total, count * (count + total) / (1.0 + total)

    def mean(self, name="mean"):
        with self._scope(name):
            return self._count_column() * self.concentration / array_ops.expand_dims(
                self.total_concentration, -1)

    def variance(self, name="variance"):
        with self._scope(name):
            probs, scale = self._probs_and_scale()
            return scale * probs * (1.0 - probs)

    def covariance(self, name="covariance"):
        """The ``[..., K, K]`` covariance of the counts."""
        with self._scope(name):
            probs, scale = self._probs_and_scale()
            outer = matmul(array_ops.expand_dims(probs, -1), array_ops.expand_dims(probs, -2))
            return matrix_set_diag(-outer * array_ops.expand_dims(scale, -1),
                                   scale * probs * (1.0 - probs))


@RegisterKL(Gamma, Gamma)
def _kl_gamma(a, b, name=None):
    ca, cb = a.concentration, b.concentration
    return ((ca - cb) * digamma(ca) + lgamma(cb) - lgamma(ca) + cb * log(a.rate)
            - cb * log(b.rate) + ca * (b.rate / a.rate - 1.0))


@RegisterKL(Beta, Beta)
def _kl_beta(a, b, name=None):
    da, db = a.concentration1 - b.concentration1, a.concentration0 - b.concentration0
    return (log_beta(b.concentration1, b.concentration0)
            - log_beta(a.concentration1, a.concentration0)
            + da * digamma(a.concentration1) + db * digamma(a.concentration0)
            - (da + db) * digamma(a.total_concentration))


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet(a, b, name=None):
    difference = a.concentration - b.concentration
    spread = digamma(a.concentration) - array_ops.expand_dims(digamma(a.total_concentration), -1)
    return (lgamma(a.total_concentration) - reduce_sum(lgamma(a.concentration), -1)
            - lgamma(b.total_concentration) + reduce_sum(lgamma(b.concentration), -1)
            + reduce_sum(difference * spread, -1))


__all__ = ["Beta", "Dirichlet", "DirichletMultinomial", "Exponential", "Gamma",
           "defined_where", "float_parameter", "log_beta"]
