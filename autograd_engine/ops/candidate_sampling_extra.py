"""The other candidate samplers of ``tf.nn``: ``all_candidate_sampler`` (every class, as a
test baseline), ``learned_unigram_candidate_sampler`` (a distribution learned from the true
classes seen so far) and ``compute_accidental_hits`` (sampled candidates that are one of the
true classes, to be masked out of a sampled loss).

>>> import autograd_engine as tf
>>> hits = compute_accidental_hits(tf.constant([[1], [3]], tf.int64),
...                                tf.constant([3, 1, 5], tf.int64), num_true=1)
>>> with tf.Session() as sess:
...     print(sess.run(list(hits[:2])))
[array([0, 1], dtype=int32), array([1, 0])]
"""
import threading
import weakref

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .constant_op import constant, convert_to_tensor
from .op_samples import OpSample
from .random_ops import get_seed
from .registry import OpDef, make_op, register


def _true_classes(true_classes, num_true):
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    dims = true_classes.shape.as_tuple()
    if dims is not None and (len(dims) != 2 or dims[1] not in (None, num_true)):
        raise ValueError("true_classes must be [batch_size, num_true=%d], got %s"
                         % (num_true, true_classes.shape))
    return true_classes


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """Every class id ``0 .. num_sampled - 1``, each with expected count 1 (a baseline:
    the sampled loss then equals the full one)."""
    with get_default_graph().name_scope(name or "AllCandidateSampler"):
        true_classes = _true_classes(true_classes, num_true)
        sampled = constant(np.arange(num_sampled, dtype=np.int64))
        return (sampled, array_ops.ones_like(true_classes, dtype=dtypes.float32),
                array_ops.ones([num_sampled], dtypes.float32))


# per LearnedUnigramSampler op: the class counts learned so far (every class starts at 1)
_LEARNED = weakref.WeakKeyDictionary()
_LEARNED_LOCK = threading.Lock()


@register
class LearnedUnigramSampler(OpDef):
    """Input: true classes ``[batch, num_true]``. Outputs: sampled ids, the true and sampled
    expected counts, from counts learned from every true class this op has seen (updated
    after each draw, as TF does)."""
    type_name = "LearnedUnigramSampler"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        count = op.attrs["num_sampled"]
        return [(dtypes.int64, TensorShape([count])),
                (dtypes.float32, op.inputs[0].shape),
                (dtypes.float32, TensorShape([count]))]

    def kernel(self, op, ctx):
        rng = ctx.random_state(op)
        range_max, count, unique = (op.attrs["range_max"], op.attrs["num_sampled"],
                                    op.attrs["unique"])

        def sample(true_classes):
            classes = np.asarray(true_classes, np.int64)
            if classes.size and (classes.min() < 0 or classes.max() >= range_max):
                raise ValueError("true_classes hold ids outside [0, %d)" % range_max)
            with _LEARNED_LOCK:
                counts = _LEARNED.setdefault(op, np.ones(range_max))
                probs = counts / counts.sum()
                cdf = np.cumsum(probs)
                draw = lambda n: np.minimum(  # noqa: E731
                    np.searchsorted(cdf, np.asarray(rng.random(n)) * cdf[-1], side="right"),
                    range_max - 1)
                if unique:
                    seen, tries = [], 0
                    while len(seen) < count:
                        tries += 1
                        candidate = int(draw(1)[0])
                        if candidate not in seen:
                            seen.append(candidate)
                    sampled = np.array(seen, np.int64)
                    expected = lambda p: -np.expm1(tries * np.log1p(-p))  # noqa: E731
                else:
                    sampled = draw(count).astype(np.int64)
                    expected = lambda p: p * count  # noqa: E731
                result = (sampled, expected(probs[classes]).astype(np.float32),
                          expected(probs[sampled]).astype(np.float32))
                np.add.at(counts, classes.ravel(), 1.0)
            return result
        return sample

    def samples(self, rng):
        def validate(values):
            sampled, true_expected, sampled_expected = values
            assert sampled.shape == (3,) and sampled.min() >= 0 and sampled.max() < 6
            assert np.all(true_expected > 0) and np.all(sampled_expected > 0)
        return [OpSample(lambda t: list(learned_unigram_candidate_sampler(t, 2, 3, False, 6)),
                         np.int64([[0, 1], [5, 1]]), validate=validate, deterministic=False,
                         partial=False)]


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                      seed=None, name=None):
    """Samples ids from counts learned from the true classes seen so far by this op (each of
    the ``range_max`` classes starts with count 1); returns ``(sampled_candidates,
    true_expected_count, sampled_expected_count)``."""
    true_classes = _true_classes(true_classes, num_true)
    if unique and num_sampled > range_max:
        raise ValueError("Cannot draw %d distinct classes out of range_max=%d"
                         % (num_sampled, range_max))
    seed1, seed2 = get_seed(seed)
    op = make_op("LearnedUnigramSampler", (true_classes,),
                 {"num_sampled": int(num_sampled), "unique": bool(unique),
                  "range_max": int(range_max), "seed": seed1, "seed2": seed2}, name)
    return tuple(op.outputs)


@register
class ComputeAccidentalHits(OpDef):
    """Inputs: true classes ``[batch, num_true]``, sampled candidates ``[num_sampled]``.
    Outputs: the row and the sampled position of every hit, and their weights (-FLT_MAX)."""
    type_name = "ComputeAccidentalHits"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.int32, TensorShape([None])), (dtypes.int64, TensorShape([None])),
                (dtypes.float32, TensorShape([None]))]

    def kernel(self, op, ctx):
        def hits(true_classes, sampled):
            # TF's order: by row, then by true class; a candidate sampled twice is reported
            # at its last position
            position_of = {candidate: position
                           for position, candidate in enumerate(np.asarray(sampled).tolist())}
            rows, positions = [], []
            for row, classes in enumerate(np.asarray(true_classes).tolist()):
                for true_class in classes:
                    if true_class in position_of:
                        rows.append(row)
                        positions.append(position_of[true_class])
            return (np.array(rows, np.int32), np.array(positions, np.int64),
                    np.full(len(rows), -np.finfo(np.float32).max, np.float32))
        return hits

    def samples(self, rng):
        return [OpSample(lambda t, s: list(compute_accidental_hits(t, s, 2)),
                         np.int64([[0, 4], [2, 3]]), np.int64([4, 1, 2, 0]),
                         reference=lambda t, s: [np.int32([0, 0, 1]), np.int64([3, 0, 2]),
                                                 np.full(3, -np.finfo(np.float32).max,
                                                         np.float32)])]


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """``(indices, ids, weights)``: for every true class of row ``i`` that was sampled,
    ``i``, its (last) position in ``sampled_candidates`` and a weight of -FLT_MAX (added to
    that logit it removes the candidate from a sampled softmax)."""
    true_classes = _true_classes(true_classes, num_true)
    sampled = convert_to_tensor(sampled_candidates, dtype=dtypes.int64)
    op = make_op("ComputeAccidentalHits", (true_classes, sampled), {}, name)
    return tuple(op.outputs)


__all__ = ["all_candidate_sampler", "learned_unigram_candidate_sampler",
           "compute_accidental_hits"]
