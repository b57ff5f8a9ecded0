"""``tf.losses``: per-element losses reduced with weights (TF1's ``Reduction`` rules), each
added to the ``LOSSES`` collection; ``get_total_loss`` adds the regularization losses."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from . import array_ops, elementwise_unary_ops, nn_impl, nn_ops
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import (greater, minimum, multiply, not_equal, select,
                                     squared_difference)
from .elementwise_unary_ops import cast, log
from .matmul_ops import add_n
from .reduction_ops import reduce_sum
from .shape_ops import shape, size


class Reduction:
    """How a weighted loss tensor becomes the returned loss."""
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_BY_NONZERO_WEIGHTS)


def _safe_div(numerator, denominator):
    """numerator / denominator, 0 where the denominator is 0."""
    zero = array_ops.zeros_like(denominator)
    positive = greater(denominator, zero)
    safe = select(positive, denominator, array_ops.ones_like(denominator))
    return select(positive, numerator / safe, zero)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Multiplies ``losses`` by ``weights`` (broadcast) and reduces them by ``reduction``."""
    if reduction not in Reduction.all():
        raise ValueError("Invalid Reduction Key %s." % (reduction,))
    graph = get_default_graph()
    with graph.name_scope(scope or "weighted_loss"):
        losses = convert_to_tensor(losses)
        compute_dtype = losses.dtype
        if not compute_dtype.is_floating:
            raise ValueError("losses must be floating point, got %s" % compute_dtype.name)
        weights = cast(convert_to_tensor(weights) if hasattr(weights, "dtype") else
                       convert_to_tensor(weights, dtype=compute_dtype), compute_dtype)
        weighted = multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = _safe_div(loss, reduce_sum(array_ops.ones_like(losses) * weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_div(loss, cast(size(losses), compute_dtype))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                present = cast(not_equal(
                    array_ops.ones_like(losses) * weights, 0.0), compute_dtype)
                loss = _safe_div(loss, reduce_sum(present))
        add_loss(loss, loss_collection)
        return loss


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds ``loss`` to ``loss_collection`` (None: to none)."""
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def _pair(labels, predictions, what="predictions"):
    predictions = convert_to_tensor(predictions)
    labels = convert_to_tensor(labels) if hasattr(labels, "dtype") else \
        convert_to_tensor(labels, dtype=predictions.dtype)
    labels = cast(labels, predictions.dtype)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError("Shapes %s and %s are incompatible (labels vs %s)"
                         % (labels.shape, predictions.shape, what))
    return labels, predictions


def _loss(default_scope, per_element, weights, scope, loss_collection, reduction):
    with get_default_graph().name_scope(scope or default_scope):
        return compute_weighted_loss(per_element(), weights, None, loss_collection, reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of ``(predictions - labels) ** 2``.

    >>> import autograd_engine as tf
    >>> loss = tf.losses.mean_squared_error([1.0, 2.0], [1.0, 4.0])
    >>> with tf.Session() as sess:
    ...     float(sess.run(loss))
    2.0
    """
    labels, predictions = _pair(labels, predictions)
    return _loss("mean_squared_error", lambda: squared_difference(predictions, labels),
                 weights, scope, loss_collection, reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of ``|predictions - labels|``."""
    labels, predictions = _pair(labels, predictions)
    return _loss("absolute_difference", lambda: elementwise_unary_ops.abs(predictions - labels),
                 weights, scope, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Quadratic within ``delta`` of the labels, linear beyond."""
    labels, predictions = _pair(labels, predictions)

    def per_element():
        error = elementwise_unary_ops.abs(predictions - labels)
        quadratic = minimum(error, delta)
        return 0.5 * quadratic * quadratic + delta * (error - quadratic)
    return _loss("huber_loss", per_element, weights, scope, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Binary cross-entropy of probabilities ``predictions``."""
    labels, predictions = _pair(labels, predictions)
    return _loss("log_loss", lambda: -labels * log(predictions + epsilon)
                 - (1 - labels) * log(1 - predictions + epsilon),
                 weights, scope, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted sigmoid cross-entropy; labels smoothed towards 1/2 by ``label_smoothing``."""
    labels, logits = _pair(multi_class_labels, logits, "logits")

    def per_element():
        smoothed = labels * (1 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else labels
        return nn_ops.sigmoid_cross_entropy_with_logits(labels=smoothed, logits=logits)
    return _loss("sigmoid_cross_entropy_loss", per_element, weights, scope, loss_collection,
                 reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of one-hot labels (smoothed by ``label_smoothing``); no
    gradient flows into the labels."""
    labels, logits = _pair(onehot_labels, logits, "logits")

    def per_element():
        smoothed = labels
        if label_smoothing:
            classes = cast(shape(labels)[-1], logits.dtype)
            smoothed = labels * (1 - label_smoothing) + label_smoothing / classes
        return nn_ops.softmax_cross_entropy_with_logits_v2(
            labels=array_ops.stop_gradient(smoothed), logits=logits)
    return _loss("softmax_cross_entropy_loss", per_element, weights, scope, loss_collection,
                 reduction)


def _squeeze_last_if_rank(tensor, rank):
    """``tensor`` without its last dimension when it has static rank ``rank`` (TF1 accepts
    ``[batch, 1]`` labels and weights where ``[batch]`` is meant)."""
    if rank is not None and tensor.shape.ndims == rank:
        return array_ops.squeeze(tensor, [-1])
    return tensor


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of integer class ``labels`` (``[batch]`` or
    ``[batch, 1]``) against ``logits`` (``[batch, classes]``); no gradient flows into the labels.

    >>> import autograd_engine as tf
    >>> loss = tf.losses.sparse_softmax_cross_entropy([0, 1], [[0.0, 0.0], [0.0, 0.0]])
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(loss)), 4)
    0.6931
    """
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    labels = _squeeze_last_if_rank(labels, logits.shape.ndims)
    if hasattr(weights, "dtype") or isinstance(weights, (list, tuple)):
        weights = convert_to_tensor(weights) if hasattr(weights, "dtype") else \
            convert_to_tensor(weights, dtype=logits.dtype)
        weights = _squeeze_last_if_rank(
            weights, None if labels.shape.ndims is None else labels.shape.ndims + 1)
    return _loss("sparse_softmax_cross_entropy_loss",
                 lambda: nn_ops.sparse_softmax_cross_entropy_with_logits(
                     labels=labels, logits=logits, name="xentropy"),
                 weights, scope, loss_collection, reduction)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (0.0 when there are none)."""
    losses = get_regularization_losses(scope)
    if not losses:
        return convert_to_tensor(0.0, dtype=dtypes.float32)
    return add_n(losses, name=name)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the ``LOSSES`` collection, plus the regularization losses by default."""
    losses = get_losses(scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope)
    if not losses:
        raise ValueError("No losses found: build a loss with tf.losses.* or add one with "
                         "tf.losses.add_loss first.")
    return add_n(losses, name=name)


def l2_regularizer(scale, scope=None):
    """A regularizer ``scale * l2_loss(w)`` (``tf.contrib.layers.l2_regularizer``)."""
    if scale < 0:
        raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)
    if scale == 0:
        return lambda weights: None
    return lambda weights: multiply(nn_impl.l2_loss(weights), scale, name=scope or "l2_regularizer")
