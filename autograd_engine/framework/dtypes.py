"""TF1 dtypes: named wrappers around numpy dtypes, with TF1's inference rules for Python values."""
import numpy as np


class DType:
    """A tensor element type (``tf.float32``, ``tf.int64``, ...).

    >>> import autograd_engine as tf
    >>> tf.float32.name, tf.float32.as_numpy_dtype
    ('float32', <class 'numpy.float32'>)
    """

    __slots__ = ("_name", "_np")

    def __init__(self, name, numpy_type):
        self._name = name
        self._np = np.dtype(numpy_type)

    name = property(lambda self: self._name)
    as_numpy_dtype = property(lambda self: self._np.type)
    base_dtype = property(lambda self: self)
    # bfloat16 (ml_dtypes) is a numpy "V" kind: its name says it is a float
    is_floating = property(lambda self: self._np.kind == "f" or self._name == "bfloat16")
    is_integer = property(lambda self: self._np.kind in "iu")
    is_unsigned = property(lambda self: self._np.kind == "u")
    is_bool = property(lambda self: self._np.kind == "b")
    is_complex = property(lambda self: self._np.kind == "c")
    size = property(lambda self: self._np.itemsize)

    @property
    def np_dtype(self):
        return self._np

    def _limits(self):
        if self._name == "bfloat16":
            return _ml_dtypes.finfo(self._np)
        return np.finfo(self._np) if self.is_floating else np.iinfo(self._np)

    @property
    def min(self):
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    @property
    def short_name(self):
        """Compact label used in diagrams and messages (``f32``, ``i64``, ``bool``)."""
        if self.is_bool:
            return "bool"
        if self._np.kind in "OV":
            return "str" if self is string else "bf16" if self._name == "bfloat16" else self._name
        return {"f": "f", "i": "i", "u": "u", "c": "c"}[self._np.kind] + str(8 * self.size)

    def is_compatible_with(self, other):
        return self == as_dtype(other)

    def __eq__(self, other):
        # string and variant share numpy's object dtype: the name tells them apart
        if isinstance(other, DType):
            return self._name == other._name
        try:
            return self._name == as_dtype(other)._name
        except TypeError:
            return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self._np)

    def __repr__(self):
        return "tf." + self._name

    def __reduce__(self):
        return as_dtype, (self._name,)


float16 = DType("float16", np.float16)
half = float16
float32 = DType("float32", np.float32)
float64 = DType("float64", np.float64)
double = float64
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
bool = DType("bool", np.bool_)  # noqa: A001 - the TF1 public name
complex64 = DType("complex64", np.complex64)
complex128 = DType("complex128", np.complex128)
# An opaque value (a loop's record of its iterations): never fed or fetched by users.
variant = DType("variant", np.object_)
# A handle to a Session's resource (a queue, a reader), as TF1's DT_RESOURCE (i17b).
resource = DType("resource", np.object_)
# Byte strings: numpy object arrays of ``bytes`` (str values are encoded as UTF-8), as TF1.
string = DType("string", np.object_)

_py_bool = type(True)  # the builtin, shadowed above by the TF1 name `bool`

_ALL = [float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool,
        complex64, complex128, variant, resource, string]
# bfloat16 is numpy's only through ml_dtypes (installed with TensorFlow or JAX, or the `dev`
# extra): without it tf.bfloat16 is None and api/dtypes.py offers a placeholder.
try:
    import ml_dtypes as _ml_dtypes
except ImportError:  # pragma: no cover - exercised where ml_dtypes is not installed
    _ml_dtypes = None
    bfloat16 = None
else:
    bfloat16 = DType("bfloat16", _ml_dtypes.bfloat16)
    _ALL.append(bfloat16)
_BY_NUMPY = {d.np_dtype: d for d in _ALL}  # numpy's object dtype is tf.string, as in TF1
# TF1 accepts these spellings wherever a dtype is expected ("float" in tf.cast(x, "float")).
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"float": float32, "double": float64, "half": float16, "int": int32,
                 "long": int64})


def accumulation_dtype(np_dtype):
    """The numpy dtype a sum over ``np_dtype`` values accumulates in: float32 for float16, as
    TF's kernels do for half precision (whose 11 bits of mantissa lose a long sum's small
    terms, and whose largest value is 65504); the dtype itself otherwise.

    >>> import numpy as np
    >>> accumulation_dtype(np.dtype(np.float16)), accumulation_dtype(np.dtype(np.int32))
    (dtype('float32'), dtype('int32'))
    """
    return np.dtype(np.float32) if np_dtype == np.float16 else np.dtype(np_dtype)


def as_dtype(type_value):
    """Converts a DType, numpy dtype, numpy type or TF1 name into a :class:`DType`.

    >>> as_dtype("float") is float32
    True
    """
    if isinstance(type_value, DType):
        return type_value
    if type_value is None:  # np.dtype(None) would silently be float64
        raise TypeError("Cannot convert None to a dtype.")
    if isinstance(type_value, str) and type_value in _BY_NAME:
        return _BY_NAME[type_value]
    if type_value is float:
        return float32
    if type_value is int:
        return int32
    if type_value is _py_bool:
        return bool
    if type_value in (str, bytes):
        return string
    try:
        numpy_dtype = np.dtype(type_value)
        return string if numpy_dtype.kind in "SU" else _BY_NUMPY[numpy_dtype]
    except (TypeError, KeyError):
        raise TypeError("Cannot convert %r to a dtype." % (type_value,)) from None


def infer_dtype(value):
    """TF1's dtype for a Python or numpy value: float → float32, int → int32, bool → bool;
    numpy arrays and scalars keep their own dtype."""
    if isinstance(value, (np.ndarray, np.generic)):
        return as_dtype(value.dtype)
    if isinstance(value, _py_bool):
        return bool
    if isinstance(value, int):
        return int32 if -2**31 <= value < 2**31 else int64
    if isinstance(value, float):
        return float32
    if isinstance(value, complex):
        return complex128  # TF narrows Python floats and ints, not complex numbers
    if isinstance(value, (str, bytes)):
        return string
    arr = np.asarray(value)
    if arr.dtype == np.float64:
        return float32
    if arr.dtype == np.int64:
        return int32 if arr.size == 0 or (arr.min() >= -2**31 and arr.max() < 2**31) else int64
    return as_dtype(arr.dtype)


def _as_bytes(item):
    if isinstance(item, bytes):
        return bytes(item)  # np.bytes_ becomes plain bytes
    if isinstance(item, str):
        return item.encode("utf-8")
    raise TypeError("Expected string, got %r of type '%s' instead."
                    % (item, type(item).__name__))


def as_string_array(value):
    """``value`` (bytes, str, nested lists of them, or a numpy array) as a new numpy object
    array of ``bytes``, the form every tf.string value takes; str is encoded as UTF-8.
    Anything else is a TypeError as in TF1 ("Expected string, got 1 of type 'int' instead.").

    >>> as_string_array(["a", b"b"])
    array([b'a', b'b'], dtype=object)
    """
    # numpy's fixed-width bytes type drops trailing NUL bytes: build object arrays directly
    array = np.array(value, dtype=object)
    flat = [_as_bytes(item) for item in array.reshape(-1)]
    result = np.empty(array.shape, dtype=object)
    result.reshape(-1)[:] = flat
    return result
