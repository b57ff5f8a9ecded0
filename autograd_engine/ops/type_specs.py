"""Type specifications of graph values (``tf.TensorSpec``, ``tf.NoneTensorSpec``,
``tf.TensorArraySpec``) and ``tf.type_spec_from_value``: a value's dtype and static shape,
for code that checks or describes what it is given.

>>> import autograd_engine as tf
>>> tf.type_spec_from_value(tf.zeros([2, 3]))
TensorSpec(shape=(2, 3), dtype=tf.float32, name=None)
>>> tf.TensorSpec([None, 3]).is_compatible_with(tf.zeros([5, 3]))
True
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import convert_to_tensor
from .tensor_array import TensorArray


class TypeSpec:
    """The base of the specs: equal when their type and components are equal."""
    value_type = object

    def _components(self):
        return ()

    def is_compatible_with(self, spec_or_value):
        other = spec_or_value if isinstance(spec_or_value, TypeSpec) else \
            type_spec_from_value(spec_or_value)
        return type(other) is type(self) and self._compatible(other)

    def _compatible(self, other):
        return self == other

    def __eq__(self, other):
        return type(other) is type(self) and self._components() == other._components()

    def __hash__(self):
        return hash((type(self).__name__, repr(self._components())))


class TensorSpec(TypeSpec):
    """A Tensor's static shape and dtype (and an optional name)."""
    value_type = Tensor

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self.shape, self.dtype, self.name = as_shape(shape), dtypes.as_dtype(dtype), name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        tensor = convert_to_tensor(tensor)
        return cls(tensor.shape, tensor.dtype, name if name is not None else tensor.op.name)

    def _components(self):
        return (self.shape.as_list() if self.shape.ndims is not None else None,
                self.dtype.name, self.name)

    def _compatible(self, other):
        return self.dtype == other.dtype and self.shape.is_compatible_with(other.shape)

    def __repr__(self):
        dims = None if self.shape.ndims is None else tuple(self.shape.as_list())
        return "TensorSpec(shape=%s, dtype=%r, name=%r)" % (dims, self.dtype, self.name)


class NoneTensorSpec(TypeSpec):
    """The spec of ``None`` where a structure allows a missing value."""
    value_type = type(None)

    def __repr__(self):
        return "NoneTensorSpec()"


class TensorArraySpec(TypeSpec):
    """A TensorArray's element shape and dtype, and whether it grows and learns its shape."""
    value_type = TensorArray

    def __init__(self, element_shape=None, dtype=dtypes.float32, dynamic_size=False,
                 infer_shape=True):
        self.element_shape = TensorShape(None) if element_shape is None else \
            as_shape(element_shape)
        self.dtype, self.dynamic_size = dtypes.as_dtype(dtype), bool(dynamic_size)
        self.infer_shape = bool(infer_shape)

    @staticmethod
    def from_value(value):
        return TensorArraySpec(value.element_shape, value.dtype, value.dynamic_size,
                               value.infer_shape)

    def _components(self):
        shape = self.element_shape
        return (shape.as_list() if shape.ndims is not None else None, self.dtype.name,
                self.dynamic_size, self.infer_shape)

    def _compatible(self, other):
        return (self.dtype, self.dynamic_size, self.infer_shape) == \
            (other.dtype, other.dynamic_size, other.infer_shape) and \
            self.element_shape.is_compatible_with(other.element_shape)

    def __repr__(self):
        return "TensorArraySpec(%s, %r, %s, %s)" % (self.element_shape, self.dtype,
                                                    self.dynamic_size, self.infer_shape)


def type_spec_from_value(element, use_fallback=True):
    """The TypeSpec of ``element``: a Tensor's (or a value convertible to one: a numpy array,
    a number), ``None``'s, a TensorArray's. Anything else is a TypeError."""
    if element is None:
        return NoneTensorSpec()
    if isinstance(element, TypeSpec):
        return element
    if isinstance(element, Tensor):
        return TensorSpec(element.shape, element.dtype)
    if isinstance(element, TensorArray):
        return TensorArraySpec.from_value(element)
    if use_fallback and isinstance(element, (np.ndarray, np.generic, int, float, bool, list,
                                             bytes, str)):
        array_dtype = dtypes.infer_dtype(element)
        return TensorSpec(np.shape(element), array_dtype)
    raise TypeError("Could not build a TypeSpec for %r with type %s"
                    % (element, type(element).__name__))


__all__ = ["NoneTensorSpec", "TensorArraySpec", "TensorSpec", "TypeSpec",
           "type_spec_from_value"]
