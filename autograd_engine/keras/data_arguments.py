"""Checks of the data arguments of ``fit`` / ``evaluate`` / ``predict``, so that nonsense
(no samples, ``batch_size=0``, ``validation_split=1.0``) is a clear ``ValueError`` as in Keras
rather than a raw ``ZeroDivisionError``, a silent no-op or a loss of 0.0.

>>> batch_size_or_default(None), batch_size_or_default(16)
(32, 16)
>>> batch_size_or_default(0)
Traceback (most recent call last):
...
ValueError: batch_size must be a positive integer, got 0
"""
import numbers

import numpy as np

DEFAULT_BATCH_SIZE = 32


def batch_size_or_default(batch_size):
    """``batch_size`` as a positive int (None: Keras's default of 32)."""
    if batch_size is None:
        return DEFAULT_BATCH_SIZE
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or \
            batch_size <= 0:
        raise ValueError("batch_size must be a positive integer, got %r" % (batch_size,))
    return int(batch_size)


def check_not_empty(x):
    """Keras's error for data with no samples (training or evaluating on it would report
    zeros as if they were results)."""
    if len(x) == 0:
        raise ValueError("Expect x to be a non-empty array or dataset.")


def split_for_validation(x, y, validation_split):
    """``(x_train, y_train, (x_val, y_val))``: the last ``validation_split`` of the samples
    held out, as Keras does; ``(x, y, None)`` for a split of 0."""
    if isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real) \
            or not 0.0 <= validation_split < 1.0 or np.isnan(validation_split):
        raise ValueError("validation_split must be a number in [0, 1), got %r (it is the "
                         "fraction of the samples held out for validation)."
                         % (validation_split,))
    if not validation_split:
        return x, y, None
    split_at = int(len(x) * (1.0 - validation_split))
    if split_at == 0 or split_at == len(x):
        raise ValueError("Training data contains %d samples, which is not sufficient to split "
                         "it into a validation and training set as specified by "
                         "`validation_split=%s`. Either provide more data, or a different "
                         "value for the `validation_split` argument."
                         % (len(x), validation_split))
    return x[:split_at], y[:split_at], (x[split_at:], y[split_at:])


__all__ = ["batch_size_or_default", "check_not_empty", "split_for_validation"]
