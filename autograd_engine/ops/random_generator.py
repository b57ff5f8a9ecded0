"""``tf.random.Generator`` in graph mode: its state is an int64 Variable ``[counter, 0, key]``
(TF's Philox layout), and each draw reads the state and moves the counter on in one op
(``RngReadAndSkip``), then makes a stateless draw from the seed pair ``(key, counter)``. So
draws differ from run to run, repeat from the same state, and the state saves and restores
with the other Variables. ``create_rng_state``, ``Algorithm`` and the global generator
(``get_global_generator``, ``set_global_generator``) come with it.

>>> import autograd_engine as tf
>>> gen = tf.random.Generator.from_seed(7)
>>> draw = gen.normal([2])
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer())
...     first, second = sess.run(draw), sess.run(draw)
>>> bool((first != second).all())
True
"""
import enum
import threading
import weakref

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .constant_op import convert_to_tensor, stack
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .state_ops import assign, storage_reader, variable_op_of
from .stateless_random import (split, stateless_random_binomial, stateless_random_normal,
                               stateless_random_uniform, stateless_truncated_normal)
from .variables import Variable


class Algorithm(enum.Enum):
    """TF's RNG algorithms (the engine draws with numpy's Philox for all of them)."""
    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


_STATE_SIZES = {Algorithm.PHILOX: 3, Algorithm.THREEFRY: 2, Algorithm.AUTO_SELECT: 3}


def _algorithm(alg):
    if alg is None:
        return Algorithm.PHILOX
    if isinstance(alg, Algorithm):
        return alg
    if isinstance(alg, str):
        names = {"philox": Algorithm.PHILOX, "threefry": Algorithm.THREEFRY,
                 "auto_select": Algorithm.AUTO_SELECT}
        if alg.lower() not in names:
            raise ValueError("Unsupported random algorithm %r" % alg)
        return names[alg.lower()]
    return Algorithm(int(alg))


def create_rng_state(seed, alg):
    """The state array a Generator of algorithm ``alg`` starts from for the integer ``seed``
    (its 64-bit words, lowest first, padded with zeros), as TF's ``create_rng_state``.

    >>> create_rng_state(5, "philox").tolist()
    [5, 0, 0]
    """
    size = _STATE_SIZES[_algorithm(alg)]
    seed = int(seed)
    words = []
    for _ in range(size):
        word = seed & (2 ** 64 - 1)
        words.append(word - 2 ** 64 if word >= 2 ** 63 else word)
        seed >>= 64
    return np.array(words, np.int64)


_skip_lock = threading.Lock()  # concurrent runs each get their own counter values


@register
class RngReadAndSkip(OpDef):
    """Outputs a Generator's state Variable as it was, and adds ``delta`` to its counter."""
    type_name = "RngReadAndSkip"
    stateful = True
    writes_variable = True
    differentiable = False

    def infer(self, op):
        var = op.attrs["variable"].outputs[0]
        return [(var.dtype, var.shape)]

    def kernel(self, op, ctx):
        read, delta = storage_reader(ctx, op.attrs["variable"], op), op.attrs["delta"]

        def read_and_skip():
            with _skip_lock:
                state = read()
                before = state.copy()
                state[0] += delta
                return before
        return read_and_skip

    def samples(self, rng):
        def skipped_twice(start):
            var_op = make_op("VariableV2", (), {"dtype": dtypes.int64, "shape": start.shape,
                                                "trainable": False})
            initialize = make_op("Assign", (start,), {"variable": var_op})
            first = make_op(self.type_name, (), {"variable": var_op, "delta": 5},
                            control_inputs=[initialize]).outputs[0]
            return make_op(self.type_name, (), {"variable": var_op, "delta": 5},
                           control_inputs=[first.op]).outputs[0]
        return [OpSample(skipped_twice, np.int64([3, 0, 9]),
                         reference=lambda start: np.int64([8, 0, 9]))]


class Generator:
    """A random number generator whose state is a Variable (``tf.random.Generator``).

    Build one with :meth:`from_seed`, :meth:`from_non_deterministic_state`,
    :meth:`from_state` or :meth:`from_key_counter`; run ``tf.global_variables_initializer()``
    (or ``gen.state.initializer``) before drawing."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            state, alg = copy_from.state.initialized_value(), copy_from.algorithm
        self._alg = _algorithm(alg)
        if state is None:
            raise ValueError("A Generator needs a state: use Generator.from_seed(...) or "
                             "Generator.from_non_deterministic_state().")
        initial = state if hasattr(state, "op") else np.asarray(state, np.int64)
        self._state = Variable(initial, trainable=False, dtype=dtypes.int64, name="StateVar")

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A Generator whose state comes from the integer ``seed``."""
        return cls(state=create_rng_state(seed, alg or Algorithm.PHILOX), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A Generator seeded from the operating system's entropy."""
        seed = int(np.random.SeedSequence().entropy) & (2 ** 127 - 1)
        return cls.from_seed(seed, alg)

    @classmethod
    def from_state(cls, state, alg):
        """A Generator starting from the state array ``state``."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A Generator from a key and a counter (``[counter..., key]``)."""
        counter = np.asarray(counter, np.int64).reshape(-1)
        return cls(state=np.concatenate([counter, np.int64([key]).reshape(-1)]), alg=alg)

    state = property(lambda self: self._state, doc="The state Variable.")
    algorithm = property(lambda self: self._alg.value, doc="The algorithm, as its number.")

    @property
    def key(self):
        """The key part of the state (its last word)."""
        return self._state.value()[-1]

    def _next_seed(self, delta=1):
        before = make_op("RngReadAndSkip", (), {"variable": variable_op_of(self._state),
                                                "delta": int(delta)}).outputs[0]
        return stack([before[-1], before[0]])

    def skip(self, delta):
        """Moves the counter on by ``delta`` draws (an op)."""
        return make_op("RngReadAndSkip", (), {"variable": variable_op_of(self._state),
                                              "delta": int(delta)}).outputs[0].op

    def reset(self, state):
        """An op setting the state to ``state``."""
        return assign(self._state, convert_to_tensor(state, dtype=dtypes.int64))

    def reset_from_seed(self, seed):
        """An op setting the state to the one :meth:`from_seed` would give."""
        return self.reset(create_rng_state(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        """An op setting the state to ``[counter..., key]``."""
        counter = np.asarray(counter, np.int64).reshape(-1)
        return self.reset(np.concatenate([counter, np.int64([key]).reshape(-1)]))

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal draws (a new seed each run)."""
        return stateless_random_normal(shape, self._next_seed(), mean, stddev, dtype, name)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal draws within two standard deviations."""
        return stateless_truncated_normal(shape, self._next_seed(), mean, stddev, dtype, name)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Uniform draws in ``[minval, maxval)`` (integer dtypes need ``maxval``, or neither
        bound for the full range)."""
        return stateless_random_uniform(shape, self._next_seed(), minval, maxval, dtype, name)

    def uniform_full_int(self, shape, dtype=dtypes.int64, name=None):
        """Integers over the whole range of ``dtype``."""
        return stateless_random_uniform(shape, self._next_seed(), None, None, dtype, name)

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None):
        """Binomial draws of ``counts`` trials with success probability ``probs``."""
        return stateless_random_binomial(shape, self._next_seed(), counts, probs, dtype, name)

    def make_seeds(self, count=1):
        """``[2, count]`` int64 seed pairs for the stateless functions."""
        return array_ops.transpose(split(self._next_seed(), count))

    def split(self, count=1):
        """``count`` new Generators whose states are drawn from this one."""
        seeds = self.make_seeds(count)
        return [Generator(state=stack([seeds[0, i], array_ops.zeros([], dtypes.int64),
                                       seeds[1, i]]), alg=self._alg)
                for i in range(count)]


_global_generators = weakref.WeakKeyDictionary()


def get_global_generator():
    """The default graph's global Generator (made from entropy on first use)."""
    graph = get_default_graph()
    if graph not in _global_generators:
        _global_generators[graph] = Generator.from_non_deterministic_state()
    return _global_generators[graph]


def set_global_generator(generator):
    """Makes ``generator`` the default graph's global Generator."""
    _global_generators[get_default_graph()] = generator


__all__ = ["Algorithm", "Generator", "create_rng_state", "get_global_generator",
           "set_global_generator"]
