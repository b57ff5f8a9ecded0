"""Candidate samplers (``tf.nn.uniform_candidate_sampler``, ``log_uniform_candidate_sampler``,
``fixed_unigram_candidate_sampler``) and the sampled losses built on them (``nce_loss``,
``sampled_softmax_loss``), as TF1.

A sampler draws ``num_sampled`` class ids from a distribution over ``[0, range_max)`` and
returns, with them, the expected number of times each true and each sampled class appears in
such a draw: ``p * num_sampled`` when drawing with replacement, ``1 - (1 - p) ** tries`` when
``unique`` (``tries``: the draws it took to collect ``num_sampled`` distinct ids).

>>> import autograd_engine as tf
>>> sampled, true_count, _ = log_uniform_candidate_sampler(
...     tf.constant([[0], [3]], tf.int64), 1, 4, False, 10, seed=1)
>>> with tf.Session() as sess:
...     values, counts = sess.run([sampled, true_count])
>>> values.shape, [round(c, 3) for c in counts[:, 0].tolist()]
((4,), [1.156, 0.372])
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import equal
from .elementwise_unary_ops import cast, log
from .gather_ops import gather
from .matmul_ops import matmul
from .nn_ops import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2
from .op_samples import OpSample
from .random_ops import get_seed
from .reduction_ops import reduce_any, reduce_sum
from .registry import OpDef, make_op, register


def class_probabilities(distribution, range_max, unigrams=None, distortion=1.0,
                        num_reserved_ids=0):
    """The probability of each class id in ``[0, range_max)`` under a sampler's distribution.

    >>> class_probabilities("log_uniform", 3).round(3).tolist()
    [0.5, 0.292, 0.208]
    """
    if distribution == "uniform":
        return np.full(range_max, 1.0 / range_max)
    if distribution == "log_uniform":
        ids = np.arange(range_max, dtype=np.float64)
        return (np.log(ids + 2) - np.log(ids + 1)) / np.log(range_max + 1)
    weights = np.concatenate([np.zeros(num_reserved_ids),
                              np.asarray(unigrams, np.float64) ** distortion])
    if weights.size != range_max:
        raise ValueError("fixed_unigram_candidate_sampler: %d unigrams plus %d reserved ids "
                         "must make range_max=%d classes" % (len(unigrams), num_reserved_ids,
                                                             range_max))
    return weights / weights.sum()


def draw_candidates(rng, probs, count, unique, true_classes):
    """``count`` class ids drawn with ``probs`` (distinct ones when ``unique``) and the
    expected counts of ``true_classes`` and of the sampled ids (see the module's note)."""
    cdf = np.cumsum(probs)

    def draw(size):
        ids = np.searchsorted(cdf, np.asarray(rng.random(size)) * cdf[-1], side="right")
        return np.minimum(ids, probs.size - 1)
    if not unique:
        sampled = draw(count)
        expected = lambda p: p * count  # noqa: E731
    else:
        seen, sampled, tries = set(), [], 0
        while len(sampled) < count:
            for candidate in draw(max(count - len(sampled), 1)).tolist():
                tries += 1
                if candidate not in seen:
                    seen.add(candidate)
                    sampled.append(candidate)
                    if len(sampled) == count:
                        break
        sampled = np.array(sampled)
        expected = lambda p: -np.expm1(tries * np.log1p(-p))  # noqa: E731
    classes = np.asarray(true_classes, np.int64)
    if classes.size and (classes.min() < 0 or classes.max() >= probs.size):
        raise ValueError("true_classes hold ids outside [0, %d)" % probs.size)
    return (sampled.astype(np.int64), expected(probs[classes]).astype(np.float32),
            expected(probs[sampled]).astype(np.float32))


class CandidateSampler(OpDef):
    """Inputs: true_classes ``[batch, num_true]`` (int64). Outputs: sampled ids
    ``[num_sampled]`` (int64), true and sampled expected counts (float32). Attr ``probs``: the
    class distribution."""
    type_name = "CandidateSampler"
    stateful = True
    differentiable = False
    host_only = True  # rejection sampling of distinct ids is a host loop

    def infer(self, op):
        true_classes = op.inputs[0]
        if true_classes.shape.ndims not in (None, 2):
            raise ValueError("true_classes must be a matrix [batch_size, num_true], got %s"
                             % true_classes.shape)
        count = op.attrs["num_sampled"]
        return [(dtypes.int64, TensorShape([count])),
                (dtypes.float32, true_classes.shape),
                (dtypes.float32, TensorShape([count]))]

    def kernel(self, op, ctx):
        rng, probs = ctx.random_state(op), np.asarray(op.attrs["probs"])
        count, unique = op.attrs["num_sampled"], op.attrs["unique"]
        return lambda true_classes: draw_candidates(rng, probs, count, unique, true_classes)

    def samples(self, rng):
        true_classes = np.array([[0, 4], [7, 2], [9, 9]], np.int64)
        probs = tuple(class_probabilities("log_uniform", 10).tolist())

        def build(unique):
            def make(classes):
                return make_op(self.type_name, (classes,), {
                    "num_sampled": 6, "unique": unique, "probs": probs, "seed": 3,
                    "seed2": 5}).outputs
            return make

        def check(unique):
            def validate(values):
                sampled, true_count, sampled_count = values
                assert sampled.min() >= 0 and sampled.max() < 10
                if unique:
                    assert len(set(sampled.tolist())) == 6
                    assert np.all((true_count > 0) & (true_count <= 1))
                else:
                    np.testing.assert_allclose(true_count,
                                               np.asarray(probs)[true_classes] * 6, rtol=1e-6)
                    np.testing.assert_allclose(sampled_count,
                                               np.asarray(probs)[sampled] * 6, rtol=1e-6)
            return validate
        return [OpSample(build(False), true_classes, validate=check(False), grad=(),
                         name="with replacement"),
                OpSample(build(True), true_classes, validate=check(True), grad=(),
                         name="unique")]


register(CandidateSampler)


def _sampler(true_classes, num_true, num_sampled, unique, seed, probs, name):
    true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64)
    if true_classes.shape.ndims == 2 and true_classes.shape.as_tuple()[1] not in (None,
                                                                                  num_true):
        raise ValueError("true_classes has %s columns but num_true is %d"
                         % (true_classes.shape.as_tuple()[1], num_true))
    if unique and num_sampled > len(probs):
        raise ValueError("Cannot draw %d distinct classes out of range_max=%d"
                         % (num_sampled, len(probs)))
    seed1, seed2 = get_seed(seed)
    op = make_op("CandidateSampler", (true_classes,),
                 {"num_sampled": int(num_sampled), "unique": bool(unique),
                  "probs": tuple(float(p) for p in probs), "seed": seed1, "seed2": seed2}, name)
    return tuple(op.outputs)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                              seed=None, name=None):
    """Samples class ids uniformly from ``[0, range_max)``; returns ``(sampled_candidates,
    true_expected_count, sampled_expected_count)``."""
    return _sampler(true_classes, num_true, num_sampled, unique, seed,
                    class_probabilities("uniform", range_max), name)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                  seed=None, name=None):
    """Samples class ids from the log-uniform (Zipfian) distribution
    ``P(c) = (log(c + 2) - log(c + 1)) / log(range_max + 1)`` (ids sorted by frequency)."""
    return _sampler(true_classes, num_true, num_sampled, unique, seed,
                    class_probabilities("log_uniform", range_max), name)


def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max,
                                    vocab_file="", distortion=1.0, num_reserved_ids=0,
                                    num_shards=1, shard=0, unigrams=(), seed=None, name=None):
    """Samples class ids with probability proportional to ``unigrams ** distortion`` (the
    first ``num_reserved_ids`` ids never drawn)."""
    if vocab_file:
        raise ValueError("fixed_unigram_candidate_sampler reads its counts from `unigrams` "
                         "here; load the vocabulary file's counts and pass unigrams=[...].")
    if num_shards != 1 or shard != 0:
        raise ValueError("fixed_unigram_candidate_sampler: sharding (num_shards=%d) is for "
                         "distributed vocabularies; pass the whole unigram list." % num_shards)
    return _sampler(true_classes, num_true, num_sampled, unique, seed,
                    class_probabilities("fixed_unigram", range_max, unigrams, distortion,
                                        num_reserved_ids), name)


def _weights_table(weights, partition_strategy):
    if isinstance(weights, (list, tuple)):
        if len(weights) > 1 and partition_strategy != "div":
            raise ValueError("Sharded weights are supported with partition_strategy='div' "
                             "(rows in order across shards); got %r." % partition_strategy)
        return concat(list(weights), 0) if len(weights) > 1 else convert_to_tensor(weights[0])
    return convert_to_tensor(weights)


def compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes,
                           num_true=1, sampled_values=None, subtract_log_q=True,
                           remove_accidental_hits=False, partition_strategy="mod", seed=None):
    """``(logits, labels)`` of the true and sampled classes, ``[batch, num_true +
    num_sampled]`` each: the shared core of :func:`nce_loss` and :func:`sampled_softmax_loss`."""
    weights = _weights_table(weights, partition_strategy)
    biases = _weights_table(biases, partition_strategy)
    inputs = convert_to_tensor(inputs)
    labels = cast(convert_to_tensor(labels), dtypes.int64)
    if labels.shape.ndims == 1:
        labels = array_ops.expand_dims(labels, 1)
    labels_flat = array_ops.reshape(labels, [-1])
    if sampled_values is None:
        sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True,
                                                       num_classes, seed=seed)
    sampled, true_expected, sampled_expected = (array_ops.stop_gradient(convert_to_tensor(v))
                                                for v in sampled_values)
    sampled = cast(sampled, dtypes.int64)
    true_w = gather(weights, labels_flat)
    sampled_w = gather(weights, sampled)
    dim = weights.shape.as_tuple()[1] if weights.shape.ndims == 2 else -1
    true_rows = array_ops.reshape(true_w, [-1, num_true, dim])
    true_logits = reduce_sum(array_ops.expand_dims(inputs, 1) * true_rows, 2)
    true_logits = true_logits + array_ops.reshape(gather(biases, labels_flat), [-1, num_true])
    sampled_logits = matmul(inputs, sampled_w, transpose_b=True) + gather(biases, sampled)
    if remove_accidental_hits:
        hits = reduce_any(equal(array_ops.expand_dims(labels, 2),
                                array_ops.reshape(sampled, [1, 1, -1])), axis=1)
        lowest = float(np.finfo(inputs.dtype.as_numpy_dtype).min)
        sampled_logits = sampled_logits + cast(hits, inputs.dtype) * lowest
    if subtract_log_q:
        true_logits = true_logits - log(cast(true_expected, inputs.dtype))
        sampled_logits = sampled_logits - log(cast(sampled_expected, inputs.dtype))
    logits = concat([true_logits, sampled_logits], 1)
    targets = concat([array_ops.ones_like(true_logits) / float(num_true),
                      array_ops.zeros_like(sampled_logits)], 1)
    return logits, targets


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
             sampled_values=None, remove_accidental_hits=False, partition_strategy="mod",
             name="nce_loss"):
    """Noise-contrastive estimation loss per example, ``[batch]`` (word2vec's loss):
    logistic regression of the true classes against ``num_sampled`` sampled ones."""
    with get_default_graph().name_scope(name):
        logits, targets = compute_sampled_logits(
            weights, biases, labels, inputs, num_sampled, num_classes, num_true,
            sampled_values, True, remove_accidental_hits, partition_strategy)
        losses = sigmoid_cross_entropy_with_logits(labels=targets, logits=logits)
        return reduce_sum(losses, 1)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes,
                         num_true=1, sampled_values=None, remove_accidental_hits=True,
                         partition_strategy="mod", name="sampled_softmax_loss", seed=None):
    """Softmax cross-entropy over the true and ``num_sampled`` sampled classes, per example
    ``[batch]``: a cheap stand-in for the full softmax while training large vocabularies."""
    with get_default_graph().name_scope(name):
        logits, targets = compute_sampled_logits(
            weights, biases, labels, inputs, num_sampled, num_classes, num_true,
            sampled_values, True, remove_accidental_hits, partition_strategy, seed)
        return softmax_cross_entropy_with_logits_v2(
            labels=array_ops.stop_gradient(targets), logits=logits)


__all__ = ["draw_candidates", "fixed_unigram_candidate_sampler", "log_uniform_candidate_sampler",
           "nce_loss", "sampled_softmax_loss", "uniform_candidate_sampler"]
