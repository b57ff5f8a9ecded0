"""Converting a value fed to a tensor (anything but an ndarray of its dtype) into one.

Every refusal names the fed tensor and says what is wrong with the value, in the user's
terms, rather than passing on numpy's raw message (or, worse, converting silently: numpy turns
a structured array into its first field's numbers and a string "1.5" into 1.5).

>>> import numpy as np
>>> as_feed_array([1, 2], np.dtype(np.float32), "x:0").dtype
dtype('float32')
>>> as_feed_array([[1, 2], [3]], np.dtype(np.float32), "x:0")
Traceback (most recent call last):
...
ValueError: Cannot feed a ragged nested list to Tensor 'x:0': its rows have different lengths (setting an array element with a sequence...), but a feed must be a rectangular array.
"""
import numpy as np

from ..framework import errors
from ..framework.tensor import Operation, TensorLike

_KIND_NAMES = {"U": "a string", "S": "bytes", "V": "a structured (record) array",
               "O": "Python objects", "M": "datetimes", "m": "timedeltas"}


def _refuse_kind(array, np_dtype, name):
    """Values of a kind the engine does not compute with (strings, records, objects)."""
    if array.dtype.kind in _KIND_NAMES and np_dtype.kind != array.dtype.kind:
        raise TypeError("Cannot feed %s (dtype %s) to Tensor '%s' of dtype %s: only numbers and "
                        "bools can be fed to a numeric tensor; convert the value yourself "
                        "first." % (_KIND_NAMES[array.dtype.kind], array.dtype, name,
                                    np_dtype.name))


def _refuse_lossy(array, np_dtype, name):
    """Float or complex values fed to an integer or bool tensor that would change."""
    kind = np_dtype.kind
    if array.dtype.kind == "c" and kind != "c" and np.any(array.imag):
        raise TypeError("Cannot feed complex values to Tensor '%s' of dtype %s: the imaginary "
                        "parts would be dropped." % (name, np_dtype.name))
    if kind not in "iub" or array.dtype.kind not in "fc" or not array.size:
        return
    real = array.real
    if np.isnan(real).any():
        raise TypeError("Cannot feed NaN to Tensor '%s' of dtype %s: an integer has no NaN "
                        "(the value would become an arbitrary number)." % (name, np_dtype.name))
    if not np.array_equal(real, np.round(real)):
        raise TypeError("Cannot feed value with fractional parts (dtype %s) to Tensor '%s' of "
                        "dtype %s: the values would be truncated. Cast them yourself or change "
                        "the placeholder's dtype." % (array.dtype, name, np_dtype.name))


def _refuse_out_of_range(array, np_dtype, name):
    if np_dtype.kind not in "iu" or array.dtype.kind not in "iuf" or not array.size:
        return
    info = np.iinfo(np_dtype)
    low, high = array.min(), array.max()
    if low < info.min or high > info.max:
        raise TypeError(
            "Cannot feed value %s to Tensor '%s' of dtype %s: it is out of range [%d, %d] and "
            "would wrap around. Give the placeholder a dtype that holds it (e.g. int64)."
            % (low if low < info.min else high, name, np_dtype.name, info.min, info.max))


def as_feed_array(value, np_dtype, name):
    """``value`` (a list, scalar or array of another dtype) as an ndarray of ``np_dtype``,
    refusing what would not be the same numbers, with an error naming the tensor ``name``."""
    if isinstance(value, (TensorLike, Operation)):
        raise TypeError(
            "The value of a feed cannot be a tf.Tensor object (got %r for %s). Acceptable feed "
            "values include Python scalars, strings, lists, numpy ndarrays. Fetch its value "
            "with sess.run() first, or connect the tensors in the graph instead of feeding."
            % (value, name))
    try:
        array = np.asarray(value)
    except ValueError as e:
        if "inhomogeneous" not in str(e) and "sequence" not in str(e):
            raise ValueError("Cannot convert the value fed to Tensor '%s' into an array: %s"
                             % (name, e)) from None
        raise ValueError("Cannot feed a ragged nested list to Tensor '%s': its rows have "
                         "different lengths (%s...), but a feed must be a rectangular array."
                         % (name, str(e).split(".")[0])) from None
    except MemoryError:
        raise errors.ResourceExhaustedError(
            None, None, "OOM when converting the value fed to Tensor '%s' into an array."
            % name) from None
    _refuse_kind(array, np_dtype, name)
    _refuse_lossy(array, np_dtype, name)
    if array.dtype.kind == "c" and np_dtype.kind != "c":
        array = array.real
    _refuse_out_of_range(array, np_dtype, name)
    try:
        return array.astype(np_dtype, copy=False)
    except MemoryError:
        raise errors.ResourceExhaustedError(
            None, None, "OOM when converting the value fed to Tensor '%s' (shape %s, dtype %s) "
            "to %s: that takes %.1f GiB." % (name, array.shape, array.dtype, np_dtype.name,
                                            array.size * np_dtype.itemsize / 2 ** 30)) from None


__all__ = ["as_feed_array"]
