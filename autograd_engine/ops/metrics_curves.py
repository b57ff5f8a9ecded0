"""``tf.metrics`` over thresholds: the confusion counts of scores in [0, 1] at each threshold,
the precision and recall there, and the area under the ROC or precision-recall curve (TF1's
Riemann sums: trapezoidal, minoring, majoring, careful_interpolation).

>>> import autograd_engine as tf
>>> auc, update = tf.metrics.auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
>>> with tf.Session() as sess:
...     sess.run(tf.local_variables_initializer())
...     print(round(float(sess.run(update)), 2))
0.75
"""
from ..framework import dtypes
from . import array_ops
from .cumulative_ops import cumsum
from .elementwise_binary_ops import (add, divide, equal, greater, logical_and, maximum, minimum,
                                     multiply, select, subtract)
from .elementwise_unary_ops import abs, cast, log, logical_not  # noqa: A004
from .gather_ops import gather
from .constant_op import constant, convert_to_tensor
from .metrics_impl import as_float, finish, metric_variable, safe_div
from .reduction_ops import argmax, argmin, reduce_min, reduce_sum
from .slicing_ops import slice as slice_
from .state_ops import assign_add
from .variable_scope import variable_scope

_COUNTS = ("tp", "fn", "tn", "fp")
_VARIABLE_NAMES = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
                   "fp": "false_positives"}


def confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None,
                                   includes=_COUNTS):
    """({count: value}, {count: update}) for the counts in ``includes``, each a Variable of
    one element per threshold; a prediction is positive above a threshold."""
    predictions = array_ops.reshape(as_float(predictions), [1, -1])
    labels = convert_to_tensor(labels)
    labels = array_ops.reshape(labels if labels.dtype == dtypes.bool else
                               cast(labels, dtypes.bool), [1, -1])
    thresholds_column = constant([[float(t)] for t in thresholds], dtypes.float32)
    predicted_positive = greater(predictions, thresholds_column)  # [thresholds, examples]
    is_positive = labels  # [1, examples]: the logical ops broadcast it over the thresholds
    conditions = {
        "tp": logical_and(is_positive, predicted_positive),
        "fn": logical_and(is_positive, logical_not(predicted_positive)),
        "tn": logical_and(logical_not(is_positive), logical_not(predicted_positive)),
        "fp": logical_and(logical_not(is_positive), predicted_positive)}
    weight_row = None if weights is None else array_ops.reshape(as_float(weights), [1, -1])
    values, updates = {}, {}
    for key in includes:
        variable = metric_variable([len(thresholds)], dtypes.float32, name=_VARIABLE_NAMES[key])
        hits = cast(conditions[key], dtypes.float32)
        if weight_row is not None:
            hits = multiply(hits, weight_row)
        updates[key] = assign_add(variable, reduce_sum(hits, axis=1))
        values[key] = variable.value()
    return values, updates


def _heads_and_tails(x, count):
    return slice_(x, [0], [count - 1]), slice_(x, [1], [count - 1])


def _careful_pr_auc(counts, count):
    """The precision-recall area integrating precision as a function of the number of
    predicted positives between thresholds (Davis & Goadrich), as TF1's
    summation_method='careful_interpolation'."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    tp_head, tp_tail = _heads_and_tails(tp, count)
    positives_head, positives_tail = _heads_and_tails(add(tp, fp), count)
    dtp = subtract(tp_head, tp_tail)
    slope = safe_div(dtp, maximum(subtract(positives_head, positives_tail), 0.0))
    intercept = subtract(tp_tail, multiply(slope, positives_tail))
    both_positive = logical_and(greater(positives_head, 0.0), greater(positives_tail, 0.0))
    ratio = select(both_positive, safe_div(positives_head, maximum(positives_tail, 0.0)),
                   array_ops.ones_like(positives_tail))
    _, fn_tail = _heads_and_tails(fn, count)
    return reduce_sum(safe_div(multiply(slope, add(dtp, multiply(intercept, log(ratio)))),
                               maximum(add(tp_tail, fn_tail), 0.0)))


def _area(counts, count, curve, summation_method):
    if curve == "PR" and summation_method == "careful_interpolation":
        return _careful_pr_auc(counts, count)
    epsilon = 1.0e-6
    tp = counts["tp"]
    recall = divide(add(tp, epsilon), add(add(tp, counts["fn"]), epsilon))
    if curve == "ROC":
        x = divide(counts["fp"], add(add(counts["fp"], counts["tn"]), epsilon))
        y = recall
    else:
        x, y = recall, divide(add(tp, epsilon), add(add(tp, counts["fp"]), epsilon))
    x_head, x_tail = _heads_and_tails(x, count)
    y_head, y_tail = _heads_and_tails(y, count)
    if summation_method in ("trapezoidal", "careful_interpolation"):
        heights = multiply(add(y_head, y_tail), 0.5)
    elif summation_method == "minoring":
        heights = minimum(y_head, y_tail)
    else:
        heights = maximum(y_head, y_tail)
    return reduce_sum(multiply(subtract(x_head, x_tail), heights))


def auc_thresholds(num_thresholds):
    epsilon = 1e-7  # so that predictions of exactly 0 and 1 fall inside
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - epsilon] + inner + [1.0 + epsilon]


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """The area under the ROC (``curve="ROC"``) or precision-recall (``"PR"``) curve of
    scores in [0, 1], from confusion counts at ``num_thresholds`` evenly spaced thresholds
    (or the given ``thresholds``)."""
    if curve not in ("ROC", "PR"):
        raise ValueError("curve must be either ROC or PR, %s unknown" % curve)
    if summation_method not in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
        raise ValueError("Invalid summation_method: %s" % summation_method)
    if thresholds is not None:
        thresholds = [0.0 - 1e-7] + sorted(float(t) for t in thresholds) + [1.0 + 1e-7]
    else:
        if num_thresholds < 2:
            raise ValueError("num_thresholds must be > 1.")
        thresholds = auc_thresholds(num_thresholds)
    with variable_scope(name, default_name="auc"):
        values, updates = confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                         weights)
        count = len(thresholds)
        value = _area(values, count, curve, summation_method)
        update_op = _area(updates, count, curve, summation_method)
        return finish(value, update_op, metrics_collections, updates_collections)


def _at_thresholds(default_name, includes, compute, doc):
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with variable_scope(name, default_name=default_name):
            values, updates = confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                             weights, includes)
            value = compute(values) if compute else values[includes[0]]
            update_op = compute(updates) if compute else updates[includes[0]]
            return finish(value, update_op, metrics_collections, updates_collections)
    metric.__name__, metric.__doc__ = default_name, doc
    return metric


_EPSILON = 1e-7
precision_at_thresholds = _at_thresholds(
    "precision_at_thresholds", ("tp", "fp"),
    lambda c: divide(c["tp"], add(add(c["tp"], c["fp"]), _EPSILON)),
    "tp / (tp + fp + 1e-7) at each threshold.")
recall_at_thresholds = _at_thresholds(
    "recall_at_thresholds", ("tp", "fn"),
    lambda c: divide(c["tp"], add(add(c["tp"], c["fn"]), _EPSILON)),
    "tp / (tp + fn + 1e-7) at each threshold.")
true_positives_at_thresholds = _at_thresholds(
    "true_positives", ("tp",), None, "The (weighted) true positives at each threshold.")
false_positives_at_thresholds = _at_thresholds(
    "false_positives", ("fp",), None, "The (weighted) false positives at each threshold.")
true_negatives_at_thresholds = _at_thresholds(
    "true_negatives", ("tn",), None, "The (weighted) true negatives at each threshold.")
false_negatives_at_thresholds = _at_thresholds(
    "false_negatives", ("fn",), None, "The (weighted) false negatives at each threshold.")


def _at_operating_point(default_name, labels, predictions, target, weights, num_thresholds,
                       metrics_collections, updates_collections, name, compute):
    if not 0 <= target <= 1:
        raise ValueError("`%s` must be in the range [0, 1]." % default_name.split("_at_")[1])
    with variable_scope(name, default_name=default_name):
        values, updates = confusion_matrix_at_thresholds(
            labels, predictions, auc_thresholds(num_thresholds), weights)
        return finish(compute(values, target), compute(updates, target), metrics_collections,
                      updates_collections)


def _sensitivity_where_specificity_nearest(c, specificity):
    specificities = divide(c["tn"], add(add(c["tn"], c["fp"]), _EPSILON))
    index = argmin(abs(subtract(specificities, specificity)), 0)
    tp, fn = gather(c["tp"], index), gather(c["fn"], index)
    return divide(tp, add(add(tp, fn), _EPSILON))


def _specificity_where_sensitivity_nearest(c, sensitivity):
    sensitivities = divide(c["tp"], add(add(c["tp"], c["fn"]), _EPSILON))
    distance = abs(subtract(sensitivities, sensitivity))
    # the last threshold among the nearest ones (TF1 takes the argmax of a running count)
    nearest = cast(equal(distance, reduce_min(distance)), dtypes.int64)
    index = argmax(cumsum(nearest), 0)
    tn, fp = gather(c["tn"], index), gather(c["fp"], index)
    return divide(tn, add(add(tn, fp), _EPSILON))


def sensitivity_at_specificity(labels, predictions, specificity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    """The sensitivity (recall) at the threshold whose specificity is nearest
    ``specificity``."""
    return _at_operating_point("sensitivity_at_specificity", labels, predictions, specificity,
                               weights, num_thresholds, metrics_collections,
                               updates_collections, name, _sensitivity_where_specificity_nearest)


def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    """The specificity at the (last) threshold whose sensitivity is nearest ``sensitivity``."""
    return _at_operating_point("specificity_at_sensitivity", labels, predictions, sensitivity,
                               weights, num_thresholds, metrics_collections,
                               updates_collections, name, _specificity_where_sensitivity_nearest)
