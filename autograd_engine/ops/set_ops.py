"""``tf.sets``: ``set_size``, ``set_intersection``, ``set_union`` and ``set_difference``, as TF1.

A set is the values of one group: the last dimension of a dense tensor, or the entries of a
SparseTensor that share every index but the last. A set operation works group by group over the
batch dimensions (all but the last) and returns a SparseTensor whose groups hold the result
sets in ascending order, its last dense dimension the largest result set. The work runs on the
host (``host_only``), as TF1's set kernels do; sets have no gradient.

>>> import autograd_engine as tf
>>> common = tf.sets.intersection([[1, 2, 3], [4, 5, 6]], [[3, 2, 0], [6, 6, 6]])
>>> with tf.Session() as sess:
...     value = sess.run(common)
>>> value.indices.tolist(), value.values.tolist(), value.dense_shape.tolist()
([[0, 0], [0, 1], [1, 0]], [2, 3, 6], [2, 2])
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, make_tensor, register
from .sparse_ops import check_sparse_indices
from .sparse_tensor import SparseTensor, convert_to_tensor_or_sparse_tensor

_SET_DTYPES = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8,
               dtypes.uint16, dtypes.string)


def _check_dtype(tensor, what):
    if tensor.dtype not in _SET_DTYPES:
        raise TypeError("Invalid dtype %s for %s: sets hold int8, int16, int32, int64, uint8, "
                        "uint16 or string values." % (tensor.dtype.name, what))


def _dense_groups(values):
    """{batch index: set} of a dense array whose last dimension holds the sets."""
    batch_shape = values.shape[:-1]
    return {index: set(values[index].tolist()) for index in np.ndindex(*batch_shape)}


def _sparse_groups(indices, values, dense_shape, validate):
    if validate:
        check_sparse_indices(indices, dense_shape)
    groups = {}
    for index, value in zip(map(tuple, indices[:, :-1].tolist()), values.tolist()):
        groups.setdefault(index, set()).add(value)
    return groups


def _groups(arrays, is_sparse, validate):
    """``(groups, batch shape)`` of one operand given as its arrays."""
    if is_sparse:
        indices, values, dense_shape = arrays
        return (_sparse_groups(np.asarray(indices), np.asarray(values), np.asarray(dense_shape),
                               validate), tuple(int(d) for d in dense_shape[:-1]))
    values = np.asarray(arrays[0])
    if values.ndim < 2:
        raise InvalidArgumentError(None, None, "Set operations need rank 2 or more, got rank "
                                   "%d." % values.ndim)
    return _dense_groups(values), values.shape[:-1]


_OPERATIONS = {"intersection": lambda a, b: a & b, "union": lambda a, b: a | b,
               "a-b": lambda a, b: a - b, "b-a": lambda a, b: b - a}


@register
class SetOperation(OpDef):
    """TF1's DenseToDense/DenseToSparse/SparseToSparseSetOperation in one op. Inputs: each
    operand's arrays (one for a dense operand, indices/values/dense_shape for a sparse one);
    attrs ``set_operation``, ``a_sparse``, ``b_sparse``, ``validate_indices``. Outputs: the
    result SparseTensor's indices, values and dense_shape."""
    type_name = "SetOperation"
    host_only = True
    differentiable = False

    def infer(self, op):
        if op.attrs["a_sparse"]:
            values, rank = op.inputs[1], op.inputs[2].shape.with_rank(1).as_tuple()[0]
        else:
            values, rank = op.inputs[0], op.inputs[0].shape.ndims
        return [(dtypes.int64, TensorShape([None, rank])), (values.dtype, TensorShape([None])),
                (dtypes.int64, TensorShape([rank]))]

    def kernel(self, op, ctx):
        attrs = op.attrs
        combine = _OPERATIONS[attrs["set_operation"]]
        a_count = 3 if attrs["a_sparse"] else 1

        def set_operation(*arrays):
            a, a_batch = _groups(arrays[:a_count], attrs["a_sparse"], attrs["validate_indices"])
            b, b_batch = _groups(arrays[a_count:], attrs["b_sparse"], attrs["validate_indices"])
            if len(a_batch) != len(b_batch) or (not (attrs["a_sparse"] or attrs["b_sparse"])
                                                and a_batch != b_batch):
                raise InvalidArgumentError(None, None, "Shapes of both set operands must agree "
                                           "in every dimension but the last: %s vs %s."
                                           % (list(a_batch), list(b_batch)))
            batch = tuple(max(x, y) for x, y in zip(a_batch, b_batch))
            results = {index: sorted(combine(a.get(index, set()), b.get(index, set())))
                       for index in sorted(set(a) | set(b))}
            width = max([len(r) for r in results.values()] + [0])
            rows = [index + (position,) for index, result in results.items()
                    for position in range(len(result))]
            values = [value for result in results.values() for value in result]
            value_dtype = arrays[1 if attrs["a_sparse"] else 0].dtype
            return (np.array(rows, np.int64).reshape(len(rows), len(batch) + 1),
                    np.array(values, value_dtype).reshape(len(values)),
                    np.array(batch + (width,), np.int64))
        return set_operation

    def samples(self, rng):
        a = np.int32([[[1, 2, 2], [3, 4, 4]], [[5, 5, 6], [7, 8, 9]]])
        b = np.int32([[[1, 7, 2], [4, 4, 4]], [[0, 5, 1], [1, 2, 3]]])

        def reference(operation):
            def expected(a, b):
                batch = a.shape[:-1]
                results = {i: sorted(_OPERATIONS[operation](set(a[i].tolist()), set(b[i].tolist())))
                           for i in np.ndindex(*batch)}
                width = max(len(r) for r in results.values())
                return [np.int64([i + (k,) for i, r in results.items() for k in range(len(r))]),
                        np.int32([v for r in results.values() for v in r]),
                        np.int64(batch + (width,))]
            return expected
        return [OpSample(lambda x, y, o=operation: _dense_set_op(x, y, o), a, b,
                         reference=reference(operation), name=operation)
                for operation in ("intersection", "union", "a-b", "b-a")]


def _dense_set_op(a, b, operation):
    op = make_op("SetOperation", (a, b), {"set_operation": operation, "a_sparse": False,
                                          "b_sparse": False, "validate_indices": True})
    return list(op.outputs)


def _set_operation(a, b, operation, validate_indices, name):
    a = convert_to_tensor_or_sparse_tensor(a)
    b = convert_to_tensor_or_sparse_tensor(b)
    a_sparse, b_sparse = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not a_sparse and b_sparse:
        if operation == "intersection" or operation == "union":
            a, b, a_sparse, b_sparse = b, a, True, False
    _check_dtype(a, "a")
    _check_dtype(b, "b")
    if a.dtype != b.dtype:
        raise TypeError("Types don't match, %s vs %s." % (a.dtype.name, b.dtype.name))
    parts = [p for x in (a, b) for p in ((x.indices, x.values, x.dense_shape)
                                         if isinstance(x, SparseTensor) else (x,))]
    op = make_op("SetOperation", parts, {"set_operation": operation, "a_sparse": a_sparse,
                                         "b_sparse": b_sparse,
                                         "validate_indices": bool(validate_indices)},
                 name or "set_" + operation.replace("-", "_minus_"))
    return SparseTensor(*op.outputs)


def set_intersection(a, b, validate_indices=True):
    """The intersection of the sets in the last dimension of ``a`` and ``b`` (dense Tensors or
    SparseTensors), as a SparseTensor with each group's values in ascending order."""
    return _set_operation(a, b, "intersection", validate_indices, None)


def set_union(a, b, validate_indices=True):
    """The union of the sets in the last dimension of ``a`` and ``b``, as a SparseTensor.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sets.union([[2, 1]], [[3, 1]])).values.tolist()
    [1, 2, 3]
    """
    return _set_operation(a, b, "union", validate_indices, None)


def set_difference(a, b, aminusb=True, validate_indices=True):
    """``a - b`` (or ``b - a`` when not ``aminusb``) of the sets in the last dimension, as a
    SparseTensor.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sets.difference([[2, 1, 5]], [[3, 1]])).values.tolist()
    [2, 5]
    """
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices, None)


@register
class SetSize(OpDef):
    """How many distinct values each group of a SparseTensor holds (int32, one per batch
    index: the dense shape without its last dimension)."""
    type_name = "SetSize"
    host_only = True
    differentiable = False

    def infer(self, op):
        rank = op.inputs[2].shape.as_tuple()
        return [(dtypes.int32, TensorShape(None if rank is None or rank[0] is None
                                           else [None] * (rank[0] - 1)))]

    def kernel(self, op, ctx):
        validate = op.attrs["validate_indices"]

        def set_size(indices, values, dense_shape):
            sizes = np.zeros([int(d) for d in dense_shape[:-1]], np.int32)
            for index, group in _sparse_groups(indices, values, dense_shape, validate).items():
                sizes[index] = len(group)
            return sizes
        return set_size

    def samples(self, rng):
        indices = np.int64([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1]])
        values = np.int32([1, 2, 3, 5, 5])

        def build(i, v):
            return make_tensor("SetSize", (i, v, convert_to_tensor(np.int64([2, 2, 3]))),
                               {"validate_indices": True})
        return [OpSample(build, indices, values,
                         reference=lambda i, v: np.int32([[2, 1], [1, 0]]), partial=False)]


def set_size(a, validate_indices=True):
    """The number of distinct values in each set of the SparseTensor ``a`` (int32 of ``a``'s
    dense shape without its last dimension). A dense Tensor is a TypeError, as in TF1.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [7, 7, 2], [2, 3])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sets.size(sp)).tolist()
    [1, 1]
    """
    a = convert_to_tensor_or_sparse_tensor(a)
    if not isinstance(a, SparseTensor):
        raise TypeError("Expected `SparseTensor`, got %s." % (a,))
    _check_dtype(a, "a")
    return make_tensor("SetSize", (a.indices, a.values, a.dense_shape),
                       {"validate_indices": bool(validate_indices)}, "set_size")


__all__ = ["set_size", "set_intersection", "set_union", "set_difference"]
