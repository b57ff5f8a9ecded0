"""Reshaping SparseTensors: ``sparse_fill_empty_rows``, ``sparse_reshape``, ``sparse_concat``,
``sparse_slice``, ``sparse_retain`` and ``tf.sparse.from_dense``. The index work runs on the
host (``host_only``); gradients reach the values where TF1 gives them (fill_empty_rows, slice,
retain).
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import not_equal, where
from .gather_ops import gather, gather_nd, scatter_nd
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_op, register
from .shape_ops import shape as shape_of
from .sparse_ops import check_sparse_indices, entry_positions, index_string, row_major_order
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


def _entries_gradient(values, moved_grad, kept_positions):
    """The values' gradient when the entries at ``kept_positions`` became the output's."""
    return scatter_nd(reshape(kept_positions, [-1, 1]), moved_grad,
                      shape_of(values, out_type=dtypes.int64))


def _sparse_outputs(rank):
    return [(dtypes.int64, TensorShape([None, rank]))]


# ------------------------------------------------------------------ fill_empty_rows
@register
class SparseFillEmptyRows(OpDef):
    """Adds ``(row, 0, ...)`` = ``default_value`` for every row of a 2-D-or-more SparseTensor
    with no entry. Outputs: indices, values, empty_row_indicator, reverse_index_map (where each
    input entry went)."""
    type_name = "SparseFillEmptyRows"
    host_only = True

    def infer(self, op):
        indices, values, _, default = op.inputs
        if default.dtype != values.dtype:
            raise TypeError("default_value (%s) must have the values' dtype (%s)"
                            % (default.dtype.name, values.dtype.name))
        return [(dtypes.int64, TensorShape([None]).concatenate(indices.shape[1:])),
                (values.dtype, TensorShape([None])), (dtypes.bool, TensorShape([None])),
                (dtypes.int64, values.shape)]

    def kernel(self, op, ctx):
        def fill_empty_rows(indices, values, dense_shape, default):
            if len(dense_shape) == 0 or (dense_shape[0] <= 0 and indices.shape[0]):
                raise ValueError("Input indices should be a matrix, dense_shape non-empty")
            check_sparse_indices(indices, dense_shape, ordered=False)
            rows = int(dense_shape[0])
            empty = np.ones(rows, bool)
            empty[indices[:, 0]] = False
            filler = np.zeros((int(empty.sum()), indices.shape[1]), np.int64)
            filler[:, 0] = np.flatnonzero(empty)
            all_indices = np.concatenate([indices, filler])
            order = row_major_order(all_indices, dense_shape)
            all_values = np.concatenate([values, np.full(len(filler), default, values.dtype)])
            reverse = np.empty(len(order), np.int64)
            reverse[order] = np.arange(len(order))
            return all_indices[order], all_values[order], empty, reverse[:len(values)]
        return fill_empty_rows

    def gradient(self, op, indices_grad, values_grad, empty_grad, reverse_grad):
        # TF1's SparseFillEmptyRowsGrad: each input value gets its output's gradient, the
        # default value the rest.
        values_back = gather(values_grad, op.outputs[3])
        return [None, values_back, None, reduce_sum(values_grad) - reduce_sum(values_back)]

    def samples(self, rng):
        """Rows 1 and 3 empty, entries out of order; no empty row."""
        def build(indices, values, default, shape):
            filled, empty = sparse_fill_empty_rows(SparseTensor(indices, values, shape), default)
            return [filled.indices, filled.values, empty]

        def reference(indices, values, default, shape):
            dense_rows = set(indices[:, 0].tolist())
            extra = [[r] + [0] * (indices.shape[1] - 1) for r in range(shape[0])
                     if r not in dense_rows]
            all_indices = np.concatenate([indices, np.int64(extra).reshape(-1, indices.shape[1])])
            all_values = np.concatenate([values, np.full(len(extra), default)])
            order = np.lexsort(all_indices.T[::-1])
            return [all_indices[order], all_values[order],
                    np.array([r not in dense_rows for r in range(shape[0])])]
        return [OpSample(lambda i, v, d, s=shape: build(i, v, d, s), indices,
                         normal(rng, len(indices)), np.float64(-1.5),
                         reference=lambda i, v, d, s=shape: reference(i, v, d, s))
                for indices, shape in ((np.int64([[2, 1], [0, 0], [2, 0]]), [4, 3]),
                                       (np.int64([[0, 1], [1, 0]]), [2, 2]))]


def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """``(sp_output, empty_row_indicator)``: ``sp_input`` with ``default_value`` at
    ``[row, 0, ...]`` for every row without an entry (entries in row-major order), and which
    rows were empty.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1], [2, 0]], [5, 6], [3, 2])
    >>> filled, empty = tf.sparse_fill_empty_rows(sp, -1)
    >>> with tf.Session() as sess:
    ...     value, empty_rows = sess.run([filled, empty])
    >>> value.indices.tolist(), value.values.tolist(), empty_rows.tolist()
    ([[0, 1], [1, 0], [2, 0]], [5, -1, 6], [False, True, False])
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    default_value = convert_to_tensor(default_value, dtype=sp_input.dtype)
    op = make_op("SparseFillEmptyRows", (sp_input.indices, sp_input.values,
                                         sp_input.dense_shape, default_value), None, name)
    return SparseTensor(op.outputs[0], op.outputs[1], sp_input.dense_shape), op.outputs[2]


# ------------------------------------------------------------------ reshape
@register
class SparseReshape(OpDef):
    """The indices of a SparseTensor in a new dense shape with as many elements (one -1
    inferred). Outputs: indices, the new dense shape."""
    type_name = "SparseReshape"
    host_only = True
    differentiable = False

    def infer(self, op):
        indices, _, new_shape = op.inputs
        rank = new_shape.shape.as_tuple()
        return [(dtypes.int64, TensorShape([indices.shape[0].value,
                                            None if rank is None else rank[0]])),
                (dtypes.int64, new_shape.shape)]

    def kernel(self, op, ctx):
        def sparse_reshape_kernel(indices, input_shape, new_shape):
            new_shape = np.array(new_shape, np.int64)
            total = int(np.prod(input_shape))
            unknown = np.flatnonzero(new_shape == -1)
            if len(unknown) > 1:
                raise ValueError("only one output dimension may be -1, not both %d and %d"
                                 % tuple(unknown[:2]))
            if len(unknown):
                known = int(np.prod(np.delete(new_shape, unknown)))
                if known == 0 or total % known:
                    raise ValueError("Input to reshape is a SparseTensor with %d dense values, "
                                     "but the requested shape requires a multiple of %d"
                                     % (total, known))
                new_shape[unknown[0]] = total // known
            if int(np.prod(new_shape)) != total:
                raise ValueError("Input to reshape is a tensor with %d dense values, but the "
                                 "requested shape has %d" % (total, int(np.prod(new_shape))))
            if indices.shape[0] == 0:
                return np.zeros((0, len(new_shape)), np.int64), new_shape
            flat = np.ravel_multi_index(tuple(indices.T), tuple(int(d) for d in input_shape))
            return np.stack(np.unravel_index(flat, tuple(int(d) for d in new_shape)),
                            axis=1).astype(np.int64), new_shape
        return sparse_reshape_kernel

    def samples(self, rng):
        """[2, 6] to [3, -1], and [4] to [2, 2]."""
        def reference(indices, old, new):
            flat = np.ravel_multi_index(tuple(indices.T), old)
            return np.stack(np.unravel_index(flat, new), axis=1)
        return [OpSample(lambda i, v, o=old, n=new: sparse_reshape(
            SparseTensor(i, v, o), n).indices, indices, normal(rng, len(indices)),
            reference=lambda i, v, o=old, f=full: reference(i, o, f))
            for indices, old, new, full in ((np.int64([[0, 5], [1, 0], [1, 4]]), [2, 6],
                                             [3, -1], [3, 4]),
                                            (np.int64([[1], [3]]), [4], [2, 2], [2, 2]))]


def sparse_reshape(sp_input, shape, name=None):
    """``sp_input`` in a new dense ``shape`` (row-major positions kept; one dim may be -1).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 5], [1, 0]], [1.0, 2.0], [2, 6])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_reshape(sp, [3, -1])).indices.tolist()
    [[1, 1], [1, 2]]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    shape = convert_to_tensor(shape, dtype=dtypes.int64)
    op = make_op("SparseReshape", (sp_input.indices, sp_input.dense_shape, shape), None, name)
    return SparseTensor(op.outputs[0], sp_input.values, op.outputs[1])


# ------------------------------------------------------------------ concat
@register
class SparseConcat(OpDef):
    """SparseTensors joined along ``concat_dim`` (the others must agree, or, with
    ``expand_nonconcat_dim``, grow to the largest), entries in row-major order. Inputs: N
    indices, N values, N shapes. Not differentiable, as in TF1."""
    type_name = "SparseConcat"
    host_only = True
    differentiable = False

    def infer(self, op):
        n = op.attrs["N"]
        values = op.inputs[n:2 * n]
        if any(v.dtype != values[0].dtype for v in values):
            raise TypeError("sparse_concat inputs must have one dtype")
        return [(dtypes.int64, TensorShape([None]).concatenate(op.inputs[0].shape[1:])),
                (values[0].dtype, TensorShape([None])), (dtypes.int64, op.inputs[2 * n].shape)]

    def kernel(self, op, ctx):
        n, axis, expand = op.attrs["N"], op.attrs["concat_dim"], op.attrs["expand_nonconcat_dim"]

        def sparse_concat_kernel(*arrays):
            indices, values, shapes = arrays[:n], arrays[n:2 * n], arrays[2 * n:]
            rank = len(shapes[0])
            dim = axis % rank
            if expand:
                out_shape = np.max(np.stack(shapes), axis=0)
            else:
                out_shape = np.array(shapes[0])
                for k, shape in enumerate(shapes[1:], 1):
                    same = np.delete(shape, dim) == np.delete(out_shape, dim)
                    if len(shape) != rank or not same.all():
                        raise ValueError("Input shapes must match: expected %s for dimensions "
                                         "other than %d, got %s at position %d"
                                         % (index_string(shapes[0]), dim, index_string(shape), k))
            shifted, offset = [], 0
            for index, shape in zip(indices, shapes):
                moved = index.copy()
                moved[:, dim] += offset
                shifted.append(moved)
                offset += int(shape[dim])
            out_shape = out_shape.copy()
            out_shape[dim] = offset
            all_indices = np.concatenate(shifted)
            order = row_major_order(all_indices, out_shape)
            return all_indices[order], np.concatenate(values)[order], out_shape.astype(np.int64)
        return sparse_concat_kernel

    def samples(self, rng):
        """Two matrices along columns and along rows."""
        def build(i0, v0, i1, v1, axis):
            out = sparse_concat(axis, [SparseTensor(i0, v0, [2, 3]),
                                       SparseTensor(i1, v1, [2, 2 if axis else 3])])
            return [out.indices, out.values, out.dense_shape]

        def reference(i0, v0, i1, v1, axis):
            moved = i1.copy()
            moved[:, axis] += 3 if axis else 2
            all_indices, all_values = np.concatenate([i0, moved]), np.concatenate([v0, v1])
            order = np.lexsort(all_indices.T[::-1])
            return [all_indices[order], all_values[order],
                    np.int64([2, 5] if axis else [4, 3])]
        return [OpSample(lambda a, b, c, d, x=axis: build(a, b, c, d, x),
                         np.int64([[0, 2], [1, 0]]), normal(rng, 2), np.int64([[0, 1], [1, 0]]),
                         normal(rng, 2), reference=lambda a, b, c, d, x=axis: reference(
                             a, b, c, d, x)) for axis in (1, 0)]


def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None,
                  expand_nonconcat_dims=None):
    """SparseTensors joined along ``axis``.

    >>> import autograd_engine as tf
    >>> a = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    >>> b = tf.SparseTensor([[1, 1]], [2.0], [2, 3])
    >>> with tf.Session() as sess:
    ...     out = sess.run(tf.sparse_concat(1, [a, b]))
    >>> out.indices.tolist(), out.dense_shape.tolist()
    ([[0, 0], [1, 3]], [2, 5])
    """
    axis = concat_dim if concat_dim is not None else axis
    if expand_nonconcat_dims is not None:
        expand_nonconcat_dim = expand_nonconcat_dims
    inputs = [convert_to_sparse_tensor(s) for s in sp_inputs]
    op = make_op("SparseConcat", [s.indices for s in inputs] + [s.values for s in inputs] +
                 [s.dense_shape for s in inputs],
                 {"N": len(inputs), "concat_dim": int(axis),
                  "expand_nonconcat_dim": bool(expand_nonconcat_dim)}, name)
    return SparseTensor(*op.outputs)


# ------------------------------------------------------------------ slice
@register
class SparseSlice(OpDef):
    """The entries inside ``[start, start + size)`` (clipped to the dense shape), shifted by
    ``-start``. Outputs: indices, values, dense shape."""
    type_name = "SparseSlice"
    host_only = True

    def infer(self, op):
        indices, values = op.inputs[:2]
        return [(dtypes.int64, TensorShape([None]).concatenate(indices.shape[1:])),
                (values.dtype, TensorShape([None])), (dtypes.int64, op.inputs[2].shape)]

    def kernel(self, op, ctx):
        def sparse_slice_kernel(indices, values, dense_shape, start, size):
            start = np.asarray(start, np.int64)
            end = np.minimum(start + np.asarray(size, np.int64), dense_shape)
            inside = np.all((indices >= start) & (indices < end), axis=1)
            out_shape = np.maximum(end - start, 0)
            return indices[inside] - start, values[inside], out_shape.astype(np.int64)
        return sparse_slice_kernel

    def gradient(self, op, indices_grad, values_grad, shape_grad):
        indices, values, dense_shape, start, size = op.inputs
        kept = make_op("SparseSlice", (indices, entry_positions(values), dense_shape, start,
                                       size))
        return [None, _entries_gradient(values, values_grad, kept.outputs[1]), None, None, None]

    def samples(self, rng):
        """A window inside a matrix, one reaching past its end."""
        def reference(indices, values, start, size, shape):
            end = np.minimum(np.add(start, size), shape)
            inside = np.all((indices >= start) & (indices < end), axis=1)
            return [indices[inside] - start, values[inside]]
        indices = np.int64([[0, 0], [0, 3], [1, 1], [2, 2], [3, 0]])
        return [OpSample(lambda i, v, a=start, b=size: (lambda out: [out.indices, out.values])(
            sparse_slice(SparseTensor(i, v, [4, 4]), a, b)), indices, normal(rng, 5),
            reference=lambda i, v, a=start, b=size: reference(i, v, a, b, [4, 4]))
            for start, size in (([0, 1], [2, 3]), ([1, 0], [5, 5]))]


def sparse_slice(sp_input, start, size, name=None):
    """The part of ``sp_input`` in the window ``[start, start + size)``, re-indexed from 0.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [1, 2], [2, 3]], [1, 2, 3], [3, 4])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_slice(sp, [1, 1], [2, 2])).indices.tolist()
    [[0, 1]]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    op = make_op("SparseSlice", (sp_input.indices, sp_input.values, sp_input.dense_shape,
                                 convert_to_tensor(start, dtype=dtypes.int64),
                                 convert_to_tensor(size, dtype=dtypes.int64)), None, name)
    return SparseTensor(*op.outputs)


# ------------------------------------------------------------------ retain / from_dense
def sparse_retain(sp_input, to_retain):
    """The entries of ``sp_input`` where the bool vector ``to_retain`` is true.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [1, 1], [2, 0]], [1.0, 2.0, 3.0], [3, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_retain(sp, [True, False, True])).values.tolist()
    [1.0, 3.0]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    to_retain = convert_to_tensor(to_retain)
    if to_retain.shape.ndims not in (None, 1):
        raise ValueError("to_retain should be a vector, got shape %s" % to_retain.shape)
    kept = reshape(where(to_retain), [-1])
    return SparseTensor(gather(sp_input.indices, kept), gather(sp_input.values, kept),
                        sp_input.dense_shape)


def from_dense(tensor, name=None):
    """The SparseTensor of ``tensor``'s nonzero elements (``tf.sparse.from_dense``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.from_dense([[0, 3], [4, 0]])).indices.tolist()
    [[0, 1], [1, 0]]
    """
    tensor = convert_to_tensor(tensor)
    indices = where(not_equal(tensor, 0))
    return SparseTensor(indices, gather_nd(tensor, indices),
                        shape_of(tensor, out_type=dtypes.int64))


__all__ = ["sparse_fill_empty_rows", "sparse_reshape", "sparse_concat", "sparse_slice",
           "sparse_retain", "from_dense"]
