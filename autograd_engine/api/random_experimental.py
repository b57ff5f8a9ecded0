"""``tf.random.experimental``: the Generator API and the stateless seed helpers under their
experimental names (``stateless_split`` is ``tf.random.split``, ``stateless_fold_in``
``tf.random.fold_in``, ``index_shuffle`` ``tf.random_index_shuffle``).

>>> import autograd_engine as tf
>>> tf.random.experimental.Generator is tf.random.Generator
True
"""
from ..ops.random_generator import (Algorithm, Generator, create_rng_state,
                                    get_global_generator, set_global_generator)
from ..ops.random_tail import random_index_shuffle as index_shuffle
from ..ops.stateless_random import (fold_in as stateless_fold_in, split as stateless_split,
                                    stateless_shuffle)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
