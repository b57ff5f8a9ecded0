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
# issue 20 (i20g): gamma, poisson, stateless draws, Generator, seeds, candidate samplers.
from ..ops.candidate_sampling_ops import (fixed_unigram_candidate_sampler,
                                          log_uniform_candidate_sampler,
                                          uniform_candidate_sampler)
from ..ops.candidate_sampling_extra import (all_candidate_sampler,
                                            learned_unigram_candidate_sampler)
from ..ops.random_generator import (Algorithm, Generator, create_rng_state,
                                    get_global_generator, set_global_generator)
from ..ops.random_ops import get_seed
from ..ops.random_tail import random_gamma as gamma, random_poisson as poisson
from ..ops.stateless_random import (fold_in, split, stateless_categorical, stateless_multinomial,
                                    stateless_parameterized_truncated_normal,
                                    stateless_random_binomial as stateless_binomial,
                                    stateless_random_gamma as stateless_gamma,
                                    stateless_random_normal as stateless_normal,
                                    stateless_random_poisson as stateless_poisson,
                                    stateless_random_uniform as stateless_uniform,
                                    stateless_truncated_normal)
from . import random_experimental as experimental
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
