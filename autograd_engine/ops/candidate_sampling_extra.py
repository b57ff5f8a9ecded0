"""``tf.random.learned_unigram_candidate_sampler`` and ``all_candidate_sampler``.

The learned sampler draws from the unigram distribution of the true classes it has seen so far
in this Session: every class starts with weight 1, and after each draw the true classes of
that batch add 1 to theirs (TF1's LearnedUnigramSampler). The "all" sampler returns every
class ``0..num_sampled-1`` with expected count 1 (for testing and small vocabularies).

>>> import autograd_engine as tf
>>> sampled, true_count, sampled_count = all_candidate_sampler([[1], [2]], 1, 4, True)
>>> with tf.Session() as sess:
...     sess.run(sampled).tolist(), sess.run(true_count).tolist()
([0, 1, 2, 3], [[1.0], [1.0]])
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .candidate_sampling_ops import draw_candidates
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .random_ops import get_seed
from .range_ops import range as range_
from .registry import OpDef, make_op, register


@register
class LearnedUnigramCandidateSampler(OpDef):
    """Input: true_classes ``[batch, num_true]`` int64. Outputs as CandidateSampler's. The
    class weights live with the Session (``ctx.resources``), so two Sessions learn apart."""
    type_name = "LearnedUnigramCandidateSampler"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        true_classes = op.inputs[0]
        if true_classes.shape.ndims not in (None, 2):
            raise ValueError("true_classes must be a matrix [batch_size, num_true], got %s"
                             % true_classes.shape)
        count = op.attrs["num_sampled"]
        return [(dtypes.int64, TensorShape([count])), (dtypes.float32, true_classes.shape),
                (dtypes.float32, TensorShape([count]))]

    def kernel(self, op, ctx):
        rng, attrs, resources = ctx.random_state(op), op.attrs, ctx.resources
        key = ("learned unigram weights", op.name)

        def learned_sampler(true_classes):
            weights = resources.get(key)
            if weights is None:
                weights = resources[key] = np.ones(attrs["range_max"])
            out = draw_candidates(rng, weights / weights.sum(), attrs["num_sampled"],
                                  attrs["unique"], true_classes)
            np.add.at(weights, np.asarray(true_classes, np.int64).reshape(-1), 1.0)
            return out
        return learned_sampler

    def samples(self, rng):
        true_classes = np.array([[0, 4], [7, 2], [9, 9]], np.int64)

        def build(classes):
            return make_op(self.type_name, (classes,), {
                "num_sampled": 6, "unique": False, "range_max": 10, "seed": 3,
                "seed2": 5}).outputs

        def check(values):
            sampled, true_count, sampled_count = values
            assert sampled.min() >= 0 and sampled.max() < 10
            # the first draw: weights all 1, so each class has probability 0.1
            np.testing.assert_allclose(true_count, np.full((3, 2), 0.6), rtol=1e-6)
            np.testing.assert_allclose(sampled_count, np.full(6, 0.6), rtol=1e-6)
        return [OpSample(build, true_classes, validate=check, grad=())]


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                      seed=None, name=None):
    """Samples class ids from the unigram distribution of the true classes seen so far;
    returns ``(sampled_candidates, true_expected_count, sampled_expected_count)``."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    if unique and num_sampled > range_max:
        raise ValueError("Cannot draw %d distinct classes out of range_max=%d"
                         % (num_sampled, range_max))
    seed1, seed2 = get_seed(seed)
    op = make_op("LearnedUnigramCandidateSampler", (true_classes,), {
        "num_sampled": int(num_sampled), "unique": bool(unique), "range_max": int(range_max),
        "seed": seed1, "seed2": seed2}, name)
    return tuple(op.outputs)


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """Every class ``0..num_sampled-1`` as the sample, each with expected count 1."""
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    sampled = range_(0, int(num_sampled), dtype=dtypes.int64, name=name or "AllCandidateSampler")
    return (sampled, array_ops.ones_like(true_classes, dtype=dtypes.float32),
            array_ops.ones_like(sampled, dtype=dtypes.float32))


__all__ = ["learned_unigram_candidate_sampler", "all_candidate_sampler"]
