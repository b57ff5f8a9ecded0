"""Sparse tensors to dense and back into order: SparseToDense (tf.sparse.to_dense,
tf.sparse_to_dense) and SparseReorder, with the index checks other sparse ops share.

Sparse bookkeeping runs on the host (``host_only``), as most of TF1's sparse kernels do: it
decides sizes from index values. Misordered, repeated or out-of-bounds indices are TF1's
InvalidArgumentError ("indices[1] = [0,0] is out of order") when the op runs.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape
from .constant_op import convert_to_tensor, shape_tensor_dims
from .gather_ops import gather_nd, scatter_nd
from .op_samples import OpSample, normal
from .range_ops import range as range_
from .reduction_ops import reduce_sum
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import shape as shape_of
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


def index_string(row):
    """An index as TF1's errors spell it: ``[0,2]``."""
    return "[" + ",".join(str(int(i)) for i in np.reshape(row, -1)) + "]"


def check_sparse_indices(indices, dense_shape, ordered=True):
    """Raises TF1's error (ValueError, InvalidArgumentError once the plan names the op) for the
    first row of ``indices`` ([N, rank]) out of ``dense_shape``'s bounds, or, with ``ordered``,
    out of row-major order or repeated."""
    indices = np.asarray(indices)
    if indices.shape[0] == 0:
        return
    bounds = np.asarray(dense_shape, dtype=np.int64)
    outside = ((indices < 0) | (indices >= bounds)).any(axis=1)
    problems = [(outside, "is out of bounds: need 0 <= index < %s" % index_string(bounds))]
    if ordered and indices.shape[0] > 1:
        step = indices[1:] - indices[:-1]
        moved = step != 0
        first_moved = step[np.arange(step.shape[0]), np.argmax(moved, axis=1)]
        later = np.concatenate([[False], moved.any(axis=1) & (first_moved < 0)])
        same = np.concatenate([[False], ~moved.any(axis=1)])
        problems += [(later, "is out of order. Many sparse ops require sorted indices.\n"
                      "    Use `tf.sparse.reorder` to create a correctly ordered copy."),
                     (same, "is repeated")]
    first = [(int(np.argmax(bad)), what) for bad, what in problems if bad.any()]
    if first:
        row, what = min(first, key=lambda item: item[0])
        raise ValueError("indices[%d] = %s %s" % (row, index_string(indices[row]), what))


def static_dense_shape(dense_shape):
    """A TensorShape of what is known of a dense_shape tensor's value while building."""
    dims = shape_tensor_dims(dense_shape)
    return TensorShape(None) if dims is None else TensorShape(
        [None if d is None or d < 0 else d for d in dims])


# ------------------------------------------------------------------ SparseToDense
@register
class SparseToDense(OpDef):
    """``default_value`` everywhere but at ``sparse_indices`` (0-D: one index of a vector; 1-D:
    indices of a vector; 2-D [N, rank]), where ``sparse_values`` (one per index, or a scalar
    for all) go."""
    type_name = "SparseToDense"
    host_only = True

    def infer(self, op):
        indices, output_shape, values, default = op.inputs
        if indices.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("sparse_indices must be int32 or int64, not %s" % indices.dtype.name)
        if values.dtype != default.dtype:
            raise TypeError("sparse_values (%s) and default_value (%s) must have one dtype"
                            % (values.dtype.name, default.dtype.name))
        if indices.shape.ndims is not None and indices.shape.ndims > 2:
            raise ShapeInferenceError("sparse_indices should be a scalar, vector, or matrix, "
                                      "got shape %s" % indices.shape)
        if default.shape.ndims not in (None, 0):
            raise ShapeInferenceError("default_value should be a scalar, got shape %s"
                                      % default.shape)
        return [(values.dtype, static_dense_shape(output_shape))]

    def kernel(self, op, ctx):
        validate = op.attrs["validate_indices"]

        def sparse_to_dense(indices, output_shape, values, default):
            shape = tuple(int(d) for d in np.reshape(output_shape, -1))
            rows = np.reshape(indices, (-1, 1) if indices.ndim < 2 else indices.shape)
            if rows.shape[1] != len(shape):
                raise ValueError("sparse_indices should have %d columns (the rank of "
                                 "output_shape), got shape %s" % (len(shape), list(indices.shape)))
            if values.ndim and values.shape != (rows.shape[0],):
                raise ValueError("sparse_values has incorrect shape %s, should be [] or [%d]"
                                 % (list(values.shape), rows.shape[0]))
            check_sparse_indices(rows, shape, ordered=validate)
            out = np.full(shape, default, dtype=values.dtype)
            out[tuple(rows.T)] = values
            return out
        return sparse_to_dense

    def gradient(self, op, grad):
        indices, _, values, _ = op.inputs
        rows = indices if indices.shape.ndims == 2 else reshape(indices, [-1, 1])
        picked = gather_nd(grad, rows)
        values_grad = reduce_sum(picked) if values.shape.ndims == 0 else picked
        return [None, None, values_grad, reduce_sum(grad) - reduce_sum(picked)]

    def samples(self, rng):
        """A matrix with entries in order, a vector from 1-D indices with one value for all,
        int32 indices; the default value's gradient is the count of untouched elements."""
        def reference(indices, values, default, shape):
            out = np.full(shape, default, values.dtype)
            rows = np.reshape(indices, (-1, 1) if indices.ndim < 2 else indices.shape)
            out[tuple(rows.T)] = values
            return out
        return [OpSample(lambda i, v, d, s=shape: sparse_to_dense(i, s, v, d), indices, values,
                         default, reference=lambda i, v, d, s=shape: reference(i, v, d, s))
                for indices, values, default, shape in (
                    (np.int64([[0, 1], [1, 0], [2, 3]]), normal(rng, 3), np.float64(0.5), [3, 4]),
                    (np.int32([1, 4]), np.float64(2.0), np.float64(-1.0), [6]),
                    (np.int64([[0, 0, 1], [1, 2, 0]]), np.int32([7, 9]), np.int32(0), [2, 3, 2]))]


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
                    validate_indices=True, name=None):
    """A dense tensor of ``output_shape`` holding ``sparse_values`` at ``sparse_indices`` and
    ``default_value`` elsewhere; with ``validate_indices`` the indices must be in row-major
    order without repeats.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_to_dense([1, 3], [5], 1.0)).tolist()
    [0.0, 1.0, 0.0, 1.0, 0.0]
    """
    sparse_values = convert_to_tensor(sparse_values)
    default_value = convert_to_tensor(default_value, dtype=sparse_values.dtype)
    sparse_indices = convert_to_tensor(sparse_indices)
    output_shape = convert_to_tensor(output_shape, dtype=sparse_indices.dtype)
    return make_tensor("SparseToDense", (sparse_indices, output_shape, sparse_values,
                                         default_value),
                       {"validate_indices": bool(validate_indices)}, name)


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor a SparseTensor stands for, ``default_value`` (zero by default) where it
    has no entry. Its gradient reaches ``sp_input.values``.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 2], [1, 0]], [3.0, 4.0], [2, 3])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.to_dense(sp, default_value=-1.0)).tolist()
    [[-1.0, -1.0, 3.0], [4.0, -1.0, -1.0]]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    if default_value is None:
        default_value = b"" if sp_input.dtype.name == "string" else 0
    return sparse_to_dense(sp_input.indices, sp_input.dense_shape, sp_input.values,
                           default_value, validate_indices, name or "SparseToDense")


# ------------------------------------------------------------------ SparseReorder
@register
class SparseReorder(OpDef):
    """The entries of a SparseTensor sorted into row-major order (indices, values)."""
    type_name = "SparseReorder"
    host_only = True

    def infer(self, op):
        indices, values, _ = op.inputs
        return [(indices.dtype, indices.shape), (values.dtype, values.shape)]

    def kernel(self, op, ctx):
        def reorder(indices, values, dense_shape):
            check_sparse_indices(indices, dense_shape, ordered=False)
            order = row_major_order(indices, dense_shape)
            return indices[order], values[order]
        return reorder

    def gradient(self, op, indices_grad, values_grad):
        indices, values, dense_shape = op.inputs
        # Where each input entry went: reorder the entries' positions the same way.
        positions = make_op("SparseReorder", (indices, entry_positions(values), dense_shape))
        moved_to = reshape(positions.outputs[1], [-1, 1])
        return [None, scatter_nd(moved_to, values_grad, shape_of(values)), None]

    def samples(self, rng):
        """Entries in reverse and in mixed order, int values (no gradient)."""
        def reference(indices, values, shape):
            order = np.lexsort(indices.T[::-1])
            return [indices[order], values[order]]
        def build(indices, values, shape):
            reordered = sparse_reorder(SparseTensor(indices, values, shape))
            return [reordered.indices, reordered.values]
        return [OpSample(lambda i, v, s=shape: build(i, v, s),
                         indices, values, reference=lambda i, v, s=shape: reference(i, v, s))
                for indices, values, shape in (
                    (np.int64([[2, 1], [1, 3], [0, 0]]), normal(rng, 3), [3, 4]),
                    (np.int64([[1, 0, 1], [0, 2, 1], [1, 0, 0], [0, 0, 0]]), normal(rng, 4),
                     [2, 3, 2]),
                    (np.int64([[3], [0]]), np.int32([5, 6]), [4]))]


def entry_positions(values):
    """0, 1, ... one per entry: pushed through an index op, they tell where entries went."""
    return range_(0, shape_of(values, out_type=dtypes.int64)[0], dtype=dtypes.int64)


def row_major_order(indices, dense_shape):
    """The permutation that sorts ``indices`` ([N, rank]) into row-major order (stable)."""
    if indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(np.asarray(indices).T[::-1])


def sparse_reorder(sp_input, name=None):
    """``sp_input`` with its entries in row-major (canonical) order, as most sparse ops need.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[1, 0], [0, 1]], [1.0, 2.0], [2, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.reorder(sp)).indices.tolist()
    [[0, 1], [1, 0]]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    op = make_op("SparseReorder", (sp_input.indices, sp_input.values, sp_input.dense_shape),
                 None, name)
    return SparseTensor(op.outputs[0], op.outputs[1], sp_input.dense_shape)
