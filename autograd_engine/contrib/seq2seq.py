"""``tf.contrib.seq2seq.sequence_loss``: the weighted cross-entropy of a sequence of logits,
as char-RNN and translation examples compute their loss.

>>> import autograd_engine as tf
>>> logits = tf.zeros([2, 3, 5])  # [batch, time, classes]
>>> targets = tf.zeros([2, 3], tf.int32)
>>> loss = tf.contrib.seq2seq.sequence_loss(logits, targets, tf.ones([2, 3]))
>>> with tf.Session() as sess:
...     print(round(float(sess.run(loss)), 4))  # log(5)
1.6094
"""
from ..framework.graph import get_default_graph
from ..ops import array_ops, shape_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_binary_ops import add, divide, multiply
from ..ops.elementwise_unary_ops import cast
from ..ops.nn_ops import sparse_softmax_cross_entropy_with_logits
from ..ops.reduction_ops import count_nonzero, reduce_sum

_EPSILON = 1e-12  # TF1's guard against dividing by a zero total weight


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, sum_over_timesteps=False, sum_over_batch=False,
                  softmax_loss_function=None, name=None):
    """Cross-entropy of ``logits`` ``[batch, time, classes]`` against int ``targets``
    ``[batch, time]``, weighted by ``weights`` ``[batch, time]``. ``average_across_*`` divide
    the sums by the total weight (a scalar when both, ``[time]`` or ``[batch]`` when one);
    ``sum_over_*`` divide by the number of non-zero weights instead; with none of them the
    result is the weighted loss per step, ``[batch, time]``. ``softmax_loss_function(labels=,
    logits=)`` replaces the sparse softmax cross-entropy."""
    logits, targets = convert_to_tensor(logits), convert_to_tensor(targets)
    weights = convert_to_tensor(weights, dtype=logits.dtype)
    if logits.shape.ndims not in (None, 3):
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if targets.shape.ndims not in (None, 2):
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if weights.shape.ndims not in (None, 2):
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to "
                         "True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at "
                         "same time.")
    with get_default_graph().name_scope(name or "sequence_loss"):
        classes = logits.shape.as_tuple()[-1] if logits.shape.ndims else None
        if classes is None:
            classes = shape_ops.shape(logits)[2]
        flat_logits = array_ops.reshape(logits, [-1, classes])
        flat_targets = array_ops.reshape(targets, [-1])
        loss_fn = softmax_loss_function or sparse_softmax_cross_entropy_with_logits
        crossent = loss_fn(labels=flat_targets, logits=flat_logits)
        crossent = multiply(crossent, array_ops.reshape(weights, [-1]))
        if average_across_timesteps and average_across_batch:
            return divide(reduce_sum(crossent), add(reduce_sum(weights), _EPSILON))
        if sum_over_timesteps and sum_over_batch:
            nonzero = cast(count_nonzero(weights), logits.dtype)
            return divide(reduce_sum(crossent), add(nonzero, _EPSILON))
        crossent = array_ops.reshape(crossent, shape_ops.shape(logits)[0:2])
        crossent.set_shape(logits.shape.as_tuple()[:2] if logits.shape.ndims else None)
        # one axis reduced: 1 (time) or 0 (batch), by the total or the non-zero weights
        for axis, by_total, by_count in ((1, average_across_timesteps and not average_across_batch,
                                          sum_over_timesteps and not sum_over_batch),
                                         (0, average_across_batch and not average_across_timesteps,
                                          sum_over_batch and not sum_over_timesteps)):
            if by_total:
                denominator = reduce_sum(weights, axis=[axis])
            elif by_count:
                denominator = cast(count_nonzero(weights, axis=[axis]), logits.dtype)
            else:
                continue
            return divide(reduce_sum(crossent, axis=[axis]), add(denominator, _EPSILON))
        return crossent
