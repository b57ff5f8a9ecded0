"""``tf.metrics``: streaming metrics, each a ``(value, update_op)`` pair over local Variables.

Every metric keeps its running totals in Variables of the LOCAL_VARIABLES and METRIC_VARIABLES
collections (initialize them with ``tf.local_variables_initializer()``), named under the
metric's variable scope (``accuracy/total``, ``accuracy/count``). Running ``update_op`` adds a
batch and returns the updated value; ``value`` reads the totals without changing them. Values
and weights are cast to float32, as TF1 does.

>>> import autograd_engine as tf
>>> labels = tf.placeholder(tf.int64, [None])
>>> predictions = tf.placeholder(tf.int64, [None])
>>> acc, update = tf.metrics.accuracy(labels, predictions)
>>> with tf.Session() as sess:
...     sess.run(tf.local_variables_initializer())
...     _ = sess.run(update, {labels: [1, 2, 3], predictions: [1, 2, 0]})
...     print(round(float(sess.run(update, {labels: [4], predictions: [4]})), 3))
0.75
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from . import array_ops, shape_ops
from .constant_op import convert_to_tensor
from .diagonal_ops import diag_part
from .elementwise_binary_ops import (add, divide, equal, greater, logical_and, multiply, select,
                                     squared_difference, subtract)
from .elementwise_unary_ops import abs, cast, logical_not, sqrt  # noqa: A004
from .init_ops import Zeros
from .mask_ops import one_hot
from .matmul_ops import matmul
from .reduction_ops import reduce_mean, reduce_sum
from .state_ops import assign_add
from .variable_scope import variable_scope
from .variables import Variable


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized local Variable in LOCAL_VARIABLES and METRIC_VARIABLES."""
    return Variable(lambda: Zeros()(shape, dtype=dtype), trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
                    validate_shape=validate_shape, name=name)


def safe_div(numerator, denominator, name=None):
    """``numerator / denominator`` where the denominator is positive, else 0."""
    positive = greater(denominator, 0)
    safe = select(positive, denominator, array_ops.ones_like(denominator))
    return select(positive, divide(numerator, safe), array_ops.zeros_like(numerator), name=name)


def finish(value, update_op, metrics_collections, updates_collections):
    """TF1's ``metrics_collections`` / ``updates_collections`` arguments."""
    graph = get_default_graph()
    if metrics_collections:
        graph.add_to_collections(metrics_collections, value)
    if updates_collections:
        graph.add_to_collections(updates_collections, update_op)
    return value, update_op


def as_float(values):
    values = convert_to_tensor(values)
    return values if values.dtype == dtypes.float32 else cast(values, dtypes.float32)


def weighted(values, weights):
    """(the weighted values, the number of weighted values), weights broadcast to values."""
    if weights is None:
        return values, cast(shape_ops.size(values), dtypes.float32)
    weights = as_float(weights)
    return multiply(values, weights), reduce_sum(multiply(array_ops.ones_like(values), weights))


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of every value seen: Variables ``total`` and ``count``."""
    with variable_scope(name, default_name="mean"):
        values = as_float(values)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        values, num_values = weighted(values, weights)
        update_total = assign_add(total, reduce_sum(values))
        update_count = assign_add(count, num_values)
        value = safe_div(total.value(), count.value(), name="value")
        update_op = safe_div(update_total, update_count, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)


def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None,
                name=None):
    """The element-wise (weighted) mean of the values of every batch (same shape)."""
    with variable_scope(name, default_name="mean"):
        values = as_float(values)
        shape = values.shape.as_list()
        total = metric_variable(shape, dtypes.float32, name="total_tensor")
        count = metric_variable(shape, dtypes.float32, name="count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            weights = as_float(weights)
            values, num_values = multiply(values, weights), multiply(num_values, weights)
        update_total, update_count = assign_add(total, values), assign_add(count, num_values)
        value = safe_div(total.value(), count.value(), name="value")
        update_op = safe_div(update_total, update_count, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """How often ``predictions`` equals ``labels`` (the mean of the matches)."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    if labels.dtype != predictions.dtype:
        predictions = cast(predictions, labels.dtype)
    is_correct = cast(equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The mean of ``|predictions - labels|``."""
    errors = abs(subtract(as_float(predictions), as_float(labels)))
    return mean(errors, weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """The mean of ``(predictions - labels) ** 2``."""
    errors = squared_difference(as_float(predictions), as_float(labels))
    return mean(errors, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The square root of :func:`mean_squared_error`."""
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None,
                                         name or "root_mean_squared_error")
    return finish(sqrt(mse), sqrt(update_mse), metrics_collections, updates_collections)


def mean_relative_error(labels, predictions, normalizer, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The mean of ``|predictions - labels| / normalizer`` (0 where the normalizer is 0)."""
    normalizer = as_float(normalizer)
    errors = abs(subtract(as_float(predictions), as_float(labels)))
    relative = select(equal(normalizer, 0.0), array_ops.zeros_like(errors),
                      divide(errors, select(equal(normalizer, 0.0),
                                            array_ops.ones_like(normalizer), normalizer)))
    return mean(relative, weights, metrics_collections, updates_collections,
                name or "mean_relative_error")


def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """The mean of ``1 - sum(labels * predictions, dim)`` (inputs already unit-normalized)."""
    products = reduce_sum(multiply(as_float(labels), as_float(predictions)), axis=[dim],
                          keepdims=True)
    return mean(subtract(1.0, products), weights, metrics_collections, updates_collections,
                name or "mean_cosine_distance")


def percentage_below(values, threshold, weights=None, metrics_collections=None,
                     updates_collections=None, name=None):
    """The share of values below ``threshold``."""
    below = cast(greater(threshold, as_float(values)), dtypes.float32)
    return mean(below, weights, metrics_collections, updates_collections,
                name or "percentage_below_threshold")


# ------------------------------------------------------------------------ confusion counts
def as_bools(labels, predictions):
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    to_bool = (lambda t: t if t.dtype == dtypes.bool else cast(t, dtypes.bool))
    return to_bool(labels), to_bool(predictions)


def count_condition(condition, weights, metrics_collections, updates_collections):
    """A ``count`` Variable summing the (weighted) true elements of ``condition``."""
    count = metric_variable([], dtypes.float32, name="count")
    hits, _ = weighted(cast(condition, dtypes.float32), weights)
    update_op = assign_add(count, reduce_sum(hits))
    return finish(count.value(), update_op, metrics_collections, updates_collections)


def _confusion_count(default_name, which):
    def metric(labels, predictions, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with variable_scope(name, default_name=default_name):
            labels, predictions = as_bools(labels, predictions)
            condition = which(labels, predictions)
            return count_condition(condition, weights, metrics_collections, updates_collections)
    metric.__name__ = default_name
    metric.__doc__ = "The (weighted) number of %s (labels and predictions read as bools)." \
        % default_name.replace("_", " ")
    return metric


true_positives = _confusion_count("true_positives", logical_and)
false_positives = _confusion_count("false_positives",
                                   lambda labels, predictions: logical_and(logical_not(labels),
                                                                           predictions))
false_negatives = _confusion_count("false_negatives",
                                   lambda labels, predictions: logical_and(labels,
                                                                           logical_not(predictions)))
true_negatives = _confusion_count(
    "true_negatives",
    lambda labels, predictions: logical_and(logical_not(labels), logical_not(predictions)))


def _ratio_of_counts(default_name, first, second):
    """``first / (first + second)`` of two confusion counts: precision, recall."""
    def metric(labels, predictions, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with variable_scope(name, default_name=default_name):
            a, update_a = first(labels, predictions, weights)
            b, update_b = second(labels, predictions, weights)
            value = safe_div(a, add(a, b), name="value")
            update_op = safe_div(update_a, add(update_a, update_b), name="update_op")
            return finish(value, update_op, metrics_collections, updates_collections)
    metric.__name__ = default_name
    return metric


precision = _ratio_of_counts("precision", true_positives, false_positives)
precision.__doc__ = "true_positives / (true_positives + false_positives), 0 before any."
recall = _ratio_of_counts("recall", true_positives, false_negatives)
recall.__doc__ = "true_positives / (true_positives + false_negatives), 0 before any."


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """The mean over classes of intersection over union, from a running float64 confusion
    matrix (``total_confusion_matrix``, which ``update_op`` returns, as TF1). Classes absent
    from both labels and predictions are left out of the mean."""
    with variable_scope(name, default_name="mean_iou"):
        total_cm = metric_variable([num_classes, num_classes], dtypes.float64,
                                   name="total_confusion_matrix")
        flat_labels = cast(array_ops.reshape(labels, [-1]), dtypes.int64)
        flat_predictions = cast(array_ops.reshape(predictions, [-1]), dtypes.int64)
        label_rows = one_hot(flat_labels, num_classes, dtype=dtypes.float64)
        if weights is not None:
            weight_column = array_ops.reshape(cast(weights, dtypes.float64), [-1, 1])
            label_rows = multiply(label_rows, weight_column)
        batch_cm = matmul(label_rows, one_hot(flat_predictions, num_classes,
                                              dtype=dtypes.float64), transpose_a=True)
        update_op = assign_add(total_cm, batch_cm)

        def compute(cm):
            diagonal = diag_part(cm)
            union = subtract(add(reduce_sum(cm, axis=0), reduce_sum(cm, axis=1)), diagonal)
            present = cast(greater(union, 0.0), dtypes.float64)
            iou = safe_div(diagonal, union)
            return safe_div(reduce_sum(iou), reduce_sum(present), name="mean_iou")
        return finish(compute(total_cm.value()), update_op, metrics_collections,
                      updates_collections)


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None,
                            metrics_collections=None, updates_collections=None, name=None):
    """The mean over all classes of the accuracy on that class's examples (``total``,
    ``count`` per class; a class not seen counts as 0); ``update_op`` returns the per-class
    accuracies."""
    with variable_scope(name, default_name="mean_accuracy"):
        total = metric_variable([num_classes], dtypes.float32, name="total")
        count = metric_variable([num_classes], dtypes.float32, name="count")
        flat_labels = array_ops.reshape(cast(labels, dtypes.int64), [-1])
        correct = cast(equal(flat_labels, array_ops.reshape(cast(predictions, dtypes.int64),
                                                            [-1])), dtypes.float32)
        rows = one_hot(flat_labels, num_classes, dtype=dtypes.float32)
        if weights is not None:
            rows = multiply(rows, array_ops.reshape(as_float(weights), [-1, 1]))
        update_count = assign_add(count, reduce_sum(rows, axis=0))
        update_total = assign_add(total, reduce_sum(multiply(rows, array_ops.reshape(
            correct, [-1, 1])), axis=0))
        value = reduce_mean(safe_div(total.value(), count.value()), name="mean_accuracy")
        update_op = safe_div(update_total, update_count, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)

