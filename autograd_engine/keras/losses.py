"""Keras losses: each maps ``(y_true, y_pred)`` to a per-example loss (the model averages it
over the batch), so ``compile(loss="mse")`` and ``compile(loss=losses.mse)`` are the same.

Cross-entropies of a model whose output is a ``softmax``/``sigmoid`` op use that op's logits
and TF's fused, stable kernels, exactly as if ``from_logits`` were given; on any other output
they clip probabilities to ``[epsilon, 1 - epsilon]`` like Keras.

>>> from autograd_engine.keras import losses
>>> losses.get("mse") is losses.mean_squared_error
True
"""
from ..framework import dtypes
from ..ops import clip_ops, elementwise_unary_ops, nn_ops
from ..ops.elementwise_binary_ops import squared_difference
from ..ops.elementwise_unary_ops import cast, log
from ..ops.reduction_ops import reduce_mean, reduce_sum
from . import backend


def mean_squared_error(y_true, y_pred):
    return reduce_mean(squared_difference(y_pred, y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    return reduce_mean(elementwise_unary_ops.abs(y_pred - y_true), axis=-1)


def _logits_of(y_pred, op_type):
    """The input of ``y_pred`` when it is the output of an ``op_type`` op (Softmax, Sigmoid)."""
    return y_pred.op.inputs[0] if y_pred.op.type == op_type else None


def _clipped(y_pred):
    eps = backend.epsilon()
    return clip_ops.clip_by_value(y_pred, eps, 1.0 - eps)


def binary_crossentropy(y_true, y_pred):
    logits = _logits_of(y_pred, "Sigmoid")
    if logits is None:
        p = _clipped(y_pred)
        logits = log(p / (1.0 - p))
    per_element = nn_ops.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits)
    return reduce_mean(per_element, axis=-1)


def categorical_crossentropy(y_true, y_pred):
    logits = _logits_of(y_pred, "Softmax")
    if logits is not None:
        return nn_ops.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits)
    p = y_pred / reduce_sum(y_pred, axis=-1, keepdims=True)
    return -reduce_sum(y_true * log(_clipped(p)), axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred):
    """``y_true`` holds class indices (any numeric dtype; cast to int32)."""
    labels = cast(y_true, dtypes.int32)
    logits = _logits_of(y_pred, "Softmax")
    if logits is None:
        logits = log(_clipped(y_pred))   # log-probabilities are valid logits
    return nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

_BY_NAME = {
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error,
    "MSE": mean_squared_error, "mean_absolute_error": mean_absolute_error,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}


def get(identifier):
    """The loss function for a name or a callable ``fn(y_true, y_pred)``.

    >>> get("mse_typo")
    Traceback (most recent call last):
    ...
    ValueError: Unknown loss function: 'mse_typo'. Valid names: MAE, MSE, binary_crossentropy, categorical_crossentropy, mae, mean_absolute_error, mean_squared_error, mse, sparse_categorical_crossentropy
    """
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]
    if identifier is None:
        raise ValueError("compile() needs a loss, e.g. loss='mse'. Valid names: %s"
                         % ", ".join(sorted(_BY_NAME)))
    raise ValueError("Unknown loss function: %r. Valid names: %s"
                     % (identifier, ", ".join(sorted(_BY_NAME))))
