"""``tf.distributions``: Normal, Uniform, Bernoulli, Categorical, Multinomial, Beta,
Dirichlet, DirichletMultinomial, Exponential, Gamma, Laplace, StudentT, the
reparameterization types and kl_divergence with RegisterKL.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     round(float(sess.run(tf.distributions.Bernoulli(probs=0.5).entropy())), 4)
0.6931
"""
from ..ops.distributions import (Bernoulli, Categorical, Distribution, Multinomial, Normal,
                                 Uniform, kl_divergence)
# issue 20 (i20j): the tf.distributions tail.
from ..ops.distribution_registry import (FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED,
                                         RegisterKL, ReparameterizationType)
from ..ops.distributions_gamma import Beta, Dirichlet, DirichletMultinomial, Exponential, Gamma
from ..ops.distributions_location import Laplace, StudentT
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
