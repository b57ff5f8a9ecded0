"""Keras metrics: per-example values averaged over each batch, and over the epoch by ``fit``.

``"accuracy"`` (or ``"acc"``) picks the variant the way Keras does: binary when the model has a
single output unit or the loss is ``binary_crossentropy``, sparse when the loss is
``sparse_categorical_crossentropy``, categorical otherwise.

>>> from autograd_engine.keras import losses, metrics
>>> metrics.resolve("accuracy", losses.sparse_categorical_crossentropy, 10).__name__
'sparse_categorical_accuracy'
"""
from ..framework import dtypes
from ..ops.elementwise_binary_ops import equal, greater
from ..ops.elementwise_unary_ops import cast
from ..ops.reduction_ops import argmax, reduce_mean
from . import losses


_FLOAT = dtypes.float32


def binary_accuracy(y_true, y_pred, threshold=0.5):
    predicted = cast(greater(y_pred, threshold), y_pred.dtype)
    return reduce_mean(cast(equal(y_true, predicted), _FLOAT),
                       axis=-1)


def categorical_accuracy(y_true, y_pred):
    return cast(equal(argmax(y_true, -1),
                      argmax(y_pred, -1)), _FLOAT)


def sparse_categorical_accuracy(y_true, y_pred):
    predicted = cast(argmax(y_pred, -1), dtypes.int32)
    return cast(equal(cast(y_true, dtypes.int32), predicted), _FLOAT)


mse = mean_squared_error = losses.mean_squared_error
mae = mean_absolute_error = losses.mean_absolute_error

_BY_NAME = {fn.__name__: fn for fn in (binary_accuracy, categorical_accuracy,
                                       sparse_categorical_accuracy)}
_BY_NAME.update(mse=mse, mae=mae, mean_squared_error=mse, mean_absolute_error=mae)


def resolve(identifier, loss_fn, output_units):
    """The metric function for a name or callable, given the model's loss and output width."""
    if callable(identifier):
        return identifier
    if identifier in ("accuracy", "acc"):
        if output_units == 1 or loss_fn is losses.binary_crossentropy:
            return binary_accuracy
        if loss_fn is losses.sparse_categorical_crossentropy:
            return sparse_categorical_accuracy
        return categorical_accuracy
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError("Unknown metric function: %r. Valid names: accuracy, acc, %s"
                     % (identifier, ", ".join(sorted(_BY_NAME))))


def display_name(identifier):
    """The key a metric gets in ``History.history`` and the logs: the string the user gave
    (``"accuracy"``, ``"acc"``, ``"mae"``) or the function's name."""
    return identifier if isinstance(identifier, str) else identifier.__name__
