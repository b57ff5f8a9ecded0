"""Shape queries (tf.shape, tf.size, tf.rank) and :class:`ShapeOperand`, through which ops
take an int-vector operand that is static when known while building and a run-time input
otherwise."""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import (constant_value, convert_to_tensor, flatten_nested, shape_tensor_dims,
                          stack_values)
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register


# ------------------------------------------------------------------ shape operands
class ShapeOperand:
    """Ops that take a target shape (Reshape, Fill, BroadcastTo, SumToShape...) accept it
    either as a static attr (known while building: no extra input, no per-run work) or as a
    1-D int tensor input (known only at run time). This helper keeps the two cases in one place.

    Other int-vector operands (Slice's begin and size, Pad's paddings, Tile's multiples) use
    the same helper under their own attr ``key``; several of them on one op are bound together
    by :meth:`bind_operands`.
    """

    @staticmethod
    def split(shape, key="shape"):
        """(extra inputs, attrs) for a shape given as a list, TensorShape or tensor. Nested
        lists (paddings) are flattened when static; a static value is a tuple of ints."""
        if isinstance(shape, TensorShape):
            shape = shape.as_list()
        if isinstance(shape, Tensor):
            value = constant_value(shape)
            if value is None:
                return [shape], {key: None}
            shape = value
        if isinstance(shape, (list, tuple)) and any(isinstance(d, TensorLike)
                                                    for d in flatten_nested(shape)):
            return [stack_values(list(shape), dtype=dtypes.int32)], {key: None}
        return [], {key: tuple(int(d) for d in np.reshape(np.asarray(shape), -1))}

    @staticmethod
    def static_dims(op, input_index, key="shape"):
        """Known dims (ints/None) of the op's target shape, or None when the rank is unknown."""
        if op.attrs[key] is not None:
            return op.attrs[key]
        return shape_tensor_dims(op.inputs[input_index])

    @staticmethod
    def bind_operands(op, keys, fn):
        """A kernel calling ``fn(*data_inputs, *operands)``, one tuple of ints per key. The op's
        inputs are its data inputs followed by the operands of ``keys`` that are only known at
        run time, in the order of ``keys``."""
        n_data, sources = ShapeOperand._sources(op, keys)
        if all(index is None for index, _ in sources):
            static = [value for _, value in sources]
            return lambda *args: fn(*args, *static)

        def call(*args):
            operands = [value if index is None else
                        tuple(args[index].reshape(-1).tolist()) for index, value in sources]
            return fn(*args[:n_data], *operands)
        return call

    @staticmethod
    def operand(op, keys, key):
        """The operand ``key`` as a public function takes it: the static tuple, or the input
        tensor that carries it (for gradients that rebuild an op from another's operands)."""
        index, value = ShapeOperand._sources(op, keys)[1][keys.index(key)]
        return list(value) if index is None else op.inputs[index]

    @staticmethod
    def operand_dims(op, keys, key):
        """What is known while building about the operand ``key``: a tuple of ints and Nones,
        or None when even its length is unknown."""
        index, value = ShapeOperand._sources(op, keys)[1][keys.index(key)]
        return value if index is None else ShapeOperand.static_dims(op, index, key=key)

    @staticmethod
    def _sources(op, keys):
        """(number of data inputs, [(input index or None, static value or None)] per key)."""
        n_data = len(op.inputs) - sum(op.attrs[k] is None for k in keys)
        sources, position = [], n_data
        for k in keys:
            if op.attrs[k] is None:
                sources.append((position, None))
                position += 1
            else:
                sources.append((None, op.attrs[k]))
        return n_data, sources

    @staticmethod
    def bind(op, input_index, fn):
        """A kernel that calls ``fn(*data_inputs, shape)`` with the target shape as a tuple
        (the data inputs are the op's inputs other than the shape at ``input_index``)."""
        static = op.attrs["shape"]
        if static is not None:
            return lambda *args: fn(*args, static)
        return lambda *args: fn(*args[:input_index], *args[input_index + 1:],
                                tuple(args[input_index].tolist()))


def shape_operand_of(tensor):
    """The shape of ``tensor`` as an operand: static when known, else a Shape op."""
    if tensor.shape.is_fully_defined():
        return tensor.shape.as_list()
    return shape(tensor)


# ------------------------------------------------------------------ shape, size, rank
class _ShapeQuery(OpDef):
    differentiable = False
    host_outputs = (0,)  # a shape is metadata, on the host wherever the array is (TF1 too)

    def kernel(self, op, ctx):
        dtype, query = op.attrs["out_type"].np_dtype, self.query
        return lambda x: np.asarray(query(x), dtype=dtype)

    def static_value(self, op, xp):
        shape = op.inputs[0].shape
        known = shape.ndims is not None if self.type_name == "Rank" else shape.is_fully_defined()
        if not known:
            return None
        return xp.asarray(self.query(_StaticArray(shape)), dtype=op.attrs["out_type"].np_dtype)

    def samples(self, rng):
        """float64, int32, bool, scalar and empty inputs, and an int64 result where the public
        function takes ``out_type`` (tf.rank does not); ``numpy_query`` is numpy's answer."""
        def case(value, out_type=dtypes.int32):
            return OpSample(lambda x: make_tensor(self.type_name, (x,), {"out_type": out_type}),
                            value, reference=lambda x: np.array(self.numpy_query(x),
                                                                out_type.np_dtype))
        samples = [case(value) for value in (normal(rng, 2, 3), np.zeros((0, 3)), normal(rng),
                                             rng.integers(-9, 9, (3, 1, 2), np.int32),
                                             np.array([True, False]))]
        return samples + ([] if self.type_name == "Rank" else [case(normal(rng, 3), dtypes.int64)])


class _StaticArray:
    """What the shape queries read of an array, from a static shape."""

    def __init__(self, shape):
        self.ndim = shape.ndims
        if shape.is_fully_defined():
            self.shape = shape.as_tuple()
            self.size = shape.num_elements()


@register
class Shape(_ShapeQuery):
    type_name = "Shape"
    query = staticmethod(lambda x: x.shape)
    numpy_query = staticmethod(np.shape)

    def infer(self, op):
        return [(op.attrs["out_type"], TensorShape([op.inputs[0].shape.ndims]))]


@register
class Size(_ShapeQuery):
    type_name = "Size"
    query = staticmethod(lambda x: x.size)
    numpy_query = staticmethod(np.size)

    def infer(self, op):
        return [(op.attrs["out_type"], TensorShape([]))]


@register
class Rank(_ShapeQuery):
    type_name = "Rank"
    query = staticmethod(lambda x: x.ndim)
    numpy_query = staticmethod(np.ndim)

    def infer(self, op):
        return [(op.attrs["out_type"], TensorShape([]))]


def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The dynamic shape of ``input`` as a 1-D int tensor."""
    return make_tensor("Shape", (convert_to_tensor(input),),
                       {"out_type": dtypes.as_dtype(out_type)}, name)


def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The number of elements of ``input`` as a scalar tensor."""
    return make_tensor("Size", (convert_to_tensor(input),),
                       {"out_type": dtypes.as_dtype(out_type)}, name)


def rank(input, name=None):  # noqa: A002
    """The number of dimensions of ``input`` as a scalar tensor."""
    return make_tensor("Rank", (convert_to_tensor(input),), {"out_type": dtypes.int32}, name)
