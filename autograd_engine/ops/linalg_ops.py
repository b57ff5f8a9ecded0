"""Linear algebra, batched over leading dimensions as in TF1: inverse, determinants, Cholesky,
linear and triangular solves, band parts, diagonals, trace, cross products and matrix
transposes, with TF1's gradients.

The decompositions accept float32 and float64 (TF1's CPU kernels). As in TF1.15 the solves do
not broadcast: ``matrix`` and ``rhs`` must have the same batch dimensions. A singular input
fails the run with TF1's InvalidArgumentError ("Input is not invertible.").
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .constant_op import constant_value, convert_to_tensor
from .math_ops import _binary_operands, log, matmul, reduce_sum
from .registry import OpDef, make_op, make_tensor, register

_DECOMPOSABLE = (dtypes.float32, dtypes.float64)
_BAND_INDEX_DTYPES = (dtypes.int32, dtypes.int64)


# ================================================================== shape and dtype rules
def _check_dtype(op, tensor, parameter, allowed=_DECOMPOSABLE):
    if tensor.dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s (op '%s')" % (parameter, tensor.dtype.name,
                                                  ", ".join(d.name for d in allowed), op.type))


def _check_same_dtype(op, first, second, names):
    if first.dtype != second.dtype:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                        "argument '%s'." % (names[1], op.type, second.dtype.name,
                                            first.dtype.name, names[0]))


def _dims_of_rank_at_least(tensor, rank):
    """The static dims of ``tensor`` (None when its rank is unknown), at least ``rank`` of
    them."""
    dims = tensor.shape.as_tuple()
    if dims is not None and len(dims) < rank:
        raise ShapeInferenceError("Shape must be at least rank %d but is rank %d"
                                  % (rank, len(dims)))
    return dims


def _merge_dim(a, b, message):
    if a is not None and b is not None and a != b:
        raise ShapeInferenceError(message % (a, b))
    return a if a is not None else b


def _square_dims(tensor):
    """The static dims of a (batch of) square matrices, the last two merged; None when the rank
    is unknown."""
    dims = _dims_of_rank_at_least(tensor, 2)
    if dims is None:
        return None
    n = _merge_dim(dims[-2], dims[-1], "Dimensions must be equal, but are %d and %d")
    return dims[:-2] + (n, n)


def _merge_batches(a, b):
    """The batch dims (all but the last two) shared by two static shapes, TF1's Merge."""
    if len(a) != len(b):
        raise ShapeInferenceError("Shapes must be equal rank, but are %d and %d" % (len(a), len(b)))
    return tuple(_merge_dim(x, y, "Dimension %d in both shapes must be equal, but are %%d and %%d"
                            % i) for i, (x, y) in enumerate(zip(a, b)))


def _check_same_batch(matrix, rhs):
    """numpy would broadcast batch dimensions that TF1.15's solves require to be equal."""
    if matrix.shape[:-2] != rhs.shape[:-2]:
        raise ValueError("matrix and rhs must have the same batch dimensions, got %s and %s"
                         % (list(matrix.shape[:-2]), list(rhs.shape[:-2])))


def _swap_last_two(xp, x):
    return xp.swapaxes(x, -1, -2)


def _not_invertible(op):
    return errors.InvalidArgumentError(None, op, "Input is not invertible.%s"
                                       % op.creation_site())


def _with_two_axes(t):
    """``t`` with two trailing axes of size 1, to scale a batch of matrices per matrix."""
    return array_ops.expand_dims(array_ops.expand_dims(t, -1), -1)


# ================================================================== inverse and determinants
class _SquareToSquare(OpDef):
    """Shape rule of the ops mapping a batch of square float matrices to one of the same shape
    (MatrixInverse, Cholesky)."""

    def infer(self, op):
        x = op.inputs[0]
        _check_dtype(op, x, "input")
        return [(x.dtype, TensorShape(_square_dims(x)))]


@register
class MatrixInverse(_SquareToSquare):
    type_name = "MatrixInverse"

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]

        def inverse(x):
            try:
                return xp.linalg.inv(_swap_last_two(xp, x) if adjoint else x)
            except np.linalg.LinAlgError:
                raise _not_invertible(op) from None
        return inverse

    def gradient(self, op, grad):
        # B = inv(A): dB = -B dA B, so dL/dA = -B^T G B^T; with adjoint, B = inv(A^T) and
        # dL/dA is the transpose of that: -B G^T B.
        b = op.outputs[0]
        if op.attrs["adjoint"]:
            return [-matmul(b, matmul(grad, b, transpose_a=True))]
        return [-matmul(b, matmul(grad, b, transpose_b=True), transpose_a=True)]


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002 - TF1 argument name
    """The inverse of each square matrix in the last two dimensions of ``input`` (of its
    transpose with ``adjoint``). A singular matrix fails the run: "Input is not invertible."

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return make_tensor("MatrixInverse", (convert_to_tensor(input),), {"adjoint": bool(adjoint)},
                       name)


@register
class MatrixDeterminant(OpDef):
    type_name = "MatrixDeterminant"

    def infer(self, op):
        x = op.inputs[0]
        _check_dtype(op, x, "input")
        dims = _square_dims(x)
        return [(x.dtype, TensorShape(None if dims is None else dims[:-2]))]

    def kernel(self, op, ctx):
        return ctx.xp.linalg.det

    def gradient(self, op, grad):
        # d det(A) / dA = det(A) inv(A)^T (TF1's formula; undefined for singular A, as there).
        a, det = op.inputs[0], op.outputs[0]
        return [_with_two_axes(grad * det) * matrix_inverse(a, adjoint=True)]


def matrix_determinant(input, name=None):  # noqa: A002 - TF1 argument name
    """The determinant of each square matrix in the last two dimensions of ``input``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.det([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 3.0]]])).tolist()
    [-2.0, 6.0]
    """
    return make_tensor("MatrixDeterminant", (convert_to_tensor(input),), None, name)


@register
class LogMatrixDeterminant(OpDef):
    """Two outputs: the sign of the determinant and the log of its absolute value."""
    type_name = "LogMatrixDeterminant"

    def infer(self, op):
        x = op.inputs[0]
        _check_dtype(op, x, "input")
        dims = _square_dims(x)
        batch = TensorShape(None if dims is None else dims[:-2])
        return [(x.dtype, batch), (x.dtype, batch)]

    def kernel(self, op, ctx):
        slogdet = ctx.xp.linalg.slogdet
        return lambda x: tuple(slogdet(x))

    def gradient(self, op, grad_sign, grad_log_abs):
        # The sign is piecewise constant; d log|det A| / dA = inv(A)^T.
        if grad_log_abs is None:
            return [None]
        return [_with_two_axes(grad_log_abs) * matrix_inverse(op.inputs[0], adjoint=True)]


def log_matrix_determinant(input, name=None):  # noqa: A002 - TF1 argument name
    """``(sign, log_abs_determinant)`` of each square matrix in the last two dimensions of
    ``input``: the determinant is ``sign * exp(log_abs_determinant)``, without overflow. A
    singular matrix gives ``(0, -inf)``.

    >>> import autograd_engine as tf
    >>> sign, log_abs = tf.linalg.slogdet([[0.0, 2.0], [3.0, 0.0]])
    >>> with tf.Session() as sess:
    ...     [round(float(v), 4) for v in sess.run([sign, log_abs])]
    [-1.0, 1.7918]
    """
    return tuple(make_op("LogMatrixDeterminant", (convert_to_tensor(input),), None,
                         name).outputs)


# ================================================================== Cholesky
@register
class Cholesky(_SquareToSquare):
    """The lower-triangular L with ``L L^T = input``; only the lower triangle of the input is
    read (as in TF1 and LAPACK)."""
    type_name = "Cholesky"

    def kernel(self, op, ctx):
        factor = ctx.xp.linalg.cholesky

        def cholesky(x):
            try:
                return factor(x)
            except np.linalg.LinAlgError:
                raise errors.InvalidArgumentError(
                    None, op, "Cholesky decomposition was not successful. The input might not "
                    "be valid.%s" % op.creation_site()) from None
        return cholesky

    def gradient(self, op, grad):
        # TF1's _CholeskyGrad: the symmetrized equation 10 of Murray (2016), "Differentiation
        # of the Cholesky decomposition".
        l_factor = op.outputs[0]
        identity = matrix_diag(array_ops.ones_like(matrix_diag_part(l_factor)))
        l_inverse = matrix_triangular_solve(l_factor, identity)
        middle = matmul(l_factor, grad, transpose_a=True)
        middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
        middle = matrix_band_part(middle, -1, 0)
        grad_a = matmul(matmul(l_inverse, middle, transpose_a=True), l_inverse)
        grad_a += matrix_transpose(grad_a)
        return [grad_a * 0.5]


def cholesky(input, name=None):  # noqa: A002 - TF1 argument name
    """The Cholesky factor of each symmetric positive-definite matrix in the last two
    dimensions of ``input``: lower-triangular L with ``L @ L^T = input``. Only the lower
    triangle of ``input`` is read. A matrix that is not positive definite fails the run.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cholesky([[4.0, 2.0], [2.0, 5.0]])).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    return make_tensor("Cholesky", (convert_to_tensor(input),), None, name)


# ================================================================== solves
def _solve_shape(op):
    """TF1's MatrixSolveShapeFn: a square (batch of) ``matrix``, an ``rhs`` with as many rows
    and the same batch dimensions; the result has ``rhs``'s shape."""
    matrix, rhs = op.inputs
    _check_dtype(op, matrix, "matrix")
    _check_same_dtype(op, matrix, rhs, ("matrix", "rhs"))
    square, dims = _square_dims(matrix), _dims_of_rank_at_least(rhs, 2)
    if square is None or dims is None:
        return [(matrix.dtype, TensorShape(dims))]
    batch = _merge_batches(square[:-2], dims[:-2])
    rows = _merge_dim(square[-2], dims[-2], "Dimensions must be equal, but are %d and %d")
    return [(matrix.dtype, TensorShape(batch + (rows, dims[-1])))]


def _solve_grads(op, grad, solve_transposed):
    """TF1's gradient of ``C = solve(A, B)`` (adjoint: of ``solve(A^T, B)``): ``dB`` solves the
    transposed system for the output gradient and ``dA = -dB C^T`` (adjoint: ``-C dB^T``).
    ``solve_transposed(a, g)`` is that transposed solve."""
    a, c, adjoint = op.inputs[0], op.outputs[0], op.attrs["adjoint"]
    grad_b = solve_transposed(a, grad)
    if adjoint:
        grad_a = -matmul(c, grad_b, transpose_b=True)
    else:
        grad_a = -matmul(grad_b, c, transpose_b=True)
    return grad_a, grad_b


@register
class MatrixSolve(OpDef):
    type_name = "MatrixSolve"

    def infer(self, op):
        return _solve_shape(op)

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]

        def solve(matrix, rhs):
            _check_same_batch(matrix, rhs)
            try:
                return xp.linalg.solve(_swap_last_two(xp, matrix) if adjoint else matrix, rhs)
            except np.linalg.LinAlgError:
                raise errors.InvalidArgumentError(None, op, "Input matrix is not invertible.%s"
                                                  % op.creation_site()) from None
        return solve

    def gradient(self, op, grad):
        adjoint = op.attrs["adjoint"]
        return list(_solve_grads(op, grad, lambda a, g: matrix_solve(a, g, adjoint=not adjoint)))


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """The solution X of ``matrix @ X = rhs`` (``matrix^T @ X = rhs`` with ``adjoint``) for each
    square matrix in the batch; ``rhs`` has shape ``[..., M, K]``. A singular matrix fails the
    run.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.solve([[2.0, 0.0], [0.0, 4.0]], [[2.0], [2.0]])).tolist()
    [[1.0], [0.5]]
    """
    matrix, rhs = _binary_operands(matrix, rhs)
    return make_tensor("MatrixSolve", (matrix, rhs), {"adjoint": bool(adjoint)}, name)


@register
class MatrixTriangularSolve(OpDef):
    """Solves with the lower (or upper) triangle of ``matrix``; the other triangle is never
    read. A zero on the diagonal fails the run, as in TF1."""
    type_name = "MatrixTriangularSolve"

    def infer(self, op):
        return _solve_shape(op)

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]
        triangle = xp.tril if op.attrs["lower"] else xp.triu
        checked = not ctx.on_device  # TF1's GPU kernel gives inf/nan, reading nothing back

        def triangular_solve(matrix, rhs):
            _check_same_batch(matrix, rhs)
            a = triangle(matrix)
            if checked and not xp.diagonal(a, axis1=-2, axis2=-1).all():
                raise errors.InvalidArgumentError(None, op, "Input matrix is not invertible.%s"
                                                  % op.creation_site())
            return xp.linalg.solve(_swap_last_two(xp, a) if adjoint else a, rhs)
        return triangular_solve

    def gradient(self, op, grad):
        lower, adjoint = op.attrs["lower"], op.attrs["adjoint"]
        grad_a, grad_b = _solve_grads(op, grad, lambda a, g: matrix_triangular_solve(
            a, g, lower=lower, adjoint=not adjoint))
        # Only the triangle that was read has a gradient.
        return [matrix_band_part(grad_a, -1, 0) if lower else matrix_band_part(grad_a, 0, -1),
                grad_b]


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """The solution X of ``T @ X = rhs`` (``T^T @ X = rhs`` with ``adjoint``), where T is the
    lower (``lower=True``) or upper triangle of each matrix in ``matrix``; the other triangle
    is not read.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.triangular_solve([[2.0, 9.0], [1.0, 1.0]], [[2.0], [3.0]])).tolist()
    [[1.0], [2.0]]
    """
    matrix, rhs = _binary_operands(matrix, rhs)
    return make_tensor("MatrixTriangularSolve", (matrix, rhs),
                       {"lower": bool(lower), "adjoint": bool(adjoint)}, name)


def cholesky_solve(chol, rhs, name=None):
    """The solution X of ``A @ X = rhs`` given A's Cholesky factor ``chol``
    (``tf.cholesky(A)``): two triangular solves.

    >>> import autograd_engine as tf
    >>> chol = tf.cholesky([[4.0, 2.0], [2.0, 5.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.cholesky_solve(chol, [[6.0], [7.0]])).tolist()
    [[1.0], [1.0]]
    """
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        y = matrix_triangular_solve(chol, rhs, lower=True, adjoint=False)
        return matrix_triangular_solve(chol, y, lower=True, adjoint=True)


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
        _dims_of_rank_at_least(x, 2)
        for name, bound in zip(("num_lower", "num_upper"), op.inputs[1:]):
            _check_dtype(op, bound, name, _BAND_INDEX_DTYPES)
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
        dims = _dims_of_rank_at_least(d, 1)
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
        dims = _dims_of_rank_at_least(x, 2)
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
        _check_same_dtype(op, x, d, ("input", "diagonal"))
        dims, diag_dims = _dims_of_rank_at_least(x, 2), _dims_of_rank_at_least(d, 1)
        if dims is None or diag_dims is None:
            return [(x.dtype, x.shape)]
        rows, cols = dims[-2:]
        _check_diagonal_offset(rows, cols, k, ShapeInferenceError)
        batch = _merge_batches(dims[:-2], diag_dims[:-1])
        if rows is not None and cols is not None:
            _merge_dim(_diagonal_length(rows, cols, k), diag_dims[-1],
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


def matrix_set_diag(input, diagonal, name="set_diag", k=0):  # noqa: A002 - TF1 argument name
    """``input`` with diagonal ``k`` (0: the main one) of each matrix replaced by
    ``diagonal``, whose shape is ``input``'s batch dimensions plus the diagonal's length.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.matrix_set_diag(tf.zeros([2, 2]), [1.0, 2.0])).tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """
    input, diagonal = _binary_operands(input, diagonal)  # noqa: A001
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


# ================================================================== transposes, products
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transposes the last two dimensions of ``a`` (a batch of matrices). ``conjugate``
    changes nothing for the real dtypes this engine computes with.

    >>> import autograd_engine as tf
    >>> tf.matrix_transpose(tf.zeros([5, 2, 3])).shape.as_list()
    [5, 3, 2]
    """
    a = convert_to_tensor(a)
    if conjugate and a.dtype.is_complex:
        raise TypeError("matrix_transpose(conjugate=True) of a complex tensor needs tf.conj, "
                        "which this engine does not provide.")
    ndims = a.shape.ndims
    if ndims is None:
        raise ValueError("matrix_transpose needs a tensor of known rank, got shape %s"
                         % a.shape.bracketed())
    if ndims < 2:
        raise ValueError("Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: %s"
                         % a.shape)
    perm = list(range(ndims - 2)) + [ndims - 1, ndims - 2]
    return array_ops.transpose(a, perm, name=name)


def adjoint(matrix, name=None):
    """The conjugate transpose of each matrix in the last two dimensions of ``matrix``: its
    transpose, for the real dtypes.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.adjoint([[1.0, 2.0], [3.0, 4.0]])).tolist()
    [[1.0, 3.0], [2.0, 4.0]]
    """
    return matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """The matrix-vector product ``a @ b`` for a (batch of) matrices ``a`` and vectors ``b``
    (its last axis).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0])).tolist()
    [3.0, 7.0]
    """
    with name_scope(name, "MatVec", [a, b]):
        a, b = _binary_operands(a, b)
        product = matmul(a, array_ops.expand_dims(b, -1), transpose_a=transpose_a,
                         adjoint_a=adjoint_a)
        return array_ops.squeeze(product, axis=-1)


def logdet(matrix, name=None):
    """The log of the determinant of each symmetric positive-definite matrix in ``matrix``,
    ``2 * sum(log(diag(cholesky(matrix))))``: stable where the determinant would overflow.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.linalg.logdet([[4.0, 2.0], [2.0, 5.0]]))), 4)
    2.7726
    """
    with name_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        return 2.0 * reduce_sum(log(matrix_diag_part(chol)), axis=[-1])


@register
class Cross(OpDef):
    """The cross product of 3-vectors along the last axis; ``a`` and ``b`` have the same shape
    (no broadcasting, as in TF1)."""
    type_name = "Cross"

    def infer(self, op):
        a, b = op.inputs
        _check_same_dtype(op, a, b, ("a", "b"))
        if a.dtype.is_bool:
            raise TypeError("Op 'Cross' does not accept inputs of type bool.")
        dims_a, dims_b = _dims_of_rank_at_least(a, 1), _dims_of_rank_at_least(b, 1)
        if dims_a is None or dims_b is None:
            dims = dims_a if dims_b is None else dims_b
        else:
            dims = _merge_batches(dims_a, dims_b)
        if dims is None:
            return [(a.dtype, TensorShape(None))]
        if dims[-1] not in (None, 3):
            raise ShapeInferenceError("Dimension must be 3 but is %d" % dims[-1])
        return [(a.dtype, TensorShape(dims[:-1] + (3,)))]

    def kernel(self, op, ctx):
        return ctx.xp.cross

    def gradient(self, op, grad):
        a, b = op.inputs
        return [cross(b, grad), cross(grad, a)]


def cross(a, b, name=None):
    """The cross product of the 3-vectors in the last axis of ``a`` and ``b`` (same shapes).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    a, b = _binary_operands(a, b)
    return make_tensor("Cross", (a, b), None, name)


__all__ = ["adjoint", "cholesky", "cholesky_solve", "cross", "log_matrix_determinant", "logdet",
           "matrix_band_part", "matrix_determinant", "matrix_diag", "matrix_diag_part",
           "matrix_inverse", "matrix_set_diag", "matrix_solve", "matrix_transpose",
           "matrix_triangular_solve", "matvec", "trace"]
