"""``tf.random_gamma`` / ``tf.random.gamma``, ``tf.random_poisson`` / ``tf.random.poisson``
and ``tf.random_index_shuffle``, seeded as TF1's random ops (graph seed and op seed).

A gamma or Poisson op draws a fresh seed pair each run (from the op's seeds, so runs repeat
from Session to Session) and hands it to the stateless draw, which makes ``random_gamma``
differentiable in ``alpha`` (implicit reparameterization, as TF1) and in ``beta``.

>>> import autograd_engine as tf
>>> draws = tf.random_gamma([1000], alpha=[2.0, 9.0], seed=1)
>>> draws.shape.as_list()
[1000, 2]
>>> with tf.Session() as sess:
...     [round(float(m)) for m in sess.run(tf.reduce_mean(draws, 0))]
[2, 9]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .broadcast_ops import broadcast_to
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .random_ops import random_tensor
from .registry import OpDef, make_tensor, register
from .stateless_random import output_shape, tiny_floor
from .stateless_random_ops import stateless_op


def fresh_seed_pair(seed):
    """A seed pair drawn anew every run by a stateful op seeded as TF1's random ops."""
    return random_tensor("RandomUniformInt", [2], dtypes.int64, seed, None, minval=0,
                         maxval=2 ** 62)


def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma draws of concentration ``alpha`` and rate ``beta`` (default 1), of shape
    ``shape + broadcast(alpha, beta).shape``; differentiable in ``alpha`` and ``beta``."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "random_gamma"):
        alpha = convert_to_tensor(alpha, dtype=dtype)
        beta = convert_to_tensor(1.0 if beta is None else beta, dtype=dtype)
        alpha_full = alpha + array_ops.zeros_like(beta)  # broadcast(alpha, beta)
        full_shape = output_shape(shape, alpha_full)
        draw = stateless_op("StatelessRandomGamma", full_shape, fresh_seed_pair(seed), dtype,
                            (broadcast_to(alpha_full, full_shape),))
        return tiny_floor(draw / (beta + array_ops.zeros_like(alpha)), dtype)


def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    """Poisson draws of rate ``lam``, of shape ``shape + lam.shape`` (TF1's argument order:
    ``lam`` first; ``tf.random.poisson`` is the same function).

    >>> import autograd_engine as tf
    >>> tf.random_poisson([1.5, 4.0], [10], seed=2).shape.as_list()
    [10, 2]
    """
    with get_default_graph().name_scope(name or "random_poisson"):
        lam = convert_to_tensor(lam)
        lam = lam if lam.dtype.is_floating else convert_to_tensor(lam, dtype=dtypes.float32)
        full_shape = output_shape(shape, lam)
        return stateless_op("StatelessRandomPoisson", full_shape, fresh_seed_pair(seed), dtype,
                            (broadcast_to(lam, full_shape),))


# ------------------------------------------------------------------ random_index_shuffle
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(value):
    """SplitMix64's finalizer: a well-spread 64-bit hash (uint64 arrays, wrapping)."""
    value = (value ^ (value >> np.uint64(30))) * _MIX1
    value = (value ^ (value >> np.uint64(27))) * _MIX2
    return value ^ (value >> np.uint64(31))


def shuffled_indices(index, seed, max_index, rounds):
    """A bijection of ``[0, max_index]`` applied to ``index``: a balanced Feistel network
    keyed by ``seed`` over the smallest even number of bits covering ``max_index``, walked
    until it lands inside the range (cycle walking)."""
    with np.errstate(over="ignore"):
        max_index = int(max_index)
        half = max(1, (max(max_index, 1).bit_length() + 1) // 2)
        mask = np.uint64((1 << half) - 1)
        keys = [_mix(np.uint64(int(seed[0]) & (2 ** 64 - 1)) ^ _mix(
            np.uint64((int(seed[1]) + r * 0x9E3779B97F4A7C15) & (2 ** 64 - 1))))
            for r in range(rounds)]
        values = np.asarray(index).astype(np.uint64).reshape(-1)
        active = np.arange(values.size)
        while active.size:
            x = values[active]
            left, right = x >> np.uint64(half), x & mask
            for key in keys:
                left, right = right, left ^ (_mix(right ^ key) & mask)
            values[active] = (left << np.uint64(half)) | right
            active = active[values[active] > np.uint64(max_index)]
        return values.reshape(np.shape(index))


@register
class RandomIndexShuffle(OpDef):
    """Inputs: index (any shape), seed (3 values in TF; the first two used here), max_index
    (scalar). Output: the shuffled index, of the index's dtype."""
    type_name = "RandomIndexShuffle"
    host_only = True
    differentiable = False

    def infer(self, op):
        index = op.inputs[0]
        if not index.dtype.is_integer:
            raise TypeError("index must be an integer tensor, not %s" % index.dtype.name)
        return [(index.dtype, index.shape)]

    def kernel(self, op, ctx):
        rounds = op.attrs["rounds"]

        def index_shuffle(index, seed, max_index):
            if np.any(index < 0) or np.any(index > max_index):
                raise ValueError("index must lie in [0, max_index=%d]" % int(max_index))
            seed = np.asarray(seed).reshape(-1)
            return shuffled_indices(index, seed, max_index, rounds).astype(index.dtype)
        return index_shuffle

    def samples(self, rng):
        def is_permutation(values):
            assert sorted(values[0].tolist()) == list(range(37)), values[0]
            assert values[0].tolist() != list(range(37))
        return [OpSample(lambda i, s, m: make_tensor(self.type_name, (i, s, m), {"rounds": 4}),
                         np.arange(37, dtype=np.int64), np.int64([1, 2, 3]), np.int64(36),
                         validate=is_permutation, grad=())]


def random_index_shuffle(index, seed, max_index, rounds=4, name=None):
    """Where ``index`` goes in a random permutation of ``[0, max_index]`` fixed by ``seed``
    (``tf.random_index_shuffle``): every index maps to a different one. The permutation is a
    keyed Feistel network, not TensorFlow's bits.

    >>> import autograd_engine as tf
    >>> shuffled = tf.random_index_shuffle(tf.range(5, dtype=tf.int64), [4, 2, 0], 4)
    >>> with tf.Session() as sess:
    ...     sorted(sess.run(shuffled).tolist())
    [0, 1, 2, 3, 4]
    """
    index = convert_to_tensor(index, dtype=None if hasattr(index, "op") else dtypes.int64)
    seed = convert_to_tensor(seed, dtype=None if hasattr(seed, "op") else index.dtype)
    max_index = convert_to_tensor(max_index, dtype=index.dtype)
    if seed.shape.as_tuple() not in (None, (None,), (3,), (2,)):
        raise ValueError("seed must have shape [3], not %s" % seed.shape)
    return make_tensor("RandomIndexShuffle", (index, seed, max_index), {"rounds": int(rounds)},
                       name)


__all__ = ["random_gamma", "random_poisson", "random_index_shuffle", "fresh_seed_pair",
           "shuffled_indices"]
