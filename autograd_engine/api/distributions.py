"""``tf.distributions``: Normal, Uniform, Bernoulli, Categorical, Multinomial and
kl_divergence.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     round(float(sess.run(tf.distributions.Bernoulli(probs=0.5).entropy())), 4)
0.6931
"""
from ..ops.distributions import (Bernoulli, Categorical, Distribution, Multinomial, Normal,
                                 Uniform, kl_divergence)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
