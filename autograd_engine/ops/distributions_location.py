"""``tf.distributions.Laplace`` and ``tf.distributions.StudentT``: location-scale families
with TF1's ``sample`` (reparameterised), ``log_prob``, ``cdf``, ``entropy``, moments and
``mode``; StudentT's mean and variance are NaN (or ``inf``) where ``df`` leaves them undefined.

>>> import autograd_engine as tf
>>> t = tf.distributions.StudentT(df=3.0, loc=0.0, scale=1.0)
>>> with tf.Session() as sess:
...     [round(float(v), 4) for v in sess.run([t.log_prob(0.5), t.variance()])]
[-1.161, 3.0]
"""
import math

import numpy as np

from . import array_ops
from .array_tail import broadcast_dynamic_shape
from .constant_op import convert_to_tensor
from .distribution_registry import FULLY_REPARAMETERIZED
from .distributions import Distribution, full_sample_shape
from .distributions_gamma import defined_where, float_parameter, log_beta
from .complex_ops import abs as absolute
from .elementwise_binary_ops import greater, less, where_v2
from .elementwise_unary_ops import expm1, log, log1p, rsqrt, sign, square
from .random_ops import random_normal, random_uniform
from .random_tail import random_gamma
from .shape_ops import shape
from .special_gamma_ops import betainc
from .special_math_ops import digamma, lgamma


class Laplace(Distribution):
    """The Laplace (double exponential) distribution around ``loc`` with ``scale``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        self.loc = float_parameter(loc)
        self.scale = float_parameter(scale, self.loc.dtype)
        super().__init__(name, self.loc.dtype, {"loc": self.loc, "scale": self.scale})

    def _batch_shape(self):
        return broadcast_dynamic_shape(shape(self.loc), shape(self.scale))

    def _static_batch_shape(self):
        return (self.loc + self.scale).shape

    def _broadcast(self, value):
        return value + array_ops.zeros_like(self.loc + self.scale)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            # Open at -1 as well, so that log1p(-|u|) stays finite.
            low = float(np.nextafter(self.dtype.as_numpy_dtype(-1.0),
                                     self.dtype.as_numpy_dtype(0.0)))
            unit = random_uniform(full_sample_shape(sample_shape, self._batch_shape()),
                                  minval=low, maxval=1.0, dtype=self.dtype, seed=seed)
            return self.loc - self.scale * sign(unit) * log1p(-absolute(unit))

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            value = convert_to_tensor(value, dtype=self.dtype)
            return -math.log(2.0) - log(self.scale) - absolute(value - self.loc) / self.scale

    def cdf(self, value, name="cdf"):
        with self._scope(name):
            z = (convert_to_tensor(value, dtype=self.dtype) - self.loc) / self.scale
            return 0.5 - 0.5 * sign(z) * expm1(-absolute(z))

    def entropy(self, name="entropy"):
        with self._scope(name):
            return self._broadcast(math.log(2.0) + 1.0 + log(self.scale))

    def mean(self, name="mean"):
        with self._scope(name):
            return self._broadcast(self.loc)

    def mode(self, name="mode"):
        return self.mean(name)

    def variance(self, name="variance"):
        with self._scope(name):
            return self._broadcast(2.0 * square(self.scale))

    def stddev(self, name="stddev"):
        with self._scope(name):
            return self._broadcast(math.sqrt(2.0) * self.scale)


class StudentT(Distribution):
    """Student's t distribution with ``df`` degrees of freedom, shifted by ``loc`` and
    scaled by ``scale``."""
    reparameterization_type = FULLY_REPARAMETERIZED

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True,
                 name="StudentT"):
        self.df = float_parameter(df)
        self.loc = float_parameter(loc, self.df.dtype)
        self.scale = float_parameter(scale, self.df.dtype)
        self.allow_nan_stats = allow_nan_stats
        super().__init__(name, self.df.dtype, {"df": self.df, "loc": self.loc,
                                               "scale": self.scale})

    def _batch_shape(self):
        return broadcast_dynamic_shape(broadcast_dynamic_shape(shape(self.df), shape(self.loc)),
                                       shape(self.scale))

    def _static_batch_shape(self):
        return (self.df + self.loc + self.scale).shape

    def _broadcast(self, value):
        return value + array_ops.zeros_like(self.df + self.loc + self.scale)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._scope(name):
            normal = random_normal(full_sample_shape(sample_shape, self._batch_shape()),
                                   dtype=self.dtype, seed=seed)
            half_df = self._broadcast(0.5 * self.df)
            chi2 = random_gamma(np.asarray(sample_shape, np.int32).reshape(-1), half_df,
                                beta=0.5, dtype=self.dtype,
                                seed=None if seed is None else seed + 1)
            return normal * rsqrt(chi2 / self.df) * self.scale + self.loc

    def log_prob(self, value, name="log_prob"):
        with self._scope(name):
            y = (convert_to_tensor(value, dtype=self.dtype) - self.loc) / self.scale
            normalizer = (log(absolute(self.scale)) + 0.5 * log(self.df)
                          + 0.5 * math.log(math.pi) + lgamma(0.5 * self.df)
                          - lgamma(0.5 * (self.df + 1.0)))
            return -0.5 * (self.df + 1.0) * log1p(square(y) / self.df) - normalizer

    def cdf(self, value, name="cdf"):
        with self._scope(name):
            y = (convert_to_tensor(value, dtype=self.dtype) - self.loc) / self.scale
            df = self.df + array_ops.zeros_like(y)
            lower_tail = 0.5 * betainc(0.5 * df, 0.5 + array_ops.zeros_like(df),
                                       df / (square(y) + df))
            return where_v2(less(y, 0.0), lower_tail, 1.0 - lower_tail)

    def entropy(self, name="entropy"):
        with self._scope(name):
            df = self._broadcast(self.df)
            half_next = 0.5 * (df + 1.0)
            return (half_next * (digamma(half_next) - digamma(0.5 * df)) + 0.5 * log(df)
                    + log_beta(0.5 * df, 0.5 + array_ops.zeros_like(df))
                    + log(absolute(self.scale)))

    def mean(self, name="mean"):
        with self._scope(name):
            return defined_where(greater(self.df, 1.0), self._broadcast(self.loc),
                                 self.allow_nan_stats, "mean not defined for components of "
                                 "df <= 1")

    def mode(self, name="mode"):
        with self._scope(name):
            return self._broadcast(self.loc)

    def variance(self, name="variance"):
        with self._scope(name):
            df = self._broadcast(self.df)
            safe_denominator = where_v2(greater(df, 2.0), df - 2.0, array_ops.ones_like(df))
            finite = square(self.scale) * df / safe_denominator
            where_finite = where_v2(greater(df, 2.0), finite,
                                    array_ops.zeros_like(finite) + np.inf)
            return defined_where(greater(df, 1.0), where_finite, self.allow_nan_stats,
                                 "variance not defined for components of df <= 1")


__all__ = ["Laplace", "StudentT"]
