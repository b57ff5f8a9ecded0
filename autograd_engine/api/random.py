"""``tf.random``: TF1.15's names in the ``tf.random`` namespace for the random ops the engine
has. ``tf.random.normal`` is ``tf.random_normal``, ``tf.random.shuffle`` is
``tf.random_shuffle``, and so on.

>>> import autograd_engine as tf
>>> tf.random.set_random_seed(1)
>>> draws = [tf.random.normal([2]), tf.random.uniform([2], maxval=5, dtype=tf.int32),
...          tf.random.shuffle(tf.range(4)), tf.random.categorical(tf.zeros([1, 3]), 2)]
>>> with tf.Session() as sess:
...     first = [v.tolist() for v in sess.run(draws)]
>>> with tf.Session() as sess:  # same seeds: the same draws in a new Session
...     first == [v.tolist() for v in sess.run(draws)]
True
"""
from ..ops.random_ops import set_random_seed, truncated_normal
from ..ops.random_ops import random_normal as normal
from ..ops.random_ops import random_uniform as uniform
from ..ops.random_ops_extra import categorical, multinomial
from ..ops.random_ops_extra import random_shuffle as shuffle
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
