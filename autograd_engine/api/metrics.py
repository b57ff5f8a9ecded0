"""``tf.metrics``: streaming metrics as ``(value, update_op)`` pairs over local Variables (see
:mod:`autograd_engine.ops.metrics_impl`); initialize them with
``tf.local_variables_initializer()``."""
from ..ops.metrics_at_k import (average_precision_at_k, precision_at_k,  # noqa: F401
                                precision_at_top_k, recall_at_k, recall_at_top_k,
                                sparse_average_precision_at_k, sparse_precision_at_k)
from ..ops.metrics_curves import (auc, false_negatives_at_thresholds,  # noqa: F401
                                  false_positives_at_thresholds, precision_at_thresholds,
                                  recall_at_thresholds, sensitivity_at_specificity,
                                  specificity_at_sensitivity, true_negatives_at_thresholds,
                                  true_positives_at_thresholds)
from ..ops.metrics_impl import (accuracy, false_negatives, false_positives,  # noqa: F401
                                mean, mean_absolute_error, mean_cosine_distance, mean_iou,
                                mean_per_class_accuracy, mean_relative_error,
                                mean_squared_error, mean_tensor, percentage_below, precision,
                                recall, root_mean_squared_error, true_negatives, true_positives)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
