"""The rest of TF1's sparse API: ``sparse_transpose``, ``sparse_split``, ``sparse_reset_shape``,
``sparse_merge``, ``sparse_to_indicator``, ``sparse_mask``, ``sparse.expand_dims``,
``sparse.eye``, ``sparse_reduce_max(_sparse)``, ``sparse.bincount``, ``sparse.cross(_hashed)``
and ``sparse_matmul``.

Most are built from the existing sparse and array ops (so gradients reach the values wherever
those give them); the max reductions, bincount and the crosses are host ops, as in TF1 (which
registers no gradient for them).

>>> import autograd_engine as tf
>>> sp = tf.SparseTensor([[0, 2], [1, 0]], [5, 6], [2, 3])
>>> with tf.Session() as sess:
...     value = sess.run(tf.sparse.transpose(sp))
>>> value.indices.tolist(), value.dense_shape.tolist()
([[0, 1], [2, 0]], [3, 2])
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .check_ops import assert_less_equal
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .elementwise_binary_ops import maximum, minimum
from .elementwise_unary_ops import cast
from .feature_cross import cross_features
from .gather_ops import gather
from .indexed_slices import IndexedSlices
from .mask_ops import one_hot
from .matmul_ops import matmul
from .op_samples import OpSample
from .range_ops import range as range_
from .reduction_ops import reduce_max
from .registry import OpDef, make_op, register
from .row_partition import (positions_in_rows, row_splits_to_segment_ids,
                            segment_ids_to_row_splits, uniform_splits)
from .shape_ops import shape as shape_of
from .sort_ops import setdiff1d
from .sparse_math_ops import merge_entries
from .sparse_ops import check_sparse_indices, sparse_reorder, sparse_tensor_to_dense
from .sparse_structure_ops import sparse_slice
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


def _static_rank(sp_input, what):
    rank = sp_input.indices.shape.as_tuple()
    rank = None if rank is None else rank[1]
    if rank is None:
        rank = sp_input.dense_shape.shape.as_tuple()
        rank = None if rank is None else rank[0]
    if rank is None:
        raise ValueError("%s needs the rank of its SparseTensor known while building the graph."
                         % what)
    return rank


# ------------------------------------------------------------------ index rearrangements
def sparse_transpose(sp_input, perm=None, name=None):
    """``sp_input`` with its dimensions permuted by ``perm`` (default: reversed), its entries
    in row-major order again."""
    with get_default_graph().name_scope(name or "SparseTranspose"):
        sp_input = convert_to_sparse_tensor(sp_input)
        if perm is None:
            perm = list(reversed(range(_static_rank(sp_input, "sparse_transpose"))))
        perm = convert_to_tensor(perm, dtype=dtypes.int32)
        return sparse_reorder(SparseTensor(gather(sp_input.indices, perm, axis=1),
                                           sp_input.values, gather(sp_input.dense_shape, perm)))


def sparse_expand_dims(sp_input, axis=None, name=None):
    """``sp_input`` with a dimension of size 1 inserted at ``axis`` (``tf.sparse.expand_dims``;
    ``-1`` appends it)."""
    with get_default_graph().name_scope(name or "expand_dims"):
        sp_input = convert_to_sparse_tensor(sp_input)
        rank = _static_rank(sp_input, "sparse.expand_dims")
        axis = 0 if axis is None else int(axis)
        if not -rank - 1 <= axis <= rank:
            raise ValueError("axis %d is out of range [%d, %d] for a rank %d SparseTensor"
                             % (axis, -rank - 1, rank, rank))
        axis %= rank + 1
        indices = sp_input.indices
        new_column = array_ops.zeros_like(indices[:, :1])
        new_indices = concat([indices[:, :axis], new_column, indices[:, axis:]], 1)
        shape = sp_input.dense_shape
        new_shape = concat([shape[:axis], array_ops.ones([1], dtypes.int64), shape[axis:]], 0)
        return SparseTensor(new_indices, sp_input.values, new_shape)


def sparse_eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """The ``[num_rows, num_columns]`` identity matrix as a SparseTensor (``tf.sparse.eye``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.to_dense(tf.sparse.eye(2, 3))).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    """
    with get_default_graph().name_scope(name or "eye"):
        rows = cast(num_rows, dtypes.int64)
        columns = rows if num_columns is None else cast(num_columns, dtypes.int64)
        diagonal = range_(0, minimum(rows, columns), dtype=dtypes.int64)
        return SparseTensor(stack([diagonal, diagonal], axis=1),
                            array_ops.ones_like(diagonal, dtype=dtype), stack([rows, columns]))


def sparse_reset_shape(sp_input, new_shape=None):
    """``sp_input`` with dense shape ``new_shape`` (no smaller in any dimension: checked at run
    time), or by default the tightest shape holding its entries."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with get_default_graph().name_scope("SparseResetShape"):
        if new_shape is None:
            rank = _static_rank(sp_input, "sparse_reset_shape")
            tight = reduce_max(concat([sp_input.indices,
                                       -array_ops.ones([1, rank], dtypes.int64)], 0), axis=0)
            return SparseTensor(sp_input.indices, sp_input.values, tight + 1)
        new_shape = convert_to_tensor(new_shape, dtype=dtypes.int64)
        new_shape.shape.merge_with(sp_input.dense_shape.shape)
        check = assert_less_equal(sp_input.dense_shape, new_shape, message=(
            "sparse_reset_shape: the new shape must be no smaller than the old one in every "
            "dimension"))
        with get_default_graph().control_dependencies([check]):
            return SparseTensor(sp_input.indices, sp_input.values, array_ops.identity(new_shape))


def sparse_split(keyword_required=None, sp_input=None, num_split=None, axis=None, name=None,
                 split_dim=None):
    """``num_split`` SparseTensors of ``sp_input`` cut along ``axis`` (the first ``size %
    num_split`` pieces one longer), as TF1's ``tf.sparse.split`` (arguments by keyword)."""
    if keyword_required is not None:
        raise ValueError("Keyword arguments are required for this function.")
    if sp_input is None or num_split is None:
        raise ValueError("sp_input and num_split are required.")
    axis = split_dim if axis is None else axis
    if axis is None:
        raise ValueError("axis is required.")
    sp_input = convert_to_sparse_tensor(sp_input)
    num_split = int(num_split)
    with get_default_graph().name_scope(name or "SparseSplit"):
        rank = _static_rank(sp_input, "sparse_split")
        axis = int(axis) % rank
        along = one_hot(axis, rank, dtype=dtypes.int64)
        length = sp_input.dense_shape[axis]
        base, extra = length // num_split, length % num_split
        pieces = []
        for i in range(num_split):
            start = i * base + minimum(extra, i)
            size = base + minimum(maximum(extra - i, 0), 1)  # one more for the first pieces
            pieces.append(sparse_slice(sp_input, along * start,
                                       sp_input.dense_shape * (1 - along) + along * size))
        return pieces


def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    """The SparseTensor whose last index is ``sp_ids``'s values and whose values are
    ``sp_values``'s (TF1's ``sparse_merge``; lists of ids and vocab sizes add one dimension
    each). ``sp_values`` None means every value is 1.0."""
    with get_default_graph().name_scope(name or "SparseMerge"):
        ids_list = sp_ids if isinstance(sp_ids, (list, tuple)) else [sp_ids]
        sizes = vocab_size if isinstance(vocab_size, (list, tuple)) else [vocab_size]
        if len(ids_list) != len(sizes):
            raise ValueError("sp_ids and vocab_size must have as many entries, got %d and %d"
                             % (len(ids_list), len(sizes)))
        ids_list = [convert_to_sparse_tensor(ids, "sp_ids") for ids in ids_list]
        for ids in ids_list:
            if not ids.dtype.is_integer:
                raise TypeError("sp_ids.values must be integers, got %s" % ids.dtype.name)
        first = ids_list[0]
        if sp_values is None:
            values = array_ops.ones_like(first.values, dtype=dtypes.float32)
        else:
            values = convert_to_sparse_tensor(sp_values, "sp_values").values
        indices = concat([first.indices[:, :-1]] +
                         [array_ops.reshape(cast(ids.values, dtypes.int64), [-1, 1])
                          for ids in ids_list], 1)
        shape = concat([first.dense_shape[:-1]] +
                       [array_ops.reshape(cast(size, dtypes.int64), [1]) for size in sizes], 0)
        merged = SparseTensor(indices, values, shape)
        return merged if already_sorted else sparse_reorder(merged)


def sparse_to_indicator(sp_input, vocab_size, name=None):
    """The dense bool tensor ``[..., vocab_size]`` that is True at each id ``sp_input`` holds
    in a row (``tf.sparse.to_indicator``)."""
    with get_default_graph().name_scope(name or "SparseToIndicator"):
        sp_input = convert_to_sparse_tensor(sp_input)
        flags = SparseTensor(sp_input.indices, array_ops.ones_like(sp_input.values,
                                                                   dtype=dtypes.bool),
                             sp_input.dense_shape)
        merged = sparse_merge(sp_input, flags, vocab_size)
        return sparse_tensor_to_dense(merged, default_value=False, validate_indices=False)


def sparse_mask(a, mask_indices, name=None):
    """The slices of the IndexedSlices ``a`` whose indices are not in ``mask_indices``."""
    with get_default_graph().name_scope(name or "sparse_mask"):
        kept_indices, positions = setdiff1d(a.indices, mask_indices)
        return IndexedSlices(gather(a.values, positions), kept_indices, a.dense_shape)


def sparse_matmul(a, b, transpose_a=False, transpose_b=False, a_is_sparse=False,
                  b_is_sparse=False, name=None):
    """TF1's ``sparse_matmul``: the product of two dense matrices; the ``*_is_sparse`` flags
    are hints TF1 used to pick a kernel, the result is :func:`matmul`'s."""
    return matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b, name=name)


# ------------------------------------------------------------------ max reductions
def _grouped_max(indices, values, dense_shape, axes, keepdims):
    rank = len(dense_shape)
    reduced = sorted({a % rank for a in (range(rank) if axes is None else axes)})
    kept = [d for d in range(rank) if d not in reduced]
    shape = np.array(dense_shape)
    if keepdims:
        grouped = indices.copy()
        grouped[:, reduced] = 0
        shape[reduced] = 1
    else:
        grouped, shape = indices[:, kept], shape[kept]
    merged_indices, merged, _ = merge_entries(grouped, values, np.maximum)
    return merged_indices, merged, shape.astype(np.int64)


class _SparseReduceMaxBase(OpDef):
    """The maximum of the entries of a SparseTensor over ``reduction_axes`` (missing entries
    do not take part). Not differentiable, as in TF1."""
    host_only = True
    differentiable = False

    def kernel(self, op, ctx):
        axes, keepdims, dense = op.attrs["reduction_axes"], op.attrs["keep_dims"], self.dense

        def reduce_max_kernel(indices, values, dense_shape):
            check_sparse_indices(indices, dense_shape, ordered=False)
            merged_indices, merged, shape = _grouped_max(indices, values, dense_shape, axes,
                                                         keepdims)
            if not dense:
                return merged_indices, merged, shape
            # A group without entries is 0, as TF1's SparseReduceMax gives.
            out = np.zeros(shape, values.dtype)
            if len(shape) == 0:
                return merged.reshape(-1)[0].copy() if merged.size else out
            out[tuple(merged_indices.T)] = merged
            return out
        return reduce_max_kernel

    def samples(self, rng):
        indices = np.int64([[0, 1], [0, 3], [2, 0], [2, 2]])
        values = np.float64([3.0, -1.0, -2.0, -4.0])

        def build(axes, keepdims):
            def make(i, v):
                outputs = make_op(self.type_name, (i, v, convert_to_tensor(np.int64([3, 4]))),
                                  {"reduction_axes": axes, "keep_dims": keepdims}).outputs
                return outputs[0] if self.dense else list(outputs)
            return make
        if self.dense:
            return [OpSample(build([1], False), indices, values,
                             reference=lambda i, v: np.float64([3.0, 0.0, -2.0]), partial=False),
                    OpSample(build(None, True), indices, values,
                             reference=lambda i, v: np.float64([[3.0]]), partial=False)]
        return [OpSample(build([1], False), indices, values,
                         reference=lambda i, v: [np.int64([[0], [2]]), np.float64([3.0, -2.0]),
                                                 np.int64([3])])]


@register
class SparseReduceMax(_SparseReduceMaxBase):
    type_name = "SparseReduceMax"
    dense = True

    def infer(self, op):
        return [(op.inputs[1].dtype, TensorShape(None))]


@register
class SparseReduceMaxSparse(_SparseReduceMaxBase):
    type_name = "SparseReduceMaxSparse"
    dense = False

    def infer(self, op):
        return [(dtypes.int64, TensorShape([None, None])),
                (op.inputs[1].dtype, TensorShape([None])), (dtypes.int64, TensorShape([None]))]


def _reduce_max(type_name, sp_input, axis, keepdims, reduction_axes, keep_dims):
    sp_input = convert_to_sparse_tensor(sp_input)
    axes = reduction_axes if axis is None else axis
    axes = None if axes is None else [int(a) for a in np.reshape(axes, -1)]
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    return make_op(type_name, (sp_input.indices, sp_input.values, sp_input.dense_shape),
                   {"reduction_axes": axes, "keep_dims": keepdims}).outputs


def sparse_reduce_max(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    """The maximum of a SparseTensor's entries over ``axis`` (all by default) as a dense
    tensor; only the entries present take part, and a group with none is 0 (as TF1).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1], [2, 0]], [3.0, -1.0], [3, 4])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_reduce_max(sp, axis=1)).tolist()
    [3.0, 0.0, -1.0]
    """
    out, = _reduce_max("SparseReduceMax", sp_input, axis, keepdims, reduction_axes, keep_dims)
    return out


def sparse_reduce_max_sparse(sp_input, axis=None, keepdims=None, reduction_axes=None,
                             keep_dims=None):
    """:func:`sparse_reduce_max` returning a SparseTensor: an entry for every group holding
    one."""
    return SparseTensor(*_reduce_max("SparseReduceMaxSparse", sp_input, axis, keepdims,
                                     reduction_axes, keep_dims))


# ------------------------------------------------------------------ bincount
@register
class SparseBincountRows(OpDef):
    """Counts (or summed weights) of the ids of every row. Inputs: row ids, ids, weights (or
    an empty vector), the number of rows; attrs ``minlength``, ``maxlength``,
    ``binary_output``, ``batched``. Outputs: a SparseTensor's indices, values, dense shape."""
    type_name = "SparseBincountRows"
    host_only = True
    differentiable = False

    def infer(self, op):
        rank = 2 if op.attrs["batched"] else 1
        return [(dtypes.int64, TensorShape([None, rank])),
                (op.inputs[2].dtype, TensorShape([None])), (dtypes.int64, TensorShape([rank]))]

    def kernel(self, op, ctx):
        attrs = op.attrs

        def bincount_rows(rows, ids, weights, row_count):
            ids = np.asarray(ids, np.int64)
            if ids.size and ids.min() < 0:
                raise ValueError("bincount takes non-negative ids, got %d" % ids.min())
            width = max(int(ids.max()) + 1 if ids.size else 0, attrs["minlength"] or 0)
            if attrs["maxlength"] is not None:
                width = min(width, attrs["maxlength"])
            keep = ids < width
            rows, ids = np.asarray(rows, np.int64)[keep], ids[keep]
            weighted = weights.size > 0 and not attrs["binary_output"]
            data = weights[keep] if weighted else np.ones(ids.size, weights.dtype)
            keys = np.stack([rows, ids], 1) if attrs["batched"] else ids[:, None]
            merged_indices, merged, _ = merge_entries(keys, data)
            if attrs["binary_output"]:
                merged = np.ones_like(merged)
            shape = [int(row_count), width] if attrs["batched"] else [width]
            return merged_indices, merged, np.array(shape, np.int64)
        return bincount_rows

    def samples(self, rng):
        def build(rows, ids, weights):
            return list(make_op(self.type_name, (rows, ids, weights,
                                                 convert_to_tensor(np.int64(2))),
                                {"minlength": None, "maxlength": None, "binary_output": False,
                                 "batched": True}).outputs)
        return [OpSample(build, np.int64([0, 0, 0, 1, 1, 1]), np.int64([1, 1, 3, 2, 5, 5]),
                         np.int32([]), reference=lambda r, i, w: [
                             np.int64([[0, 1], [0, 3], [1, 2], [1, 5]]), np.int32([2, 1, 1, 2]),
                             np.int64([2, 6])])]


def sparse_bincount(values, weights=None, axis=0, minlength=None, maxlength=None,
                    binary_output=False, name=None):
    """``tf.sparse.bincount``: counts of each id of ``values`` (dense or SparseTensor) as a
    SparseTensor, over all of ``values`` (``axis=0``) or for each row (``axis=-1``);
    ``weights`` (same layout) summed instead of counting, 1 per id present with
    ``binary_output``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.bincount([[1, 1, 3], [2, 5, 5]], axis=-1)).values.tolist()
    [2, 1, 1, 2]
    """
    if axis not in (0, -1, None):
        raise ValueError("Unsupported axis value %s. Only 0 and -1 are currently supported."
                         % (axis,))
    with get_default_graph().name_scope(name or "count"):
        if isinstance(values, SparseTensor) or hasattr(values, "dense_shape"):
            values = convert_to_sparse_tensor(values, "values")
            ids, rows = values.values, values.indices[:, 0]
            row_count = values.dense_shape[0]
            weights = None if weights is None else convert_to_sparse_tensor(weights).values
        else:
            values = convert_to_tensor(values)
            ids = array_ops.reshape(values, [-1])
            if values.shape.ndims == 2:
                columns = shape_of(values, out_type=dtypes.int64)[1]
                rows = range_(0, shape_of(ids, out_type=dtypes.int64)[0], dtype=dtypes.int64) \
                    // maximum(columns, 1)
                row_count = shape_of(values, out_type=dtypes.int64)[0]
            else:
                rows, row_count = array_ops.zeros_like(ids, dtype=dtypes.int64), 1
            if weights is not None:
                weights = array_ops.reshape(convert_to_tensor(weights), [-1])
        if weights is None:
            weights = array_ops.zeros([0], dtypes.int32 if ids.dtype == dtypes.int32
                                      else dtypes.int64)
        batched = axis == -1
        out = make_op("SparseBincountRows", (rows, ids, weights, convert_to_tensor(
            row_count, dtype=dtypes.int64)), {
                "minlength": None if minlength is None else int(minlength),
                "maxlength": None if maxlength is None else int(maxlength),
                "binary_output": bool(binary_output), "batched": batched}).outputs
        return SparseTensor(*out)


# ------------------------------------------------------------------ crosses
def row_features(value):
    """``(values, row_splits)`` of a cross input: a SparseTensor's entries by row, a dense
    matrix's rows, or a RaggedTensor's rows (anything with ``values`` and ``row_splits``)."""
    if hasattr(value, "row_splits"):
        return value.values, value.row_splits
    if isinstance(value, SparseTensor) or hasattr(value, "dense_shape"):
        value = convert_to_sparse_tensor(value, "inputs")
        splits = segment_ids_to_row_splits(value.indices[:, 0], value.dense_shape[0],
                                           out_type=dtypes.int64)
        return value.values, splits
    value = convert_to_tensor(value)
    if value.shape.ndims not in (None, 2):
        raise ValueError("Cross inputs must be 2-D, got shape %s" % value.shape)
    dims = shape_of(value, out_type=dtypes.int64)
    return array_ops.reshape(value, [-1]), uniform_splits(dims[0], dims[1])


def cross_inputs(inputs):
    """TF1's input order for a cross: the sparse inputs first, then the others."""
    inputs = list(inputs)
    if not inputs:
        raise ValueError("A cross needs at least one input.")
    return sorted(inputs, key=lambda x: not (isinstance(x, SparseTensor) or
                                             hasattr(x, "dense_shape")))


def _sparse_cross(inputs, separator, num_buckets, hash_key, name):
    with get_default_graph().name_scope(name or "SparseCross"):
        values, splits = cross_features([row_features(x) for x in cross_inputs(inputs)],
                                        separator, num_buckets, hash_key)
        rows = row_splits_to_segment_ids(splits)
        indices = stack([rows, positions_in_rows(splits, rows)], axis=1)
        width = reduce_max(concat([splits[1:] - splits[:-1], array_ops.zeros([1], dtypes.int64)],
                                  0))
        return SparseTensor(indices, values, stack([shape_of(splits, out_type=dtypes.int64)[0]
                                                    - 1, width]))


def sparse_cross(inputs, name=None, separator=None):
    """The string cross of ``inputs`` (SparseTensors and dense 2-D string or int64 tensors):
    for each row every combination of one feature per input, joined with ``separator``
    (default ``"_X_"``).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [0, 1]], ["a", "b"], [1, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.cross([sp, tf.constant([["x"]])])).values.tolist()
    [b'a_X_x', b'b_X_x']
    """
    return _sparse_cross(inputs, "_X_" if separator is None else separator, None, None, name)


def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The hashed cross of ``inputs``: int64 ids as TF1 computes them (modulo
    ``num_buckets`` when positive)."""
    return _sparse_cross(inputs, "_X_", int(num_buckets), hash_key, name)


__all__ = ["sparse_transpose", "sparse_expand_dims", "sparse_eye", "sparse_reset_shape",
           "sparse_split", "sparse_merge", "sparse_to_indicator", "sparse_mask", "sparse_matmul",
           "sparse_reduce_max", "sparse_reduce_max_sparse", "sparse_bincount", "sparse_cross",
           "sparse_cross_hashed", "row_features", "cross_inputs"]
