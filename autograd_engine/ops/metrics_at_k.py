"""``tf.metrics`` over the top k predicted classes: ``precision_at_k``, ``recall_at_k`` and
their ``_at_top_k`` forms (given the top-k class ids instead of scores). Each example's
predicted and true classes are sets (duplicates count once; a label outside the classes is a
miss); with ``class_id`` only that class is counted. The running counts are float64 Variables
(``precision_at_2/true_positive_at_2``...), as TF1's.

>>> import autograd_engine as tf
>>> scores = tf.constant([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4]])
>>> precision, update = tf.metrics.precision_at_k(tf.constant([1, 2], tf.int64), scores, k=2)
>>> with tf.Session() as sess:
...     sess.run(tf.local_variables_initializer())
...     float(sess.run(update))  # {1, 2} holds 1, {0, 2} holds 2: 2 hits of 4 guesses
0.5
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .constant_op import constant, convert_to_tensor
from .cumulative_ops import cumsum
from .elementwise_binary_ops import (add, divide, equal, greater_equal, logical_and, minimum,
                                     multiply)
from .elementwise_unary_ops import cast, logical_not
from .metrics_impl import finish, metric_variable, safe_div
from .shape_ops import size
from .reduction_ops import reduce_any, reduce_sum
from .state_ops import assign_add
from .top_k_ops import top_k


def _at_k_name(name, k, class_id):
    name = "%s_at_%d" % (name, k) if k is not None else "%s_at_k" % name
    return name if class_id is None else "%s_class%d" % (name, class_id)


def _rows(labels, predictions_idx):
    """Labels ``[batch, n]`` and predicted ids ``[batch, k]``, both int64."""
    predictions_idx = cast(convert_to_tensor(predictions_idx), dtypes.int64)
    labels = cast(convert_to_tensor(labels), dtypes.int64)
    if predictions_idx.shape.ndims != 2:
        raise ValueError("The top-k metrics take predictions of shape [batch, classes] (or "
                         "ids [batch, k]), got %s" % predictions_idx.shape)
    if labels.shape.ndims == 1:
        labels = array_ops.expand_dims(labels, -1)
    elif labels.shape.ndims != 2:
        raise ValueError("Unexpected labels shape %s for predictions shape %s. Predictions "
                         "rank should be the same rank as labels rank or labels rank plus one."
                         % (labels.shape, predictions_idx.shape))
    return labels, predictions_idx


def _counts(labels, predictions_idx, class_id, weights):
    """Per example (float64, weighted): true positives, false positives, false negatives."""
    labels, predicted = _rows(labels, predictions_idx)
    # [batch, k, n]: predicted id j equals label i
    same = equal(array_ops.expand_dims(predicted, 2), array_ops.expand_dims(labels, 1))
    predicted_is_label = reduce_any(same, axis=2)
    label_is_predicted = reduce_any(same, axis=1)
    n = labels.shape.as_tuple()[1]
    if n is None:
        raise ValueError("The top-k metrics need the number of labels per example known")
    # a label equal to an earlier one of its row is the same set member
    earlier = constant(np.tril(np.ones((n, n), bool), -1))
    label_pairs = equal(array_ops.expand_dims(labels, 2), array_ops.expand_dims(labels, 1))
    repeated = reduce_any(logical_and(label_pairs, earlier), axis=2)
    label_counts = logical_not(repeated)
    predicted_counts = None
    if class_id is not None:
        predicted_counts = equal(predicted, class_id)
        label_counts = logical_and(label_counts, equal(labels, class_id))

    def total(mask, within):
        mask = mask if within is None else logical_and(mask, within)
        return reduce_sum(cast(mask, dtypes.float64), axis=1)
    tp = total(predicted_is_label, predicted_counts)
    fp = total(logical_not(predicted_is_label), predicted_counts)
    fn = total(logical_and(logical_not(label_is_predicted), label_counts), None)
    if weights is not None:
        weights = cast(convert_to_tensor(weights), dtypes.float64)
        tp, fp, fn = (multiply(c, weights) for c in (tp, fp, fn))
    return tp, fp, fn


def _streaming(name, count):
    """A float64 count Variable named by the scope ``name`` (inside the metric's)."""
    with get_default_graph().name_scope(name) as scope:
        variable = metric_variable([], dtypes.float64, name=scope)
        return variable.value(), assign_add(variable, reduce_sum(count), name="update")


def _ratio_at_top_k(kind, labels, predictions_idx, k, class_id, weights, metrics_collections,
                    updates_collections, name):
    graph = get_default_graph()
    with graph.name_scope(name or _at_k_name(kind, k, class_id)):
        tp, fp, fn = _counts(labels, predictions_idx, class_id, weights)
        true, true_update = _streaming(_at_k_name("true_positive", k, class_id), tp)
        other_name, other = (("false_positive", fp) if kind == "precision"
                             else ("false_negative", fn))
        wrong, wrong_update = _streaming(_at_k_name(other_name, k, class_id), other)
        value = divide(true, add(true, wrong))
        update_op = divide(true_update, add(true_update, wrong_update), name="update")
        return finish(value, update_op, metrics_collections, updates_collections)


def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None,
                       metrics_collections=None, updates_collections=None, name=None):
    """Of the predicted class ids ``predictions_idx`` ``[batch, k]``, the share that are true
    labels (``true_positive / (true_positive + false_positive)``; NaN before any)."""
    return _ratio_at_top_k("precision", labels, predictions_idx, k, class_id, weights,
                           metrics_collections, updates_collections, name)


def recall_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None,
                    metrics_collections=None, updates_collections=None, name=None):
    """Of the true labels, the share among the predicted ids ``predictions_idx``."""
    return _ratio_at_top_k("recall", labels, predictions_idx, k, class_id, weights,
                           metrics_collections, updates_collections, name)


def precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """:func:`precision_at_top_k` of the ``k`` highest-scoring classes of ``predictions``."""
    with get_default_graph().name_scope(name or _at_k_name("precision", k, class_id)) as scope:
        _, top_k_idx = top_k(predictions, k)
        return precision_at_top_k(labels, top_k_idx, k, class_id, weights, metrics_collections,
                                  updates_collections, scope)


def recall_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    """:func:`recall_at_top_k` of the ``k`` highest-scoring classes of ``predictions``."""
    with get_default_graph().name_scope(name or _at_k_name("recall", k, class_id)) as scope:
        _, top_k_idx = top_k(predictions, k)
        return recall_at_top_k(labels, top_k_idx, k, class_id, weights, metrics_collections,
                               updates_collections, scope)


sparse_precision_at_k = precision_at_k


def _average_precision_per_row(labels, predictions_idx):
    """float64 ``[batch]``: each row's average precision of its ranked predicted ids: the mean,
    over the ranks holding a true label, of the precision up to that rank, divided by
    ``min(k, number of non-negative labels)`` (TF1's ``AveP`` at k)."""
    labels, predicted = _rows(labels, predictions_idx)
    k = predicted.shape.as_tuple()[1]
    if k is None:
        raise ValueError("average_precision_at_top_k needs the number of predictions known")
    same = equal(array_ops.expand_dims(predicted, 2), array_ops.expand_dims(labels, 1))
    relevant = cast(reduce_any(same, axis=2), dtypes.float64)
    ranks = constant(np.arange(1, k + 1, dtype=np.float64))
    precision_sum = reduce_sum(relevant * divide(cumsum(relevant, axis=1), ranks), axis=1)
    labels_present = reduce_sum(cast(greater_equal(labels, 0), dtypes.float64), axis=1)
    return divide(precision_sum, minimum(labels_present, float(k)))


def average_precision_at_top_k(labels, predictions_idx, k=None, weights=None,
                               metrics_collections=None, updates_collections=None, name=None):
    """The running mean of each example's average precision of the ranked class ids
    ``predictions_idx`` ``[batch, k]`` (weighted by ``weights``, ``[batch]``): Variables
    ``total`` (sum of weighted precisions) and ``max`` (sum of weights)."""
    graph = get_default_graph()
    k = k if k is not None else predictions_idx.shape.as_tuple()[-1]
    with graph.name_scope(name or _at_k_name("average_precision", k, None)):
        precision = _average_precision_per_row(labels, predictions_idx)
        if weights is None:
            batch_max = cast(size(precision), dtypes.float64)
        else:
            weights = multiply(cast(convert_to_tensor(weights), dtypes.float64),
                               array_ops.ones_like(precision))
            precision = multiply(precision, weights)
            batch_max = reduce_sum(weights)
        with graph.name_scope("max") as scope:
            max_variable = metric_variable([], dtypes.float64, name=scope)
            max_update = assign_add(max_variable, batch_max, name="update")
        total, total_update = _streaming("total", precision)
        value = safe_div(total, max_variable.value(), name="mean")
        update_op = safe_div(total_update, max_update, name="update")
        return finish(value, update_op, metrics_collections, updates_collections)


def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                           updates_collections=None, name=None):
    """:func:`average_precision_at_top_k` of the ``k`` highest-scoring classes.

    >>> import autograd_engine as tf
    >>> scores = tf.constant([[0.9, 0.1, 0.5]])
    >>> ap, update = tf.metrics.average_precision_at_k(tf.constant([[2]], tf.int64), scores, 2)
    >>> with tf.Session() as sess:
    ...     sess.run(tf.local_variables_initializer())
    ...     float(sess.run(update))  # the label is ranked second: precision 1/2 there
    0.5
    """
    with get_default_graph().name_scope(name or _at_k_name("average_precision", k, None)) \
            as scope:
        _, top_k_idx = top_k(predictions, k)
        return average_precision_at_top_k(labels, top_k_idx, k, weights, metrics_collections,
                                          updates_collections, scope)


sparse_average_precision_at_k = average_precision_at_k
