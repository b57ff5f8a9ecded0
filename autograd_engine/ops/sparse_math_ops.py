"""Arithmetic on SparseTensors: ``sparse_add`` (sparse + sparse: SparseAdd; sparse + dense),
``sparse_reduce_sum`` (and ``_sparse``), ``sparse_softmax`` and ``sparse_tensor_dense_matmul``,
``sparse_maximum``/``sparse_minimum``, with TF1's gradients with respect to the values (and
the dense operand). Index bookkeeping runs on the host (``host_only``); products and sums of
values are the engine's ordinary ops where TF1's composition allows it.
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape, transpose
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import cast
from .gather_ops import gather, gather_nd, scatter_nd, unsorted_segment_sum
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_op, make_tensor, register
from .sparse_ops import check_sparse_indices
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor, is_sparse


def merge_entries(indices, values, combine=np.add):
    """(row-major unique indices, their values combined with ``combine``, the position of
    each input entry among them) for COO ``indices`` [N, rank] and ``values``."""
    if indices.shape[0] == 0:
        return indices, values, np.zeros(0, np.int64)
    unique, inverse = np.unique(indices, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    merged = np.full(unique.shape[:1], _identity_of(combine, values.dtype), values.dtype)
    combine.at(merged, inverse, values)
    return unique, merged, inverse


def summed_entries(a_indices, a_values, b_indices, b_values, thresh):
    """(indices, values, which to keep) of the sum of two COO operands: entries of both are
    kept when ``|sum| >= thresh``, entries of one always (TF1's SparseAdd)."""
    indices, values, inverse = merge_entries(np.concatenate([a_indices, b_indices]),
                                             np.concatenate([a_values, b_values]))
    counts = np.bincount(inverse, minlength=len(values))
    return indices, values, (counts == 1) | (np.abs(values) >= thresh)


def _identity_of(combine, dtype):
    if combine is np.add:
        return 0
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    return info.min if combine is np.maximum else info.max


def _check_same_shape(a_shape, b_shape):
    if not np.array_equal(a_shape, b_shape):
        raise ValueError("Operands' shapes do not match: A.shape = %s and B.shape = %s"
                         % (list(a_shape), list(b_shape)))


# ------------------------------------------------------------------ SparseAdd
@register
class SparseAdd(OpDef):
    """The sum of two SparseTensors of one shape, in row-major order; an entry both have is
    dropped when its sum's magnitude is below ``thresh`` (TF1: an entry of one operand only is
    always kept). Outputs: indices, values, dense_shape."""
    type_name = "SparseAdd"
    host_only = True

    def infer(self, op):
        a_indices, a_values, a_shape, b_indices, b_values, _, _ = op.inputs
        if a_values.dtype != b_values.dtype:
            raise TypeError("sparse_add operands have dtypes %s and %s"
                            % (a_values.dtype.name, b_values.dtype.name))
        rank = a_indices.shape[1:].merge_with(b_indices.shape[1:]).as_tuple()
        return [(dtypes.int64, TensorShape([None]).concatenate(TensorShape(rank))),
                (a_values.dtype, TensorShape([None])), (dtypes.int64, a_shape.shape)]

    def kernel(self, op, ctx):
        def sparse_add(a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
            _check_same_shape(a_shape, b_shape)
            check_sparse_indices(a_indices, a_shape, ordered=False)
            check_sparse_indices(b_indices, b_shape, ordered=False)
            indices, values, keep = summed_entries(a_indices, a_values, b_indices, b_values,
                                                   thresh)
            return indices[keep], values[keep], np.array(a_shape)
        return sparse_add

    def gradient(self, op, indices_grad, values_grad, shape_grad):
        a_indices, _, _, b_indices = op.inputs[:4]
        grads = make_op("SparseAddGrad", (values_grad, a_indices, b_indices, op.outputs[0]))
        return [None, grads.outputs[0], None, None, grads.outputs[1], None, None]

    def samples(self, rng):
        """Overlapping entries in any order, one summing to zero (kept with thresh 0), a
        threshold dropping a small sum (an entry of one operand only stays)."""
        def build(a_indices, a_values, b_indices, b_values, shape, thresh):
            total = sparse_add(SparseTensor(a_indices, a_values, shape),
                               SparseTensor(b_indices, b_values, shape), thresh)
            return [total.indices, total.values]

        def reference(a_indices, a_values, b_indices, b_values, thresh):
            entries = {}
            for row, value in zip(np.concatenate([a_indices, b_indices]).tolist(),
                                  np.concatenate([a_values, b_values])):
                entries.setdefault(tuple(row), []).append(value)
            kept = sorted((row, sum(v)) for row, v in entries.items()
                          if len(v) == 1 or abs(sum(v)) >= thresh)
            return [np.int64([row for row, _ in kept]), np.array([v for _, v in kept])]
        a_values = normal(rng, 3)
        return [OpSample(lambda ai, av, bi, bv, t=thresh: build(ai, av, bi, bv, [3, 4], t),
                         np.int64([[0, 1], [2, 3], [1, 0]]), a_values,
                         np.int64([[2, 3], [0, 0], [1, 0]]),
                         np.array([0.5, 1.5, -a_values[2]]),
                         reference=lambda ai, av, bi, bv, t=thresh: reference(ai, av, bi, bv, t))
                for thresh in (0.0, 0.4)]


@register
class SparseAddGrad(OpDef):
    """The gradients of SparseAdd's two value inputs from its output values' gradient: each
    input entry gets the gradient of the output entry at its index (0 where it was dropped)."""
    type_name = "SparseAddGrad"
    host_only = True
    differentiable = False

    def infer(self, op):
        grad, a_indices, b_indices, _ = op.inputs
        return [(grad.dtype, TensorShape([a_indices.shape[0].value])),
                (grad.dtype, TensorShape([b_indices.shape[0].value]))]

    def kernel(self, op, ctx):
        def sparse_add_grad(grad, a_indices, b_indices, sum_indices):
            position = {tuple(row): k for k, row in enumerate(sum_indices.tolist())}

            def picked(indices):
                rows = [position.get(tuple(row), -1) for row in indices.tolist()]
                rows = np.array(rows, np.int64)
                out = np.zeros(rows.shape, grad.dtype)
                out[rows >= 0] = grad[rows[rows >= 0]]
                return out
            return picked(a_indices), picked(b_indices)
        return sparse_add_grad

    def samples(self, rng):
        """An entry of each operand found in the sum, one dropped from it."""
        return [OpSample(lambda g, a, b, s: make_op("SparseAddGrad", (g, a, b, s)).outputs,
                         np.array([1.0, 2.0, 3.0]), np.int64([[0, 1], [2, 2]]),
                         np.int64([[1, 1], [2, 2]]), np.int64([[0, 1], [1, 1], [2, 2]]),
                         reference=lambda g, a, b, s: [np.array([1.0, 3.0]),
                                                       np.array([2.0, 3.0])])]


def sparse_add(a, b, thresh=0, name=None, threshold=None):
    """``a + b``: two SparseTensors give a SparseTensor (entries in row-major order, those
    with ``|sum| < thresh`` dropped); a SparseTensor and a dense tensor give a dense tensor.

    >>> import autograd_engine as tf
    >>> a = tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0], [2, 2])
    >>> b = tf.SparseTensor([[1, 1], [0, 1]], [3.0, 4.0], [2, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.to_dense(tf.sparse_add(a, b))).tolist()
    [[1.0, 4.0], [0.0, 5.0]]
    """
    if threshold is not None:
        thresh = threshold
    a_sparse, b_sparse = is_sparse(a), is_sparse(b)
    if not (a_sparse or b_sparse):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add?")
    if a_sparse and b_sparse:
        a, b = convert_to_sparse_tensor(a), convert_to_sparse_tensor(b)
        thresh = convert_to_tensor(thresh, dtype=a.dtype)
        op = make_op("SparseAdd", (a.indices, a.values, a.dense_shape, b.indices, b.values,
                                   b.dense_shape, thresh), None, name)
        return SparseTensor(*op.outputs)
    sparse, dense = (convert_to_sparse_tensor(a), b) if a_sparse else \
        (convert_to_sparse_tensor(b), a)
    dense = convert_to_tensor(dense, dtype=sparse.dtype)
    # Repeated indices add up, as in TF1's SparseTensorDenseAdd.
    return dense + scatter_nd(sparse.indices, sparse.values, sparse.dense_shape)


# ------------------------------------------------------------------ reductions
def _reduction_axes(axis, reduction_axes):
    axes = reduction_axes if axis is None else axis
    if axes is None:
        return None
    return [int(a) for a in np.reshape(axes, -1)]


def sparse_reduce_sum(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
    """The sum of a SparseTensor's entries over ``axis`` (all by default), as a dense tensor.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1.0, 2.0, 3.0], [2, 3])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_reduce_sum(sp, axis=1)).tolist()
    [3.0, 3.0]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    # A scatter into the dense shape: repeated indices add up, the gradient reaches the values.
    dense = scatter_nd(sp_input.indices, sp_input.values, sp_input.dense_shape)
    dense.set_shape(sp_input.shape)
    return reduce_sum(dense, _reduction_axes(axis, reduction_axes), keepdims=keepdims)


@register
class SparseReduceSumSparse(OpDef):
    """The sum over ``reduction_axes`` as a SparseTensor: an entry for every group of input
    entries (in row-major order). Not differentiable, as in TF1."""
    type_name = "SparseReduceSumSparse"
    host_only = True
    differentiable = False

    def infer(self, op):
        indices, values, _ = op.inputs
        return [(dtypes.int64, TensorShape([None, None])), (values.dtype, TensorShape([None])),
                (dtypes.int64, TensorShape([None]))]

    def kernel(self, op, ctx):
        axes, keepdims = op.attrs["reduction_axes"], op.attrs["keep_dims"]

        def reduce_sparse(indices, values, dense_shape):
            rank = len(dense_shape)
            reduced = sorted({a % rank for a in (range(rank) if axes is None else axes)})
            kept = [d for d in range(rank) if d not in reduced]
            if keepdims:
                grouped = indices.copy()
                grouped[:, reduced] = 0
                shape = np.array(dense_shape)
                shape[reduced] = 1
            else:
                grouped, shape = indices[:, kept], np.array(dense_shape)[kept]
            merged_indices, merged, _ = merge_entries(grouped, values)
            return merged_indices, merged, shape.astype(np.int64)
        return reduce_sparse

    def samples(self, rng):
        """Rows of a matrix (an empty row has no entry), and every axis with keepdims."""
        def build(indices, values, axes, keepdims):
            out = sparse_reduce_sum_sparse(SparseTensor(indices, values, [3, 4]), axes, keepdims)
            return [out.indices, out.values, out.dense_shape]
        indices, values = np.int64([[0, 1], [0, 3], [2, 0]]), normal(rng, 3)
        return [OpSample(lambda i, v: build(i, v, 1, False), indices, values,
                         reference=lambda i, v: [np.int64([[0], [2]]), np.array([v[0] + v[1],
                                                                                  v[2]]),
                                                 np.int64([3])]),
                OpSample(lambda i, v: build(i, v, None, True), indices, values,
                         reference=lambda i, v: [np.int64([[0, 0]]), np.array([v.sum()]),
                                                 np.int64([1, 1])])]


def sparse_reduce_sum_sparse(sp_input, axis=None, keepdims=None, reduction_axes=None,
                             keep_dims=None):
    """:func:`sparse_reduce_sum` returning a SparseTensor (not differentiable, as in TF1)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    op = make_op("SparseReduceSumSparse", (sp_input.indices, sp_input.values,
                                           sp_input.dense_shape),
                 {"reduction_axes": _reduction_axes(axis, reduction_axes), "keep_dims": keepdims})
    return SparseTensor(*op.outputs)


# ------------------------------------------------------------------ softmax
@register
class SparseSoftmax(OpDef):
    """Softmax of a SparseTensor's values over its innermost dimension: each group of entries
    sharing all but the last index (missing entries take no part)."""
    type_name = "SparseSoftmax"
    host_only = True

    def infer(self, op):
        indices, values, _ = op.inputs
        return [(values.dtype, values.shape)]

    def kernel(self, op, ctx):
        def sparse_softmax_kernel(indices, values, dense_shape):
            if indices.shape[1] < 2:
                raise ValueError("Input should have rank >= 2, but received shape %s"
                                 % list(dense_shape))
            _, groups = np.unique(indices[:, :-1], axis=0, return_inverse=True)
            groups = groups.reshape(-1)
            count = int(groups.max()) + 1 if groups.size else 0
            top = np.full(count, -np.inf, values.dtype)
            np.maximum.at(top, groups, values)
            exp = np.exp(values - top[groups])
            total = np.zeros(count, values.dtype)
            np.add.at(total, groups, exp)
            return exp / total[groups]
        return sparse_softmax_kernel

    def gradient(self, op, grad):
        indices, _, dense_shape = op.inputs
        out = op.outputs[0]
        # TF1's rule: (grad - sum over the group of grad * out) * out.
        group_sums = reduce_sum(scatter_nd(indices, grad * out, dense_shape), -1)
        return [None, (grad - gather_nd(group_sums, indices[:, :-1])) * out, None]

    def samples(self, rng):
        """Rows with one, two and three entries; a batch of matrices."""
        def reference(indices, values):
            out = np.empty_like(values)
            for key in {tuple(r) for r in indices[:, :-1].tolist()}:
                members = np.all(indices[:, :-1] == key, axis=1)
                e = np.exp(values[members] - values[members].max())
                out[members] = e / e.sum()
            return out
        return [OpSample(lambda i, v, s=shape: sparse_softmax(SparseTensor(i, v, s)).values,
                         indices, normal(rng, len(indices)), reference=reference)
                for indices, shape in (
                    (np.int64([[0, 0], [1, 0], [1, 2], [2, 0], [2, 1], [2, 3]]), [3, 4]),
                    (np.int64([[0, 0, 1], [0, 0, 2], [1, 1, 0]]), [2, 2, 3]))]


def sparse_softmax(sp_input, name=None):
    """Softmax over the innermost dimension of a SparseTensor, entries missing from a row
    taking no part; the result has the same indices.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1.0, 1.0, 5.0], [2, 3])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_softmax(sp)).values.tolist()
    [0.5, 0.5, 1.0]
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    values = make_tensor("SparseSoftmax", (sp_input.indices, sp_input.values,
                                           sp_input.dense_shape), None, name)
    return SparseTensor(sp_input.indices, values, sp_input.dense_shape)


# ------------------------------------------------------------------ matmul
def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """``sp_a @ b`` for a rank-2 SparseTensor ``sp_a`` and a dense matrix ``b`` (``adjoint_*``
    transposes an operand first), in time proportional to ``sp_a``'s entries; gradients reach
    ``sp_a.values`` and ``b`` (the rows of ``b`` used, as IndexedSlices).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1], [1, 0]], [2.0, 3.0], [2, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_tensor_dense_matmul(sp, [[1.0, 0.0], [0.0, 1.0]])).tolist()
    [[0.0, 2.0], [3.0, 0.0]]
    """
    sp_a = convert_to_sparse_tensor(sp_a, "sp_a")
    b = convert_to_tensor(b, dtype=sp_a.dtype)
    if sp_a.shape.ndims not in (None, 2) or b.shape.ndims not in (None, 2):
        raise ValueError("sparse_tensor_dense_matmul needs rank-2 operands, got %s and %s"
                         % (sp_a.shape, b.shape))
    if adjoint_b:
        b = transpose(b)
    out_axis, in_axis = (1, 0) if adjoint_a else (0, 1)
    rows, columns = sp_a.indices[:, out_axis], sp_a.indices[:, in_axis]
    products = reshape(sp_a.values, [-1, 1]) * gather(b, columns)
    row_count = cast(sp_a.dense_shape[out_axis], dtypes.int64)
    out = unsorted_segment_sum(products, rows, row_count, name=name)
    out.set_shape(TensorShape([sp_a.shape[out_axis].value, b.shape[1].value]))
    return out


# ------------------------------------------------------------------ maximum / minimum
class _SparseSparseExtreme(OpDef):
    """The elementwise ``combine`` (maximum or minimum) of two SparseTensors of one shape (a
    missing entry counts as 0), on the union of their indices, in row-major order. Outputs:
    indices, values. Not differentiable, as in TF1."""
    host_only = True
    differentiable = False
    combine = None

    def infer(self, op):
        a_indices, a_values = op.inputs[:2]
        return [(dtypes.int64, TensorShape([None]).concatenate(a_indices.shape[1:])),
                (a_values.dtype, TensorShape([None]))]

    def kernel(self, op, ctx):
        combine = self.combine

        def sparse_extreme(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
            _check_same_shape(a_shape, b_shape)
            for indices, shape in ((a_indices, a_shape), (b_indices, b_shape)):
                check_sparse_indices(indices, shape)
            # An index in one operand only meets the other's implicit zero.
            union, _, _ = merge_entries(np.concatenate([a_indices, b_indices]),
                                        np.concatenate([a_values, b_values]))
            zeros = np.zeros(len(union), a_values.dtype)
            first = merge_entries(np.concatenate([union, a_indices]),
                                  np.concatenate([zeros, a_values]))[1]
            second = merge_entries(np.concatenate([union, b_indices]),
                                   np.concatenate([zeros, b_values]))[1]
            return union, combine(first, second)
        return sparse_extreme

    def samples(self, rng):
        """Overlapping and separate entries of both signs."""
        combine = self.combine

        def reference(ai, av, bi, bv):
            dense_a, dense_b = np.zeros((2, 3)), np.zeros((2, 3))
            dense_a[tuple(ai.T)], dense_b[tuple(bi.T)] = av, bv
            union = np.unique(np.concatenate([ai, bi]), axis=0)
            return [union, combine(dense_a, dense_b)[tuple(union.T)]]
        function = sparse_maximum if combine is np.maximum else sparse_minimum
        return [OpSample(lambda ai, av, bi, bv: (lambda out: [out.indices, out.values])(
            function(SparseTensor(ai, av, [2, 3]), SparseTensor(bi, bv, [2, 3]))),
            np.int64([[0, 1], [1, 2]]), np.array([-1.0, 2.0]), np.int64([[0, 1], [1, 0]]),
            np.array([0.5, -3.0]), reference=reference)]


@register
class SparseSparseMaximum(_SparseSparseExtreme):
    type_name = "SparseSparseMaximum"
    combine = np.maximum


@register
class SparseSparseMinimum(_SparseSparseExtreme):
    type_name = "SparseSparseMinimum"
    combine = np.minimum


def _sparse_extreme(type_name, sp_a, sp_b, name):
    sp_a, sp_b = convert_to_sparse_tensor(sp_a, "sp_a"), convert_to_sparse_tensor(sp_b, "sp_b")
    op = make_op(type_name, (sp_a.indices, sp_a.values, sp_a.dense_shape, sp_b.indices,
                             sp_b.values, sp_b.dense_shape), None, name)
    return SparseTensor(op.outputs[0], op.outputs[1], sp_a.dense_shape)


def sparse_maximum(sp_a, sp_b, name=None):
    """The elementwise maximum of two SparseTensors of one shape (missing entries are 0).

    >>> import autograd_engine as tf
    >>> a = tf.SparseTensor([[0, 0]], [-1.0], [1, 2])
    >>> b = tf.SparseTensor([[0, 1]], [2.0], [1, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_maximum(a, b)).values.tolist()
    [0.0, 2.0]
    """
    return _sparse_extreme("SparseSparseMaximum", sp_a, sp_b, name)


def sparse_minimum(sp_a, sp_b, name=None):
    """The elementwise minimum of two SparseTensors of one shape (missing entries are 0)."""
    return _sparse_extreme("SparseSparseMinimum", sp_a, sp_b, name)


__all__ = ["sparse_add", "sparse_reduce_sum", "sparse_reduce_sum_sparse", "sparse_softmax",
           "sparse_tensor_dense_matmul", "sparse_maximum", "sparse_minimum", "merge_entries",
           "summed_entries"]
