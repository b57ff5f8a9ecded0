"""Diagonals and bands, batched over leading dimensions as in TF1: eye, diag and diag_part,
matrix_diag, matrix_diag_part, matrix_set_diag, matrix_band_part and trace, with their
gradients."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, constant_op
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor
from .elementwise_unary_ops import cast
from .op_families import binary_operands, check_allowed_dtype, check_operand_dtypes_match
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand
from .shape_rules import dims_of_rank_at_least, merge_batches, merge_dim


# ------------------------------------------------------------------ eye, diag, diag_part
@register
class Eye(OpDef):
    type_name = "Eye"
    host_inputs = (0,)  # the shape, when given as a tensor (its only input)
    differentiable = False
    output_is_view = True  # a read-only broadcast view for batches

    def infer(self, op):
        dims = ShapeOperand.static_dims(op, 0)
        return [(op.attrs["dtype"], TensorShape(dims))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.attrs["dtype"].np_dtype

        def eye_kernel(dims):
            return xp.broadcast_to(xp.eye(dims[-2], dims[-1], dtype=dtype), dims)
        if op.attrs["shape"] is not None:  # built once per plan
            value = eye_kernel(op.attrs["shape"])
            return lambda: value
        return ShapeOperand.bind(op, 0, eye_kernel)

    def samples(self, rng):
        """Non-square, batched, int32, empty, and a batch shape fed at run time (a host
        input)."""
        def identity(rows, cols, batch=(), dtype=np.float32):
            out = np.zeros(tuple(batch) + (rows, cols), dtype)
            for i in range(min(rows, cols)):
                out[..., i, i] = 1
            return out
        return [OpSample(lambda: eye(2, 3), reference=lambda: identity(2, 3)),
                OpSample(lambda: eye(3, batch_shape=[2], dtype=dtypes.int32),
                         reference=lambda: identity(3, 3, [2], np.int32)),
                OpSample(lambda: eye(0, 2, dtype=dtypes.float64),
                         reference=lambda: identity(0, 2, dtype=np.float64)),
                OpSample(lambda batch: eye(3, 2, batch_shape=batch), np.array([2, 1], np.int32),
                         reference=lambda batch: identity(3, 2, batch))]


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (ones on the diagonal), optionally repeated over ``batch_shape``.

    >>> import autograd_engine as tf
    >>> tf.eye(2, 3, batch_shape=[4]).shape.as_list()
    [4, 2, 3]
    """
    num_columns = num_rows if num_columns is None else num_columns
    dims = [num_rows, num_columns]
    for d in dims:
        if not isinstance(d, TensorLike) and int(d) < 0:
            raise ValueError("eye dimensions must be non-negative, got %s" % (dims,))
    if isinstance(batch_shape, TensorLike):  # known at run time only
        batch_shape = cast(batch_shape, dtypes.int32)
        length = batch_shape.shape.as_tuple()
        if length is not None and len(length) == 1 and length[0] is not None:
            # One scalar per dimension keeps the static rows/columns visible in the shape.
            dims = [batch_shape[i] for i in range(length[0])] + dims
        else:
            dims = concat([batch_shape, constant_op.stack_values(dims, dtype=dtypes.int32)], 0)
    elif batch_shape is not None:
        dims = list(batch_shape) + dims
    extra, attrs = ShapeOperand.split(dims)
    attrs["dtype"] = dtypes.as_dtype(dtype)
    return make_tensor("Eye", extra, attrs, name or "eye")


@register
class Diag(OpDef):
    type_name = "Diag"

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        if dims is not None and not dims:
            raise ShapeInferenceError("Input must be at least rank 1, got 0")
        return [(op.inputs[0].dtype, TensorShape(None if dims is None else dims + dims))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def diag_kernel(x):
            n = x.size
            out = xp.zeros(n * n, dtype=x.dtype)
            out[::n + 1] = x.reshape(-1)
            return out.reshape(x.shape + x.shape)
        return diag_kernel

    def gradient(self, op, grad):
        return [diag_part(grad)]

    def samples(self, rng):
        """Rank 1 and 2 (``out[i, j, i, j]``), int32."""
        def reference(x):
            out = np.zeros(x.shape + x.shape, x.dtype)
            for index in np.ndindex(x.shape):
                out[index + index] = x[index]
            return out
        return [OpSample(diag, normal(rng, 3), reference=reference),
                OpSample(diag, normal(rng, 2, 3), reference=reference),
                OpSample(diag, rng.integers(-9, 9, 4).astype(np.int32), reference=reference)]


@register
class DiagPart(OpDef):
    type_name = "DiagPart"

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        if dims is None:
            return [(op.inputs[0].dtype, TensorShape(None))]
        if not dims or len(dims) % 2:
            raise ShapeInferenceError("Input must have even and non-zero rank, input rank is %d"
                                      % len(dims))
        half = len(dims) // 2
        out = []
        for a, b in zip(dims[:half], dims[half:]):
            if a is not None and b is not None and a != b:
                raise ShapeInferenceError("Dimensions must be equal, but are %d and %d" % (a, b))
            out.append(a if a is not None else b)
        return [(op.inputs[0].dtype, TensorShape(out))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def diag_part_kernel(x):
            half = x.shape[:x.ndim // 2]
            if half != x.shape[x.ndim // 2:]:
                raise ValueError("Invalid shape %s: the first half of the dimensions must equal "
                                 "the second half" % list(x.shape))
            n = int(np.prod(half))
            return xp.ascontiguousarray(x.reshape(n, n).diagonal()).reshape(half)
        return diag_part_kernel

    def gradient(self, op, grad):
        return [diag(grad)]

    def samples(self, rng):
        """Rank 2 and 4, int32."""
        def reference(x):
            half = x.shape[:x.ndim // 2]
            return np.array([x[index + index] for index in np.ndindex(half)],
                            x.dtype).reshape(half)
        return [OpSample(diag_part, normal(rng, 3, 3), reference=reference),
                OpSample(diag_part, normal(rng, 2, 3, 2, 3), reference=reference),
                OpSample(diag_part, rng.integers(-9, 9, (4, 4)).astype(np.int32),
                         reference=reference)]


def diag(diagonal, name=None):
    """A tensor with ``diagonal`` on its diagonal: rank k in, rank 2k out
    (``out[i, j, i, j] = diagonal[i, j]``).

    >>> import autograd_engine as tf
    >>> tf.diag(tf.ones([3])).shape.as_list()
    [3, 3]
    """
    return make_tensor("Diag", (convert_to_tensor(diagonal),), None, name)


def diag_part(input, name=None):  # noqa: A002 - TF1 argument name
    """The diagonal of ``input`` (rank 2k in, rank k out): the inverse of :func:`diag`.

    >>> import autograd_engine as tf
    >>> tf.diag_part(tf.ones([3, 3])).shape.as_list()
    [3]
    """
    return make_tensor("DiagPart", (convert_to_tensor(input),), None, name)


_BAND_INDEX_DTYPES = (dtypes.int32, dtypes.int64)


# ================================================================== band part
@register
class MatrixBandPart(OpDef):
    """Inputs: (input, num_lower, num_upper). Keeps the elements ``input[..., m, n]`` with
    ``m - n <= num_lower`` and ``n - m <= num_upper`` (a negative bound keeps the whole
    triangle), zeroing the rest."""
    type_name = "MatrixBandPart"
    host_inputs = (1, 2)  # the bounds, read by Python (TF1: HostMemory)

    def infer(self, op):
        x = op.inputs[0]
        dims_of_rank_at_least(x, 2)
        for name, bound in zip(("num_lower", "num_upper"), op.inputs[1:]):
            check_allowed_dtype(op, bound, name, _BAND_INDEX_DTYPES)
            if bound.shape.ndims not in (None, 0):
                raise ShapeInferenceError("Shape must be rank 0 but is rank %d" % bound.shape.ndims)
        return [(x.dtype, x.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def band_part(x, num_lower, num_upper):
            rows, cols = x.shape[-2:]
            lower, upper = int(num_lower), int(num_upper)
            if lower > rows:
                raise ValueError("num_lower must be negative or less or equal to number of rows "
                                 "(%d) got: %d" % (rows, lower))
            if upper > cols:
                raise ValueError("num_upper must be negative or less or equal to number of "
                                 "columns (%d) got: %d" % (cols, upper))
            row, col = xp.arange(rows)[:, None], xp.arange(cols)[None, :]
            keep = ((lower < 0) | (row - col <= lower)) & ((upper < 0) | (col - row <= upper))
            return xp.where(keep, x, xp.zeros((), x.dtype))
        return band_part

    def gradient(self, op, grad):
        _, num_lower, num_upper = op.inputs
        return [matrix_band_part(grad, num_lower, num_upper), None, None]

    def samples(self, rng):
        """A band, the lower and the upper triangle (negative bounds) of non-square and batched
        matrices, int32, and the bounds fed at run time (host inputs)."""
        def reference(x, num_lower, num_upper):
            # numpy counts diagonals as column - row: tril(x, k) keeps those <= k, triu >= k.
            kept = np.tril(x, num_upper) if num_upper >= 0 else x
            return np.triu(kept, -num_lower) if num_lower >= 0 else kept
        samples = [OpSample(lambda x, lo=lower, up=upper: matrix_band_part(x, lo, up),
                            values, reference=lambda x, lo=lower, up=upper: reference(x, lo, up))
                   for values, lower, upper in (
                       (normal(rng, 3, 4), 1, 0), (normal(rng, 2, 3, 3), -1, 0),
                       (normal(rng, 4, 2), 0, -1),
                       (rng.integers(-9, 9, (3, 3)).astype(np.int32), 0, 1))]
        samples.append(OpSample(matrix_band_part, normal(rng, 3, 4), np.int64(2), np.int64(1),
                                reference=reference))
        return samples


def _band_bound(value):
    if isinstance(value, TensorLike):
        return convert_to_tensor(value)
    return convert_to_tensor(value, dtype=dtypes.int64)


def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002 - TF1 argument name
    """The band of each matrix in ``input``: ``num_lower`` diagonals below the main one and
    ``num_upper`` above it are kept (a negative number keeps the whole triangle), the rest is
    zeroed. ``(-1, 0)`` is the lower triangle, ``(0, -1)`` the upper, ``(0, 0)`` the diagonal.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.matrix_band_part(tf.ones([3, 3]), 1, 0)).tolist()
    [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]
    """
    return make_tensor("MatrixBandPart", (convert_to_tensor(input), _band_bound(num_lower),
                                          _band_bound(num_upper)), None, name)


# ================================================================== diagonals
def _static_diagonal_offset(k):
    """``k``: one diagonal (an int; 0 is the main diagonal, positive above it)."""
    if isinstance(k, TensorLike):
        value = constant_value(convert_to_tensor(k))
        if value is None:
            raise TypeError("k must be known while building the graph (a Python int).")
        k = value
    if np.ndim(k) != 0:
        raise ValueError("Only a single diagonal is supported: k must be an integer, got %r "
                         "(bands of diagonals, k = (k0, k1), are not)" % (k,))
    return int(k)


def _diagonal_length(rows, cols, k):
    return min(rows + min(k, 0), cols - max(k, 0))


def _check_diagonal_offset(rows, cols, k, error):
    if rows is not None and cols is not None and k != 0 and not -rows < k < cols:
        raise error("k = %d is out of bounds for %dx%d matrices: it must be between %d and %d"
                    % (k, rows, cols, -rows + 1, cols - 1))


def _diagonal_index(xp, rows, cols, k):
    """The row and column indices of the elements of diagonal ``k`` of a rows x cols matrix."""
    steps = xp.arange(max(_diagonal_length(rows, cols, k), 0))
    return steps + max(-k, 0), steps + max(k, 0)


def _diag_matrix_size(length, k, num_rows, num_cols, error):
    """TF1's (MatrixDiagV2) size of the matrices holding a diagonal of ``length`` at offset
    ``k``: the smallest that fit, square when neither ``num_rows`` nor ``num_cols`` is given."""
    min_rows, min_cols = length + max(-k, 0), length + max(k, 0)
    if num_rows != -1 and num_rows < min_rows:
        raise error("The number of rows is too small: %d rows cannot hold diagonal %d of length "
                    "%d" % (num_rows, k, length))
    if num_cols != -1 and num_cols < min_cols:
        raise error("The number of columns is too small: %d columns cannot hold diagonal %d of "
                    "length %d" % (num_cols, k, length))
    if num_rows == -1 and num_cols == -1:
        return max(min_rows, min_cols), max(min_rows, min_cols)
    rows = min_rows if num_rows == -1 else num_rows
    cols = min_cols if num_cols == -1 else num_cols
    if rows != min_rows and cols != min_cols:
        raise error("The number of rows or columns is not consistent with the specified "
                    "d_lower, d_upper, and diagonal.")
    return rows, cols


@register
class MatrixDiag(OpDef):
    """Matrices holding ``diagonal`` (its last axis) on diagonal ``k`` and ``padding_value``
    elsewhere (attrs: k, num_rows, num_cols, padding_value)."""
    type_name = "MatrixDiag"

    def infer(self, op):
        d, attrs = op.inputs[0], op.attrs
        dims = dims_of_rank_at_least(d, 1)
        if dims is None:
            return [(d.dtype, TensorShape(None))]
        rows = None if attrs["num_rows"] == -1 else attrs["num_rows"]
        cols = None if attrs["num_cols"] == -1 else attrs["num_cols"]
        if dims[-1] is not None:
            rows, cols = _diag_matrix_size(dims[-1], attrs["k"], attrs["num_rows"],
                                           attrs["num_cols"], ShapeInferenceError)
        return [(d.dtype, TensorShape(dims[:-1] + (rows, cols)))]

    def kernel(self, op, ctx):
        xp, k, padding = ctx.xp, op.attrs["k"], op.attrs["padding_value"]
        num_rows, num_cols = op.attrs["num_rows"], op.attrs["num_cols"]

        def matrix_diag(d):
            rows, cols = _diag_matrix_size(d.shape[-1], k, num_rows, num_cols, ValueError)
            out = xp.full(d.shape[:-1] + (rows, cols), padding, dtype=d.dtype)
            i, j = _diagonal_index(xp, rows, cols, k)
            out[..., i, j] = d
            return out
        return matrix_diag

    def gradient(self, op, grad):
        return [matrix_diag_part(grad, k=op.attrs["k"])]

    def samples(self, rng):
        """Diagonals above and below the main one, a batch, sizes given by num_rows or
        num_cols, padding values, int32."""
        def build(k, num_rows, num_cols, padding):
            return lambda d: matrix_diag(d, k=k, num_rows=num_rows, num_cols=num_cols,
                                         padding_value=padding)

        def reference(d, k, size, padding):
            out = np.full(d.shape[:-1] + size, padding, d.dtype)
            for t, (i, j) in enumerate(_reference_diagonal(size, k)):
                out[..., i, j] = d[..., t]
            return out
        # (diagonal, k, num_rows, num_cols, padding_value, the matrices' size)
        return [OpSample(build(k, rows, cols, padding), d,
                         reference=lambda d, k=k, size=size, padding=padding:
                         reference(d, k, size, padding))
                for d, k, rows, cols, padding, size in (
                    (normal(rng, 3), 0, -1, -1, 0, (3, 3)),
                    (normal(rng, 2, 3), 1, -1, -1, 0, (4, 4)),
                    (normal(rng, 2), -1, 4, -1, 0.5, (4, 2)),
                    (rng.integers(-9, 9, (2, 2)).astype(np.int32), 0, -1, 3, 7, (2, 3)))]


def _reference_diagonal(size, k):
    """The (row, column) positions of diagonal ``k`` of a matrix of ``size``, in order, found by
    testing every position: the samples' independent reference."""
    return [(i, j) for i in range(size[0]) for j in range(size[1]) if j - i == k]


def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0):
    """A batch of matrices with ``diagonal`` (shape ``[..., N]``) on their diagonal ``k`` (0:
    the main one, positive: above it) and ``padding_value`` elsewhere. The matrices are square
    unless ``num_rows`` or ``num_cols`` is given. Bands of diagonals (a pair ``k``) are not
    supported.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.matrix_diag([[1, 2], [3, 4]])).tolist()
    [[[1, 0], [0, 2]], [[3, 0], [0, 4]]]
    """
    diagonal = convert_to_tensor(diagonal)
    attrs = {"k": _static_diagonal_offset(k), "num_rows": int(num_rows),
             "num_cols": int(num_cols),
             "padding_value": diagonal.dtype.np_dtype.type(padding_value)}
    return make_tensor("MatrixDiag", (diagonal,), attrs, name)


@register
class MatrixDiagPart(OpDef):
    """Diagonal ``k`` (attr) of each matrix: shape ``[..., L]``."""
    type_name = "MatrixDiagPart"

    def infer(self, op):
        x, k = op.inputs[0], op.attrs["k"]
        dims = dims_of_rank_at_least(x, 2)
        if dims is None:
            return [(x.dtype, TensorShape(None))]
        rows, cols = dims[-2:]
        _check_diagonal_offset(rows, cols, k, ShapeInferenceError)
        length = None if rows is None or cols is None else _diagonal_length(rows, cols, k)
        return [(x.dtype, TensorShape(dims[:-2] + (length,)))]

    def kernel(self, op, ctx):
        xp, k = ctx.xp, op.attrs["k"]

        def diag_part(x):
            rows, cols = x.shape[-2:]
            _check_diagonal_offset(rows, cols, k, ValueError)
            i, j = _diagonal_index(xp, rows, cols, k)
            return x[..., i, j]
        return diag_part

    def gradient(self, op, grad):
        x, k = op.inputs[0], op.attrs["k"]
        return [matrix_set_diag(array_ops.zeros_like(x), grad, k=k)]

    def samples(self, rng):
        """The main diagonal, one below and one above it, of non-square and batched matrices;
        int32."""
        def reference(x, k):
            return np.stack([x[..., i, j] for i, j in _reference_diagonal(x.shape[-2:], k)], -1)
        return [OpSample(lambda x, k=k: matrix_diag_part(x, k=k), x,
                         reference=lambda x, k=k: reference(x, k))
                for x, k in ((normal(rng, 3, 4), 0), (normal(rng, 2, 4, 3), -1),
                             (normal(rng, 3, 4), 2),
                             (rng.integers(-9, 9, (3, 3)).astype(np.int32), 1))]


def matrix_diag_part(input, name="diag_part", k=0, padding_value=0):  # noqa: A002
    """Diagonal ``k`` (0: the main one, positive: above it) of each matrix in the last two
    dimensions of ``input``. (``padding_value`` only matters for bands of diagonals, which are
    not supported.)

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.matrix_diag_part([[1, 2, 3], [4, 5, 6]])).tolist()
    [1, 5]
    """
    return make_tensor("MatrixDiagPart", (convert_to_tensor(input),),
                       {"k": _static_diagonal_offset(k)}, name)


@register
class MatrixSetDiag(OpDef):
    """Inputs: (input, diagonal). ``input`` with diagonal ``k`` (attr) replaced."""
    type_name = "MatrixSetDiag"

    def infer(self, op):
        x, d = op.inputs
        k = op.attrs["k"]
        check_operand_dtypes_match(op, x, d, ("input", "diagonal"))
        dims, diag_dims = dims_of_rank_at_least(x, 2), dims_of_rank_at_least(d, 1)
        if dims is None or diag_dims is None:
            return [(x.dtype, x.shape)]
        rows, cols = dims[-2:]
        _check_diagonal_offset(rows, cols, k, ShapeInferenceError)
        batch = merge_batches(dims[:-2], diag_dims[:-1])
        if rows is not None and cols is not None:
            merge_dim(_diagonal_length(rows, cols, k), diag_dims[-1],
                      "Dimensions must be equal, but are %d and %d")
        return [(x.dtype, TensorShape(batch + (rows, cols)))]

    def kernel(self, op, ctx):
        xp, k = ctx.xp, op.attrs["k"]

        def set_diag(x, d):
            rows, cols = x.shape[-2:]
            _check_diagonal_offset(rows, cols, k, ValueError)
            expected = x.shape[:-2] + (max(_diagonal_length(rows, cols, k), 0),)
            if d.shape != expected:
                raise ValueError("diagonal must have shape %s for input of shape %s, got %s"
                                 % (list(expected), list(x.shape), list(d.shape)))
            out = x.copy()
            i, j = _diagonal_index(xp, rows, cols, k)
            out[..., i, j] = d
            return out
        return set_diag

    def gradient(self, op, grad):
        k = op.attrs["k"]
        return [matrix_set_diag(grad, array_ops.zeros_like(op.inputs[1]), k=k),
                matrix_diag_part(grad, k=k)]

    def samples(self, rng):
        """The main diagonal of non-square and batched matrices, one above it, int32; the
        gradients of both inputs are checked."""
        def reference(x, d, k):
            out = x.copy()
            for t, (i, j) in enumerate(_reference_diagonal(x.shape[-2:], k)):
                out[..., i, j] = d[..., t]
            return out
        return [OpSample(lambda x, d, k=k: matrix_set_diag(x, d, k=k), x, d,
                         reference=lambda x, d, k=k: reference(x, d, k))
                for x, d, k in ((normal(rng, 3, 4), normal(rng, 3), 0),
                                (normal(rng, 2, 3, 2), normal(rng, 2, 2), 0),
                                (normal(rng, 3, 4), normal(rng, 2), 2),
                                (rng.integers(-9, 9, (3, 3)).astype(np.int32),
                                 rng.integers(-9, 9, 2).astype(np.int32), -1))]


def matrix_set_diag(input, diagonal, name="set_diag", k=0):  # noqa: A002 - TF1 argument name
    """``input`` with diagonal ``k`` (0: the main one) of each matrix replaced by
    ``diagonal``, whose shape is ``input``'s batch dimensions plus the diagonal's length.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.matrix_set_diag(tf.zeros([2, 2]), [1.0, 2.0])).tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """
    input, diagonal = binary_operands(input, diagonal)  # noqa: A001
    return make_tensor("MatrixSetDiag", (input, diagonal), {"k": _static_diagonal_offset(k)},
                       name)


def trace(x, name=None):
    """The sum of the main diagonal of each matrix in the last two dimensions of ``x``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.trace([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])).tolist()
    [5, 13]
    """
    with name_scope(name, "Trace", [x]) as scope:
        return reduce_sum(matrix_diag_part(convert_to_tensor(x)), [-1], name=scope)
