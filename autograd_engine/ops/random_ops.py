"""Random tensors with TF1's seeding: a graph-level seed (``tf.set_random_seed``) and an
op-level seed together make runs repeatable; each Session starts every op's sequence afresh."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import add, multiply, subtract
from .elementwise_unary_ops import cast, floor
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand


DEFAULT_GRAPH_SEED = 87654321


def set_random_seed(seed):
    """Sets the graph-level seed of the default graph."""
    get_default_graph().seed = seed


def get_seed(op_seed):
    """TF1's rule: (graph seed, op seed) for a new random op; (None, None) means unseeded."""
    graph = get_default_graph()
    if graph.seed is not None:
        return graph.seed, (op_seed if op_seed is not None else len(graph))
    if op_seed is not None:
        return DEFAULT_GRAPH_SEED, op_seed
    return None, None


class RandomOp(OpDef):
    """Shape given statically or as a tensor; values drawn from the op's own generator, which
    the Session keeps (and seeds from the op's seeds) for the life of the Session."""
    stateful = True
    differentiable = False
    host_inputs = (0,)  # the shape, when given as a tensor (its only input; TF1: HostMemory)

    def __init__(self, type_name, draw):
        self.type_name = type_name
        self._draw = draw

    def infer(self, op):
        return [(op.attrs["dtype"], TensorShape(ShapeOperand.static_dims(op, 0)))]

    def kernel(self, op, ctx):
        rng, draw, attrs = ctx.random_state(op), self._draw, op.attrs
        dtype = attrs["dtype"].np_dtype
        return ShapeOperand.bind(op, 0, lambda shape: draw(rng, shape, attrs).astype(dtype, copy=False))


def _truncated(rng, shape, attrs):
    """Normal samples, redrawing those more than two standard deviations out (as TF1)."""
    out = rng.standard_normal(shape)
    bad = abs(out) > 2  # the builtin: works on the backend's arrays (numpy or cupy)
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = abs(out) > 2
    return out * attrs["stddev"] + attrs["mean"]


def random_op_samples(type_name, check, dtype_pair, shapes=((40, 5), (4, 50), (200,), ()),
                      **params):
    """``make_samples`` of a random op drawing with ``params``, one sample per shape: seeded
    twice with the same seeds (the two draws, and the meta-graph copy's, must agree), the
    shape fed at run time, unseeded, and seeded again; the dtypes alternate over
    ``dtype_pair``. ``check(value)`` tests one draw's range and, given enough values, its
    moments, with generous bounds."""
    def make_samples(rng):
        def seeded_twice():
            return [random_tensor(type_name, shapes[0], dtype_pair[0], 7, None, **params)
                    for _ in range(2)]

        def same_and_checked(values):
            np.testing.assert_array_equal(values[0], values[1])
            check(values[0])
        return [OpSample(seeded_twice, validate=same_and_checked, name="seeded twice"),
                OpSample(lambda shape: random_tensor(type_name, shape, dtype_pair[1], 3, None, **params),
                         np.array(shapes[1], np.int32), validate=lambda values: check(values[0]),
                         name="run-time shape"),
                OpSample(lambda: random_tensor(type_name, shapes[2], dtype_pair[0], None, None, **params),
                         validate=lambda values: check(values[0]), deterministic=False,
                         name="unseeded"),
                OpSample(lambda: random_tensor(type_name, shapes[3], dtype_pair[1], 5, None, **params),
                         validate=lambda values: check(values[0]))]
    return make_samples


def _moments_check(low, high, mean, std, tolerance=0.3):
    """Every value in [low, high); with 100 values or more, the mean within ``tolerance``
    standard deviations of ``mean`` and the standard deviation within 30% of ``std``."""
    def check(value):
        assert np.all((low <= value) & (value < high)), (value.min(), value.max())
        if value.size >= 100:
            assert abs(value.mean() - mean) < tolerance * std, value.mean()
            assert abs(value.std() - std) < 0.3 * std, value.std()
    return check


def _uniform_int_check(value):
    assert np.all((-3 <= value) & (value < 4)), (value.min(), value.max())
    if value.size >= 100:
        assert set(np.unique(value).tolist()) == set(range(-3, 4)), np.unique(value)


_FLOATS = (dtypes.float32, dtypes.float64)
register(RandomOp("RandomStandardNormal",
                  lambda rng, shape, a: rng.standard_normal(shape) * a["stddev"] + a["mean"]),
         samples=random_op_samples("RandomStandardNormal", _moments_check(-np.inf, np.inf, 1, 2),
                                   _FLOATS, mean=1.0, stddev=2.0))
# a standard normal truncated to [-2, 2] has standard deviation 0.8796
register(RandomOp("TruncatedNormal", _truncated),
         samples=random_op_samples("TruncatedNormal", _moments_check(-3, 5, 1, 2 * 0.8796),
                                   _FLOATS, mean=1.0, stddev=2.0))
register(RandomOp("RandomUniform",
                  lambda rng, shape, a: rng.uniform(a["minval"], a["maxval"], shape)),
         samples=random_op_samples("RandomUniform", _moments_check(-1, 3, 1, 4 / np.sqrt(12)),
                                   _FLOATS, minval=-1.0, maxval=3.0))
register(RandomOp("RandomUniformInt",
                  lambda rng, shape, a: rng.integers(a["minval"], a["maxval"], shape)),
         samples=random_op_samples("RandomUniformInt", _uniform_int_check,
                                   (dtypes.int32, dtypes.int64), minval=-3, maxval=4))


def random_tensor(type_name, shape, dtype, seed, name, **params):
    extra, attrs = ShapeOperand.split(shape)
    seed1, seed2 = get_seed(seed)
    attrs.update(params, dtype=dtypes.as_dtype(dtype), seed=seed1, seed2=seed2)
    return make_tensor(type_name, extra, attrs, name)


def _run_time(*values):
    """Whether any of ``values`` is a tensor whose value is only known at run time."""
    return any(hasattr(v, "op") and constant_value(convert_to_tensor(v)) is None
               for v in values)


def _static(value):
    if hasattr(value, "op"):
        value = constant_value(convert_to_tensor(value))
    return float(value)


def _scaled(type_name, shape, dtype, seed, name, scale, offset, **standard):
    """``standard draw * scale + offset`` with tensor ``scale``/``offset`` (TF1 builds its
    random ops so, which also lets gradients reach them: the reparameterization trick)."""
    dtype = dtypes.as_dtype(dtype)
    graph = get_default_graph()
    with graph.name_scope(name or type_name):
        draw = random_tensor(type_name, shape, dtype, seed, None, **standard)
        return add(multiply(draw, convert_to_tensor(scale, dtype=dtype)),
                   convert_to_tensor(offset, dtype=dtype))


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution. ``shape``, ``mean`` and ``stddev`` may be tensors
    (``stddev=1. / tf.sqrt(n / 2.)``, the Xavier idiom).

    >>> import autograd_engine as tf
    >>> tf.random_normal([2, 3], seed=1).shape.as_list()
    [2, 3]
    >>> n = tf.placeholder(tf.float32, [])
    >>> tf.random_normal([2, 3], stddev=1. / tf.sqrt(n / 2.)).shape.as_list()
    [2, 3]
    """
    if _run_time(mean, stddev):
        return _scaled("RandomStandardNormal", shape, dtype, seed, name, stddev, mean,
                       mean=0.0, stddev=1.0)
    return random_tensor("RandomStandardNormal", shape, dtype, seed, name,
                         mean=_static(mean), stddev=_static(stddev))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, none further than two standard deviations from the mean (``shape``,
    ``mean`` and ``stddev`` may be tensors)."""
    if _run_time(mean, stddev):
        return _scaled("TruncatedNormal", shape, dtype, seed, name, stddev, mean,
                       mean=0.0, stddev=1.0)
    return random_tensor("TruncatedNormal", shape, dtype, seed, name,
                         mean=_static(mean), stddev=_static(stddev))


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in ``[minval, maxval)`` (``maxval`` defaults to 1 for floats; integer
    dtypes need it). ``shape``, ``minval`` and ``maxval`` may be tensors."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError("Must specify maxval for integer dtype %s" % dtype.name)
        if _run_time(minval, maxval):
            return _uniform_int_from_tensors(shape, minval, maxval, dtype, seed, name)
        return random_tensor("RandomUniformInt", shape, dtype, seed, name,
                             minval=int(_static(minval)), maxval=int(_static(maxval)))
    maxval = 1.0 if maxval is None else maxval
    if _run_time(minval, maxval):
        with get_default_graph().name_scope(name or "random_uniform"):
            low = convert_to_tensor(minval, dtype=dtype)
            return _scaled("RandomUniform", shape, dtype, seed, None,
                           subtract(convert_to_tensor(maxval, dtype=dtype), low), low,
                           minval=0.0, maxval=1.0)
    return random_tensor("RandomUniform", shape, dtype, seed, name,
                         minval=_static(minval), maxval=_static(maxval))


def _uniform_int_from_tensors(shape, minval, maxval, dtype, seed, name):
    """Integers in ``[minval, maxval)`` for run-time bounds: a float64 uniform draw scaled to
    the range and floored (exact for ranges far below 2**52)."""
    with get_default_graph().name_scope(name or "random_uniform"):
        low = convert_to_tensor(minval, dtype=dtype)
        span = cast(subtract(convert_to_tensor(maxval, dtype=dtype), low), dtypes.float64)
        draw = random_tensor("RandomUniform", shape, dtypes.float64, seed, None,
                             minval=0.0, maxval=1.0)
        return add(cast(floor(multiply(draw, span)), dtype), low)
