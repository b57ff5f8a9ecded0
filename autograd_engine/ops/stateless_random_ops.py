"""Stateless random ops (``tf.random.stateless_*``): the draws are a function of ``shape``,
the ``seed`` pair and the parameters only, the same in every run and every Session.

``stateless_uniform`` (float and integer), ``stateless_normal`` and
``stateless_truncated_normal`` follow TensorFlow's Philox stream (:mod:`philox`): the same
values as TensorFlow for the same seed (float32 normals to within the rounding of ``log`` and
``sin``). The other draws (categorical, binomial, gamma, Poisson, parameterized truncated
normal) seed numpy's Philox generator with the seed pair: reproducible, not TensorFlow's
values. They run on the host. ``stateless_random_gamma`` is differentiable in ``alpha`` (the
implicit reparameterization gradient, see :mod:`gamma_sampling`); ``mean``/``stddev`` and
``minval``/``maxval`` of the uniform and normal draws take gradients as any tensor does.

>>> import autograd_engine as tf
>>> draw = tf.random.stateless_normal([3], seed=[1, 2])
>>> with tf.Session() as sess:
...     first = sess.run(draw)
>>> with tf.Session() as sess:
...     bool((sess.run(draw) == first).all())
True
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import gamma_sampling, philox
from .broadcast_ops import broadcast_to
from .constant_op import convert_to_tensor, shape_tensor_dims
from .elementwise_binary_ops import add, multiply, subtract
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register


def philox_generator(seed):
    """numpy's Philox generator keyed by a seed pair (two int64 values)."""
    seed = np.asarray(seed).reshape(-1)
    if seed.size != 2:
        raise InvalidArgumentError(None, None, "seed must have shape [2], not %s"
                                   % list(np.shape(seed)))
    key = np.asarray(seed, np.int64).astype(np.uint64)
    return np.random.Generator(np.random.Philox(key=key))


def _parameterized_truncated(gen, shape, means, stddevs, low, high):
    """Normal draws of ``means``, ``stddevs`` kept inside ``[low, high]`` by inverting the
    normal CDF between the bounds' probabilities."""
    from math import erf, sqrt
    cdf = np.vectorize(lambda z: 0.5 * (1.0 + erf(z / sqrt(2.0))), otypes=[np.float64])
    a, b = cdf((low - means) / stddevs), cdf((high - means) / stddevs)
    target = a + gen.random(shape) * (b - a)
    z = np.zeros(shape)  # Newton on the normal CDF, from 0
    for _ in range(60):
        density = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
        step = (cdf(z) - target) / np.maximum(density, 1e-300)
        z = np.clip(z - step, -38.0, 38.0)
        if np.all(np.abs(step) < 1e-12):
            break
    return np.clip(means + stddevs * z, low, high)


def _gamma(gen, shape, alpha):
    return gamma_sampling.gamma_from_uniform(alpha, gen.random(shape))


def _categorical(gen, shape, logits):
    """Class ids by inverting each row's unnormalized CDF, as TF1's Multinomial kernel (a
    class of logit -inf never comes up; a row with no finite logit gives ``num_classes``)."""
    finite = np.isfinite(logits)
    top = np.where(finite, logits, -np.inf).max(axis=1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    cdf = np.cumsum(np.exp(np.where(finite, logits - top, -np.inf)), axis=1)
    targets = gen.random(shape) * cdf[:, -1:]
    return np.stack([np.searchsorted(row, target, side="right")
                     for row, target in zip(cdf, targets)]).reshape(shape)


def _numpy_draw(draw):
    """A draw from numpy's Philox generator keyed by the seed (the ops TF's bits are not
    reproduced for)."""
    return lambda seed, shape, dtype, *params: draw(philox_generator(seed), shape, *params)


def _count(shape):
    return int(np.prod(shape, dtype=np.int64))


# type name: (draw(seed, shape, dtype, *params), parameter count). Uniform, normal and the
# integer draws follow TensorFlow's Philox stream (philox.py); the others numpy's Philox.
_DRAWS = {
    "StatelessRandomUniform": (lambda k, s, d: philox.uniform_floats(k, _count(s), d), 0),
    "StatelessRandomNormal": (lambda k, s, d: philox.normal_floats(k, _count(s), d), 0),
    "StatelessTruncatedNormal": (lambda k, s, d: philox.truncated_normal_floats(
        k, _count(s), d), 0),
    "StatelessRandomUniformInt": (lambda k, s, d, low, high: philox.uniform_integers(
        k, _count(s), np.asarray(low).item(), np.asarray(high).item(), d), 2),
    "StatelessRandomUniformFullInt": (lambda k, s, d: philox.full_range_integers(
        k, _count(s), d), 0),
    "StatelessRandomBinomial": (_numpy_draw(lambda g, s, counts, probs: g.binomial(
        counts.astype(np.int64), probs)), 2),
    "StatelessRandomGamma": (_numpy_draw(lambda g, s, alpha: _gamma(g, s, alpha)), 1),
    "StatelessRandomPoisson": (_numpy_draw(lambda g, s, lam: g.poisson(lam)), 1),
    "StatelessMultinomial": (_numpy_draw(lambda g, s, logits: _categorical(g, s, logits)), 1),
    "StatelessParameterizedTruncatedNormal": (_numpy_draw(
        lambda g, s, m, sd, low, high: _parameterized_truncated(g, s, m, sd, low, high)), 4),
}


class StatelessRandom(OpDef):
    """Inputs: the output shape (int vector), the seed pair, the parameters (broadcast to the
    output shape by the public functions, except the integer bounds: scalars). Attr
    ``dtype``: the output's."""
    host_only = True

    def __init__(self, type_name):
        self.type_name = type_name
        self._draw, self._params = _DRAWS[type_name]
        self.differentiable = type_name == "StatelessRandomGamma"

    def infer(self, op):
        seed = op.inputs[1]
        if seed.shape.ndims not in (None, 1) or seed.shape.as_tuple() not in (None, (None,),
                                                                               (2,)):
            raise ValueError("seed must have shape [2], not %s" % seed.shape)
        if not seed.dtype.is_integer:
            raise TypeError("seed must be int32 or int64, not %s" % seed.dtype.name)
        dims = shape_tensor_dims(op.inputs[0])
        return [(op.attrs["dtype"], TensorShape(dims))]

    def kernel(self, op, ctx):
        draw, dtype = self._draw, op.attrs["dtype"].np_dtype

        def stateless(shape, seed, *params):
            if np.size(seed) != 2:
                raise InvalidArgumentError(None, None, "seed must have shape [2], not %s"
                                           % list(np.shape(seed)))
            shape = tuple(int(d) for d in np.reshape(shape, -1))
            if any(d < 0 for d in shape):
                raise InvalidArgumentError(None, None, "Negative dimension in shape %s"
                                           % list(shape))
            return np.asarray(draw(seed, shape, dtype, *params)).astype(
                dtype, copy=False).reshape(shape)
        return stateless

    def gradient(self, op, grad):
        alpha, sample = op.inputs[2], op.outputs[0]
        return [None, None, grad * make_tensor("RandomGammaGrad", (alpha, sample), None)]

    def samples(self, rng):
        return _samples(self.type_name, rng)


@register
class RandomGammaGrad(OpDef):
    """``d sample / d alpha`` of gamma samples (inputs: alpha, sample, same shape)."""
    type_name = "RandomGammaGrad"
    host_only = True
    differentiable = False

    def infer(self, op):
        return [(op.inputs[1].dtype, op.inputs[1].shape)]

    def kernel(self, op, ctx):
        def gamma_grad(alpha, sample):
            return gamma_sampling.gamma_sample_derivative(alpha, sample).astype(sample.dtype)
        return gamma_grad

    def samples(self, rng):
        def reference(alpha, sample):
            # the inverse CDF's derivative, by central differences of P in float64
            step = 1e-6 * alpha
            p = gamma_sampling.lower_regularized_gamma
            d_alpha = (p(alpha + step, sample) - p(alpha - step, sample)) / (2 * step)
            density = np.exp((alpha - 1) * np.log(sample) - sample
                             - gamma_sampling.log_gamma(alpha))
            return -d_alpha / density
        return [OpSample(lambda a, x: make_tensor(self.type_name, (a, x), None),
                         np.float64([0.5, 2.0, 7.5]), np.float64([0.3, 1.7, 9.0]),
                         reference=reference, rtol=1e-6, atol=1e-9)]


def stateless_op(type_name, shape, seed, dtype, params=(), name=None):
    """A stateless draw of ``type_name`` (``params``: tensors, already broadcast)."""
    shape = convert_to_tensor(shape, dtype=None if hasattr(shape, "op") else dtypes.int64)
    seed = convert_to_tensor(seed, dtype=None if hasattr(seed, "op") else dtypes.int64)
    return make_tensor(type_name, (shape, seed) + tuple(params),
                       {"dtype": dtypes.as_dtype(dtype)}, name)


def _near(mean, sd, count=1200):
    """Whether a sample's mean is within 5 standard errors of ``mean`` (``sd``: one draw's
    standard deviation, ``count`` draws)."""
    return lambda v: abs(v.mean() - mean) < 5 * sd / np.sqrt(count)


_FULL = (300, 4)
# type name: (output dtype, parameters, check of one draw); the truncated normals' moments:
# a standard normal cut to [-2, 2] has sd 0.8796; cut to [-1, 2], mean 0.2296.
_SAMPLE_PLANS = {
    "StatelessRandomUniform": (dtypes.float64, (), lambda v: 0 <= v.min() and v.max() < 1
                               and _near(0.5, np.sqrt(1 / 12))(v)),
    "StatelessRandomNormal": (dtypes.float64, (), lambda v: _near(0, 1)(v)
                              and abs(v.std() - 1) < 0.1),
    "StatelessTruncatedNormal": (dtypes.float64, (), lambda v: np.abs(v).max() <= 2
                                 and abs(v.std() - 0.8796) < 0.1),
    "StatelessRandomUniformInt": (dtypes.int64, (np.int64(-3), np.int64(4)), lambda v: set(
        np.unique(v).tolist()) == set(range(-3, 4))),
    "StatelessRandomUniformFullInt": (dtypes.int64, (), lambda v: v.min() < -2 ** 61
                                      and v.max() > 2 ** 61),
    "StatelessRandomBinomial": (dtypes.int32, (np.full(_FULL, 10.0), np.full(_FULL, 0.3)),
                                lambda v: v.min() >= 0 and v.max() <= 10
                                and _near(3.0, np.sqrt(2.1))(v)),
    "StatelessRandomPoisson": (dtypes.float64, (np.full(_FULL, 4.0),),
                               lambda v: v.min() >= 0 and _near(4.0, 2.0)(v)),
    "StatelessParameterizedTruncatedNormal": (
        dtypes.float64, tuple(np.full(_FULL, x) for x in (0.0, 1.0, -1.0, 2.0)),
        lambda v: v.min() >= -1 and v.max() <= 2 and _near(0.2296, 1.0)(v)),
    # classes 0, 1, 2 of probabilities 0.2, 0.3, 0.5 (mean 1.3, variance 0.61); 3 never
    "StatelessMultinomial": (dtypes.int64, (np.float64([[np.log(0.2), np.log(0.3), np.log(0.5),
                                                         -np.inf]]),),
                             lambda v: v.max() <= 2 and _near(1.3, np.sqrt(0.61))(v)),
    "StatelessRandomGamma": (dtypes.float64, (np.broadcast_to(np.float64([0.5, 1.5, 3.0, 9.0]),
                                                              _FULL).copy(),),
                             # gamma(alpha) has mean and variance alpha: one column each
                             lambda v: all(_near(a, np.sqrt(a), 300)(v[:, k])
                                           for k, a in enumerate((0.5, 1.5, 3.0, 9.0)))),
}


def _samples(type_name, rng):
    """The same draw twice (equal, and right in range and moments); for gamma, its gradient."""
    dtype, params, check = _SAMPLE_PLANS[type_name]

    def build(shape, seed, *p):
        return [stateless_op(type_name, shape, seed, dtype, p) for _ in range(2)]

    def validate(values):
        np.testing.assert_array_equal(values[0], values[1])
        assert check(values[0]), (values[0].min(), values[0].max(), values[0].mean())
    shape = (1, 1200) if type_name == "StatelessMultinomial" else _FULL
    samples = [OpSample(build, np.int64(shape), np.int64([7, 11]), *params, validate=validate,
                        grad=(), name="same twice")]
    if type_name == "StatelessRandomGamma":
        samples.append(OpSample(lambda s, k, a: stateless_op(type_name, s, k, dtype, (a,)),
                                np.int64([1, 3]), np.int64([7, 11]), np.float64([[0.7, 2.0, 4.5]]),
                                grad=(2,), name="gradient in alpha"))
    return samples


for _type_name in _DRAWS:
    register(StatelessRandom(_type_name))


def stateless_random_gamma_draw(shape, seed, alpha, dtype, name=None):
    """Gamma(``alpha``, 1) draws of ``shape`` (``alpha`` broadcast to it)."""
    with get_default_graph().name_scope(name or "stateless_random_gamma"):
        alpha = broadcast_to(convert_to_tensor(alpha, dtype=dtype), shape)
        return stateless_op("StatelessRandomGamma", shape, seed, dtype, (alpha,))


def scaled(draw, scale, offset, dtype):
    """``draw * scale + offset`` with tensor ``scale``/``offset`` (gradients reach them)."""
    return add(multiply(draw, convert_to_tensor(scale, dtype=dtype)),
               convert_to_tensor(offset, dtype=dtype))


def uniform_in(draw, minval, maxval, dtype):
    """A ``[0, 1)`` draw moved to ``[minval, maxval)``."""
    low = convert_to_tensor(minval, dtype=dtype)
    return scaled(draw, subtract(convert_to_tensor(maxval, dtype=dtype), low), low, dtype)


__all__ = ["philox_generator", "stateless_op", "stateless_random_gamma_draw", "scaled",
           "uniform_in"]
