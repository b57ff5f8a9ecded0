"""The rest of TF1's ``tf.losses``: ``cosine_distance``, ``hinge_loss`` and
``mean_pairwise_squared_error``, on top of :func:`~autograd_engine.ops.losses.compute_weighted_loss`
(the same weights, reductions and ``LOSSES`` collection as the other losses).

>>> import autograd_engine as tf
>>> loss = tf.losses.hinge_loss([[1.0, 0.0]], [[0.5, 0.5]])
>>> with tf.Session() as sess:
...     float(sess.run(loss))  # mean of relu(1 - 0.5) and relu(1 + 0.5)
1.0
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from .array_tail import div_no_nan
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import equal, greater, maximum, multiply, where
from .elementwise_unary_ops import cast, relu, square
from .array_ops import ones_like, zeros_like
from .losses import Reduction, add_loss, compute_weighted_loss
from .reduction_ops import reduce_sum


def _as_float(labels, predictions, predictions_name="predictions"):
    """``labels`` and ``predictions`` as tensors of the predictions' float dtype, with
    compatible shapes (TF1's check, with TF1's message)."""
    predictions = convert_to_tensor(predictions)
    if not predictions.dtype.is_floating:
        predictions = cast(predictions, dtypes.float32)
    labels = cast(convert_to_tensor(labels), predictions.dtype)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError("Shapes %s and %s are incompatible (labels vs %s)"
                         % (labels.shape, predictions.shape, predictions_name))
    return labels, predictions


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
                    dim=None):
    """``1 - sum(labels * predictions, axis)`` for unit-normalized ``labels`` and
    ``predictions``, weighted and reduced (``dim`` is the deprecated name of ``axis``).

    >>> import autograd_engine as tf
    >>> loss = tf.losses.cosine_distance([[1.0, 0.0]], [[0.0, 1.0]], axis=1)
    >>> with tf.Session() as sess:
    ...     float(sess.run(loss))
    1.0
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    labels, predictions = _as_float(labels, predictions)
    with get_default_graph().name_scope(scope or "cosine_distance_loss"):
        losses = 1 - reduce_sum(multiply(predictions, labels), axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, None, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """``relu(1 - (2 * labels - 1) * logits)``: labels are 0 or 1, mapped to -1 and 1."""
    labels, logits = _as_float(labels, logits, "logits")
    with get_default_graph().name_scope(scope or "hinge_loss"):
        signs = 2 * labels - 1
        return compute_weighted_loss(relu(1 - signs * logits), weights, None, loss_collection,
                                     reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None,
                                loss_collection=GraphKeys.LOSSES):
    """For each example, the mean over pairs of its elements of
    ``((p_i - p_j) - (l_i - l_j)) ** 2``; the weighted sum over the examples (``weights`` of
    shape ``[batch]`` broadcast as ``[batch, 1, ...]``). Pairs are taken over all the
    non-batch dimensions; an example whose weight is 0 does not count.

    >>> import autograd_engine as tf
    >>> loss = tf.losses.mean_pairwise_squared_error([[0.0, 0.0, 0.0]], [[1.0, 2.0, 3.0]])
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(loss)), 4)  # pairs differ by 1, 2 and 1
    2.0
    """
    labels, predictions = _as_float(labels, predictions)
    rank = predictions.shape.ndims
    if rank is None or rank < 2:
        raise ValueError("mean_pairwise_squared_error needs predictions of known rank >= 2 "
                         "(a batch of examples), got shape %s" % predictions.shape)
    with get_default_graph().name_scope(scope or "mean_pairwise_squared_error"):
        weights = cast(convert_to_tensor(weights), predictions.dtype)
        diffs = predictions - labels
        within = tuple(range(1, rank))
        present = where(equal(weights, 0.0), zeros_like(weights), ones_like(weights))
        present = reduce_sum(multiply(present, ones_like(diffs)), axis=within, keepdims=True)
        sum_squares = reduce_sum(square(diffs), axis=within, keepdims=True)
        term1 = 2.0 * div_no_nan(sum_squares, maximum(present - 1, 0.0))
        sum_diff = reduce_sum(diffs, axis=within, keepdims=True)
        term2 = 2.0 * div_no_nan(square(sum_diff), maximum(present * (present - 1), 0.0))
        loss = reduce_sum(multiply(term1 - term2, weights))
        mean_loss = where(greater(reduce_sum(present), 0.0), loss, zeros_like(loss),
                          name="value")
        add_loss(mean_loss, loss_collection)
        return mean_loss
