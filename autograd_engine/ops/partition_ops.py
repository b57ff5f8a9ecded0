"""``dynamic_partition`` (split the slices of a tensor by a partition number each) and
``dynamic_stitch`` (interleave slices back into one tensor by index), each the other's
gradient as in TF1. Both decide sizes from values, so they run on the host (``host_only``).
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from . import shape_ops
from .array_ops import reshape, zeros_like
from .constant_op import constant_value, convert_to_tensor
from .gather_ops import gather
from .op_families import check_index_range
from .op_samples import OpSample, normal
from .range_ops import range as range_
from .registry import OpDef, make_op, make_tensor, register


@register
class DynamicPartition(OpDef):
    """Output ``i`` holds the slices ``data[j]`` with ``partitions[j] == i``, in order."""
    type_name = "DynamicPartition"
    host_only = True

    def infer(self, op):
        data, partitions = op.inputs
        if partitions.dtype != dtypes.int32:
            raise TypeError("Value passed to parameter 'partitions' has DataType %s not in list "
                            "of allowed values: int32" % partitions.dtype.name)
        dims, part_dims = data.shape.as_tuple(), partitions.shape.as_tuple()
        if dims is None or part_dims is None:
            shape = TensorShape(None)
        else:
            if not TensorShape(dims[:len(part_dims)]).is_compatible_with(partitions.shape):
                raise ShapeInferenceError("data.shape must start with partitions.shape, got "
                                          "data.shape = %s, partitions.shape = %s"
                                          % (data.shape.bracketed(),
                                             partitions.shape.bracketed()))
            shape = TensorShape((None,) + dims[len(part_dims):])
        return [(data.dtype, shape)] * op.attrs["num_partitions"]

    def kernel(self, op, ctx):
        count = op.attrs["num_partitions"]

        def partition(data, partitions):
            check_index_range(partitions, count, "partitions")
            flat_data = data.reshape((partitions.size,) + data.shape[partitions.ndim:])
            flat = partitions.reshape(-1)
            return tuple(flat_data[flat == i] for i in range(count))
        return partition

    def gradient(self, op, *grads):
        data, partitions = op.inputs
        positions = reshape(range_(shape_ops.size(partitions)), shape_ops.shape(partitions))
        partitioned = dynamic_partition(positions, partitions, op.attrs["num_partitions"])
        stitched = dynamic_stitch(partitioned, [g if g is not None else
                                                _zeros_for(op, k) for k, g in enumerate(grads)])
        return [reshape(stitched, shape_ops.shape(data)), None]

    def samples(self, rng):
        """Rows into three partitions (one empty), elements of a matrix into two."""
        def reference(data, partitions, count):
            flat = data.reshape((partitions.size,) + data.shape[partitions.ndim:])
            return [flat[partitions.reshape(-1) == i] for i in range(count)]
        return [OpSample(lambda d, p, n=count: dynamic_partition(d, p, n), data, partitions,
                         reference=lambda d, p, n=count: reference(d, p, n))
                for data, partitions, count in (
                    (normal(rng, 5, 2), np.int32([2, 0, 2, 2, 0]), 3),
                    (normal(rng, 2, 3), np.int32([[1, 0, 1], [0, 0, 1]]), 2))]


def _zeros_for(op, k):
    return zeros_like(op.outputs[k])


def dynamic_partition(data, partitions, num_partitions, name=None):
    """Splits the slices of ``data`` into ``num_partitions`` tensors by ``partitions``
    (int32, a prefix of ``data``'s shape, values in ``[0, num_partitions)``).

    >>> import autograd_engine as tf
    >>> parts = tf.dynamic_partition([10, 20, 30, 40], [1, 0, 1, 1], 2)
    >>> with tf.Session() as sess:
    ...     [p.tolist() for p in sess.run(parts)]
    [[20], [10, 30, 40]]
    """
    data, partitions = convert_to_tensor(data), convert_to_tensor(partitions)
    op = make_op("DynamicPartition", (data, partitions),
                 {"num_partitions": int(num_partitions)}, name)
    return op.outputs


@register
class DynamicStitch(OpDef):
    """``merged[indices[m][i]] = data[m][i]``; a later write to an index wins."""
    type_name = "DynamicStitch"
    host_only = True

    def infer(self, op):
        n = op.attrs["N"]
        indices, data = op.inputs[:n], op.inputs[n:]
        if any(i.dtype != dtypes.int32 for i in indices):
            raise TypeError("dynamic_stitch indices must be int32")
        if any(d.dtype != data[0].dtype for d in data):
            raise TypeError("dynamic_stitch data must all have one dtype")
        rest = None
        for index, values in zip(indices, data):
            dims, index_dims = values.shape.as_tuple(), index.shape.as_tuple()
            if dims is not None and index_dims is not None:
                rest = TensorShape(dims[len(index_dims):]) if rest is None else \
                    rest.merge_with(TensorShape(dims[len(index_dims):]))
        known = [constant_value(i) for i in indices]
        rows = None if any(k is None for k in known) else \
            max([int(k.max()) + 1 for k in known if k.size] or [0])
        return [(data[0].dtype, TensorShape(None) if rest is None else
                 TensorShape([rows]).concatenate(rest))]

    def kernel(self, op, ctx):
        n = op.attrs["N"]

        def stitch(*arrays):
            indices, data = arrays[:n], arrays[n:]
            rows = max([int(i.max()) + 1 for i in indices if i.size] or [0])
            rest = data[0].shape[indices[0].ndim:]
            merged = np.zeros((rows,) + rest, data[0].dtype)
            for index, values in zip(indices, data):
                if values.shape[:index.ndim] != index.shape:
                    raise ValueError("data[%d].shape = %s does not start with indices.shape = %s"
                                     % (0, list(values.shape), list(index.shape)))
                check_index_range(index, rows, "indices")
                merged[index.reshape(-1)] = values.reshape((index.size,) + rest)
            return merged
        return stitch

    def gradient(self, op, grad):
        n = op.attrs["N"]
        return [None] * n + [gather(grad, index) for index in op.inputs[:n]]

    def samples(self, rng):
        """Two pieces interleaved, rows from a matrix of indices."""
        def reference(*arrays):
            half = len(arrays) // 2
            rows = max(int(i.max()) + 1 for i in arrays[:half])
            out = np.zeros((rows,) + arrays[half].shape[arrays[0].ndim:], arrays[half].dtype)
            for index, values in zip(arrays[:half], arrays[half:]):
                out[index.reshape(-1)] = values.reshape((index.size,) + out.shape[1:])
            return out
        return [OpSample(lambda i0, i1, d0, d1: dynamic_stitch([i0, i1], [d0, d1]),
                         np.int32([0, 2]), np.int32([1, 3, 4]), normal(rng, 2), normal(rng, 3),
                         reference=reference),
                OpSample(lambda i0, i1, d0, d1: dynamic_stitch([i0, i1], [d0, d1]),
                         np.int32([[3, 0]]), np.int32([1, 2]), normal(rng, 1, 2, 2),
                         normal(rng, 2, 2), reference=reference)]


def dynamic_stitch(indices, data, name=None):
    """One tensor with ``data[m][i]`` at row ``indices[m][i]`` (TF1's interleave; when an
    index repeats, the last write wins).

    >>> import autograd_engine as tf
    >>> merged = tf.dynamic_stitch([[0, 2], [1]], [[1.0, 3.0], [2.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(merged).tolist()
    [1.0, 2.0, 3.0]
    """
    indices = [convert_to_tensor(i) for i in indices]
    data = [convert_to_tensor(d) for d in data]
    if len(indices) != len(data):
        raise ValueError("dynamic_stitch needs one data tensor per indices tensor (%d and %d)"
                         % (len(indices), len(data)))
    return make_tensor("DynamicStitch", indices + data, {"N": len(indices)}, name)


__all__ = ["dynamic_partition", "dynamic_stitch"]
