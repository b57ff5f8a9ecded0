"""``tf.random_shuffle`` and ``tf.multinomial`` / ``tf.random.categorical``, seeded like the
engine's other random ops: a graph-level seed (``tf.set_random_seed``) and an op-level seed
together make the draws repeatable from one Session to the next."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .op_samples import OpSample, distinct
from .random_ops import get_seed
from .registry import OpDef, make_tensor, register


# ------------------------------------------------------------------ random_shuffle
@register
class RandomShuffle(OpDef):
    """``value`` with its slices along the first dimension in a random order. TF1 registers no
    gradient, so ``tf.gradients`` through a shuffle raises LookupError, as there."""
    type_name = "RandomShuffle"
    stateful = True

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, rng = ctx.xp, ctx.random_state(op)

        def shuffle(value):
            if value.ndim == 0:
                return value.copy()
            # Sorting independent uniform keys gives every order the same chance, with the
            # generator methods numpy and CuPy share.
            return value[xp.argsort(rng.random(value.shape[0]))]
        return shuffle

    def samples(self, rng):
        def shuffled(value, seed):
            return make_tensor(self.type_name, (value,), dict(zip(("seed", "seed2"),
                                                                   get_seed(seed))))

        def a_shuffle_of(original):
            def check(values):
                rows = sorted(np.reshape(values[-1], (len(original), -1)).tolist())
                assert rows == sorted(np.reshape(original, (len(original), -1)).tolist())
            return check

        def same_shuffle_of(original):
            def check(values):
                np.testing.assert_array_equal(values[0], values[1])
                a_shuffle_of(original)(values)
            return check
        # No gradient check: TF1 registers no gradient for RandomShuffle.
        rows, line = distinct(rng, 6, 2), rng.permutation(10).astype(np.int32)
        return [OpSample(lambda v: [shuffled(v, 4), shuffled(v, 4)], rows, grad=(),
                         validate=same_shuffle_of(rows), name="seeded twice"),
                OpSample(lambda v: shuffled(v, 9), line, validate=a_shuffle_of(line)),
                OpSample(lambda v: shuffled(v, None), rows, grad=(), deterministic=False,
                         validate=a_shuffle_of(rows), name="unseeded"),
                OpSample(lambda v: shuffled(v, 2), np.float32(1.5), grad=(),
                         reference=lambda v: v, name="scalar")]


def random_shuffle(value, seed=None, name=None):
    """``value`` shuffled along its first dimension (each slice ``value[i]`` stays whole); a new
    order every run.

    >>> import autograd_engine as tf
    >>> shuffled = tf.random_shuffle([[1, 2], [3, 4], [5, 6]], seed=3)
    >>> with tf.Session() as sess:
    ...     sorted(sess.run(shuffled).tolist())
    [[1, 2], [3, 4], [5, 6]]
    """
    seed1, seed2 = get_seed(seed)
    return make_tensor("RandomShuffle", (convert_to_tensor(value),),
                       {"seed": seed1, "seed2": seed2}, name)


# ------------------------------------------------------------------ multinomial, categorical
def _upper_bound(xp, cdf, targets):
    """For every row ``b`` and every ``t`` in ``targets[b]``: how many entries of ``cdf[b]``
    (non-decreasing) are <= t, i.e. C++'s ``std::upper_bound`` as TF1's kernel uses it. One
    binary search runs on all rows and samples at once, in memory of the samples' size."""
    classes = cdf.shape[1]
    low = xp.zeros(targets.shape, dtype=np.int64)
    high = xp.full(targets.shape, classes, dtype=np.int64)
    for _ in range(int(classes).bit_length()):  # each step halves every open interval
        middle = (low + high) // 2
        at_or_below = xp.take_along_axis(cdf, xp.minimum(middle, classes - 1), axis=1) <= targets
        open_ = low < high
        low = xp.where(open_ & at_or_below, middle + 1, low)
        high = xp.where(open_ & ~at_or_below, middle, high)
    return low


@register
class Multinomial(OpDef):
    """``num_samples`` class indices per row of the 2-D ``logits``, drawn with probabilities
    ``softmax(logits)``, as TF1's CPU kernel: in float64, non-finite logits have probability 0
    (a row without a finite logit gives ``num_classes``)."""
    type_name = "Multinomial"
    stateful = True
    host_inputs = (1,)  # num_samples, read by Python (TF1: HostMemory)
    differentiable = False  # TF1: ops.NotDifferentiable("Multinomial")

    def infer(self, op):
        logits, num_samples = op.inputs
        if not (logits.dtype.is_floating or logits.dtype.is_integer):
            raise TypeError("Value passed to parameter 'logits' has DataType %s not in list of "
                            "allowed values: real numbers (op '%s')" % (logits.dtype.name, op.name))
        if num_samples.dtype != dtypes.int32:
            raise TypeError("Value passed to parameter 'num_samples' has DataType %s not in "
                            "list of allowed values: int32" % num_samples.dtype.name)
        dims = logits.shape.as_tuple()
        if dims is not None and len(dims) != 2:
            raise ShapeInferenceError("Shape must be rank 2 but is rank %d" % len(dims))
        if num_samples.shape.ndims not in (None, 0):
            raise ShapeInferenceError("Shape must be rank 0 but is rank %d"
                                      % num_samples.shape.ndims)
        count = constant_value(num_samples)
        if count is not None and int(count) < 0:
            raise ShapeInferenceError("Dimension size, given by scalar input 1, must be "
                                      "non-negative but is %d" % int(count))
        batch = None if dims is None else dims[0]
        return [(op.attrs["output_dtype"],
                 TensorShape([batch, None if count is None else int(count)]))]

    def kernel(self, op, ctx):
        xp, rng = ctx.xp, ctx.random_state(op)
        out_dtype = op.attrs["output_dtype"].np_dtype

        def multinomial_kernel(logits, num_samples):
            if logits.ndim != 2:
                raise ValueError("logits should be a matrix, got shape %s" % (logits.shape,))
            count = int(num_samples)
            if count < 0:
                raise ValueError("num_samples should be nonnegative, got %d" % count)
            batch, classes = logits.shape
            if classes == 0:
                raise ValueError("num_classes should be positive, got 0")
            x = logits.astype(np.float64)
            finite = xp.isfinite(x)
            top = xp.where(finite, x, -np.inf).max(axis=1, keepdims=True)
            top = xp.where(xp.isfinite(top), top, 0.0)  # a row with no finite logit
            weights = xp.exp(xp.where(finite, x - top, -np.inf))
            cdf = xp.cumsum(weights, axis=1)  # unnormalized, as TF1's
            targets = rng.random((batch, count)) * cdf[:, -1:]
            return _upper_bound(xp, cdf, targets).astype(out_dtype)
        return multinomial_kernel

    def samples(self, rng):
        def draw(logits, count, seed, dtype=dtypes.int64):
            return _draw(logits, count, dtype, seed, None, "output_dtype")

        def frequencies_near(probabilities):
            def check(values):
                for sample in values:
                    counts = [np.mean(sample == k, axis=1) for k in range(probabilities.shape[1])]
                    np.testing.assert_allclose(np.stack(counts, axis=1), probabilities, atol=0.08)
            return check

        def same_and_near(probabilities):
            def check(values):
                np.testing.assert_array_equal(values[0], values[1])
                frequencies_near(probabilities)(values)
            return check
        # a class of probability 0 (logit -inf) never comes up; a row with no finite logit
        # gives num_classes, as TF1's CPU kernel
        probabilities = np.array([[0.2, 0.3, 0.5], [0.9, 0.0, 0.1]])
        with np.errstate(divide="ignore"):
            logits = np.log(probabilities)
        count = np.array(400, np.int32)
        return [OpSample(lambda p, n: [draw(p, n, 5), draw(p, n, 5)], logits.astype(np.float32),
                         count, validate=same_and_near(probabilities), name="seeded twice"),
                OpSample(lambda p, n: draw(p, n, None, dtypes.int32), logits, count,
                         validate=frequencies_near(probabilities), deterministic=False,
                         name="unseeded"),
                OpSample(lambda p, n: draw(p, n, 8), np.array([[3, 0, -1]], np.int32),
                         np.array(0, np.int32), reference=lambda p, n: np.zeros((1, 0), np.int64),
                         name="no samples"),
                OpSample(lambda p, n: draw(p, n, 6, dtypes.int32),
                         np.full((2, 3), -np.inf, np.float32), np.array(4, np.int32),
                         reference=lambda p, n: np.full((2, 4), 3, np.int32),
                         name="no finite logit")]


def _draw(logits, num_samples, dtype, seed, name, dtype_argument):
    dtype = dtypes.int64 if dtype is None else dtypes.as_dtype(dtype)
    if dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: int32, int64" % (dtype_argument, dtype.name))
    num_samples = convert_to_tensor(num_samples, dtype=None if isinstance(num_samples, TensorLike)
                                    else dtypes.int32)
    seed1, seed2 = get_seed(seed)
    return make_tensor("Multinomial", (convert_to_tensor(logits), num_samples),
                       {"seed": seed1, "seed2": seed2, "output_dtype": dtype}, name)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """``num_samples`` class indices for each row of ``logits`` (``[batch, num_classes]``,
    unnormalized log-probabilities): a ``[batch, num_samples]`` tensor of ``output_dtype``
    (default int64).

    >>> import autograd_engine as tf
    >>> samples = tf.multinomial([[0.0, -float("inf"), 0.0]], 5, seed=1)
    >>> samples.shape.as_list(), samples.dtype
    ([1, 5], tf.int64)
    >>> with tf.Session() as sess:
    ...     1 in sess.run(samples)  # a class of probability 0 never comes up
    False
    """
    return _draw(logits, num_samples, output_dtype, seed, name or "multinomial", "output_dtype")


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """``tf.random.categorical``: :func:`multinomial` with TF1.15's newer argument names.

    >>> import autograd_engine as tf
    >>> tf.random.categorical(tf.zeros([4, 10]), 3, dtype=tf.int32).shape.as_list()
    [4, 3]
    """
    return _draw(logits, num_samples, dtype, seed, name or "categorical", "dtype")


__all__ = ["random_shuffle", "multinomial", "categorical"]
