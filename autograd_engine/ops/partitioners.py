"""TF1's variable partitioners and ``tf.create_partitioned_variables``.

A partitioner is ``partitioner(shape, dtype)`` -> how many pieces each dimension is cut into
(one dimension, ``axis``, is cut): ``fixed_size_partitioner`` (a number of shards),
``variable_axis_size_partitioner`` (shards of at most ``max_shard_bytes``),
``min_max_variable_partitioner`` (slices of at least ``min_slice_size`` bytes, at most
``max_partitions``); strings count ``bytes_per_string_element`` bytes each. The numbers are
TensorFlow's (tests/fixtures/framework_tail). ``create_partitioned_variables`` makes one
Variable per piece (``<name>/part_<i>``, the first pieces one row longer when the dimension
does not divide evenly), as TF1 returns the pieces of a partitioned variable.

>>> import autograd_engine as tf
>>> fixed_size_partitioner(3)(shape=tf.TensorShape([10, 4]), dtype=tf.float32)
[3, 1]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .variable_scope import get_variable, variable_scope


def _element_bytes(dtype, bytes_per_string_element):
    dtype = dtypes.as_dtype(dtype)
    return bytes_per_string_element if dtype == dtypes.string else dtype.size


def _defined_shape(shape, axis, who):
    shape = TensorShape(shape)
    if not shape.is_fully_defined():
        raise ValueError("%s needs a fully defined shape, got %s" % (who, shape))
    if not 0 <= axis < shape.ndims:
        raise ValueError("Cannot partition variable along axis %d when shape is only %s"
                         % (axis, shape))
    return shape.as_list()


def fixed_size_partitioner(num_shards, axis=0):
    """A partitioner cutting ``axis`` into ``num_shards`` pieces (fewer when it is shorter)."""
    def partitioner(shape, **unused_args):
        dims = _defined_shape(shape, axis, "fixed_size_partitioner")
        partitions = [1] * len(dims)
        partitions[axis] = min(num_shards, dims[axis])
        return partitions
    return partitioner


def variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16,
                                   max_shards=None):
    """A partitioner cutting ``axis`` into shards of at most ``max_shard_bytes`` (at least one
    slice per shard; at most ``max_shards`` shards)."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError("Both max_shard_bytes and bytes_per_string_element must be positive. "
                         "Currently, max_shard_bytes is %d and bytes_per_string_element is %d"
                         % (max_shard_bytes, bytes_per_string_element))
    if max_shards is not None and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def partitioner(shape, dtype):
        dims = _defined_shape(shape, axis, "variable_axis_size_partitioner")
        element_size = _element_bytes(dtype, bytes_per_string_element)
        bytes_per_slice = 1.0 * int(np.prod(dims)) / dims[axis] * element_size
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        shards = int(math.ceil(1.0 * dims[axis] / slices_per_shard))
        if max_shards:
            shards = min(max_shards, shards)
        partitions = [1] * len(dims)
        partitions[axis] = shards
        return partitions
    return partitioner


def min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256 << 10,
                                 bytes_per_string_element=16):
    """A partitioner cutting ``axis`` into pieces of at least ``min_slice_size`` bytes, at
    most ``max_partitions`` of them."""
    def partitioner(shape, dtype):
        dims = _defined_shape(shape, axis, "min_max_variable_partitioner")
        total_bytes = int(np.prod(dims)) * _element_bytes(dtype, bytes_per_string_element)
        partitions = [1] * len(dims)
        partitions[axis] = max(1, min(dims[axis], max_partitions,
                                      int(math.ceil(total_bytes / min_slice_size))))
        return partitions
    return partitioner


def _pieces(length, count):
    """(offset, size) of ``count`` pieces of ``length``, the first ones one longer."""
    base, extra = divmod(length, count)
    offset = 0
    for i in range(count):
        size = base + (1 if i < extra else 0)
        yield offset, size
        offset += size


def create_partitioned_variables(shape, slicing, initializer, dtype=dtypes.float32,
                                 trainable=True, collections=None, name=None, reuse=None):
    """A list of Variables, the pieces of a ``shape`` variable cut as ``slicing`` says (one
    dimension cut), named ``<name>/part_<i>``. ``initializer``: an initializer (called with
    each piece's shape) or an array of the whole shape (each piece gets its slice)."""
    shape, slicing = list(shape), list(slicing)
    if len(shape) != len(slicing):
        raise ValueError("The 'shape' and 'slicing' of a partitioned Variable must have the "
                         "length: shape: %s, slicing: %s" % (shape, slicing))
    if len(shape) < 1:
        raise ValueError("A partitioned Variable must have rank at least 1: shape: %s" % shape)
    cut = [i for i, count in enumerate(slicing) if count > 1]
    if len(cut) > 1:
        raise ValueError("Can only slice a variable along one dimension: slicing: %s"
                         % slicing)
    axis = cut[0] if cut else 0
    whole = None if callable(initializer) else np.asarray(initializer,
                                                          dtypes.as_dtype(dtype).np_dtype)
    if whole is not None and list(whole.shape) != shape:
        raise ValueError("The initializer's value has shape %s, the variable %s"
                         % (list(whole.shape), shape))
    variables = []
    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        for i, (offset, size) in enumerate(_pieces(shape[axis], slicing[axis])):
            piece_shape = shape[:axis] + [size] + shape[axis + 1:]
            if whole is None:
                piece_init = initializer
            else:
                piece_init = np.take(whole, range(offset, offset + size), axis=axis)
            variables.append(get_variable(
                "part_%d" % i, shape=piece_shape if whole is None else None, dtype=dtype,
                initializer=piece_init, trainable=trainable, collections=collections))
    return variables


__all__ = ["create_partitioned_variables", "fixed_size_partitioner",
           "min_max_variable_partitioner", "variable_axis_size_partitioner"]
